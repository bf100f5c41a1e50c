import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers.js';
import { zipEntries } from './zip.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

// `npm run package` is "npm run build && vsce package … -o daemonless.vsix".
const [buildStep, packageStep] = String(pkg.scripts.package).split(' && ');
const packageArgs = packageStep.split(' ');

test('npm run package builds, then packages with vsce, offline and without dependencies, into daemonless.vsix', () => {
  assert.equal(buildStep, 'npm run build');
  assert.equal(packageArgs[0], 'vsce');
  assert.equal(packageArgs[1], 'package');
  assert.ok(packageArgs.includes('--no-dependencies'));
  // The package has no public repository: vsce must neither ask for one nor rewrite README links into it.
  assert.ok(packageArgs.includes('--allow-missing-repository'));
  assert.ok(packageArgs.includes('--no-rewrite-relative-links'));
  assert.deepEqual(packageArgs.slice(-2), ['-o', 'daemonless.vsix']);
  assert.equal(pkg.bin.daemonless, 'dist/cli.js', 'the form npm publish keeps as it is (npm pkg fix)');
});

test('the manifest holds no placeholder links', () => {
  const { contributes: _, ...manifest } = pkg;
  assert.doesNotMatch(JSON.stringify(manifest), /example\.(invalid|com|org|net)|localhost|127\.0\.0\.1|placeholder/i);
  for (const field of ['repository', 'homepage', 'bugs']) {
    if (pkg[field] === undefined) continue;
    const url = typeof pkg[field] === 'string' ? pkg[field] : pkg[field].url;
    assert.match(url, /^(git\+)?https:\/\//, `${field} is a real URL or absent`);
  }
});

test('the icon is the 128x128 PNG that scripts/icon.mjs draws', () => {
  assert.equal(pkg.icon, 'images/icon.png');
  const png = readFileSync(join(repoRoot, pkg.icon));
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  const check = (path?: string) => spawnSync(process.execPath, ['scripts/icon.mjs', '--check', ...(path ? [path] : [])], { cwd: repoRoot, encoding: 'utf8' });
  const r = check();
  assert.equal(r.status, 0, r.stderr);
  // The check compares pixels, so another image fails it.
  const other = check(join('docs', 'images', 'vscode-status-bar.png'));
  assert.equal(other.status, 1);
  assert.match(other.stderr, /is not the drawn icon/);
});

// Runs the packaging step itself (vsce over the dist/ that `npm test` built; rebuilding here would race
// the other CLI tests that spawn dist/cli.js) and checks the archive against the allow-list.
test('the .vsix holds what the extension loads: client and server bundles, rule docs, grammar, icon, README and its screenshots', () => {
  for (const bundle of ['client.js', 'server.js']) {
    assert.ok(existsSync(join(repoRoot, 'dist', bundle)), `dist/${bundle} is missing: run "npm run build" first`);
  }
  const out = join(mkdtempSync(join(tmpdir(), 'daemonless-vsix-')), 'daemonless.vsix');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, ...packageArgs.slice(1, -2), '-o', out], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /WARNING/, 'vsce packages without warnings');
  const entries = zipEntries(out);
  for (const required of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/images/icon.png', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt']) {
    assert.ok(entries.some((e) => e.toLowerCase() === required.toLowerCase()), `${required} in ${entries.join(', ')}`);
  }
  const docs = readdirSync(join(repoRoot, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
  assert.ok(docs.length > 0);
  for (const page of docs) assert.ok(entries.includes(`extension/docs/rules/${page}`), `docs/rules/${page} packaged`);
  // A refused rewrite's explanation links to the rewrite page.
  assert.ok(entries.includes('extension/docs/rewrite.md'), 'docs/rewrite.md packaged');
  const grammars = readdirSync(join(repoRoot, 'syntaxes'));
  for (const grammar of grammars) assert.ok(entries.includes(`extension/syntaxes/${grammar}`), `syntaxes/${grammar} packaged`);
  // The Extensions view renders the README from the package, so the screenshots it shows ship with it.
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const screenshots = [...readme.matchAll(/!\[[^\]]*\]\((docs\/images\/[^)]+)\)/g)].map((m) => m[1]);
  assert.ok(screenshots.length > 0);
  for (const image of screenshots) assert.ok(entries.includes(`extension/${image}`), `${image} packaged`);

  const forbidden = entries.filter((e) => /^extension\/(server\/src|client\/src|test|node_modules|examples|scripts|\.ci)\//.test(e) || e.endsWith('.map') || e.endsWith('.ts'));
  assert.deepEqual(forbidden, []);
  // The command-line bundle is for the npm package; the extension never loads it, nor the developer docs.
  for (const unused of ['extension/dist/cli.js', 'extension/docs/performance.md', 'extension/docs/architecture.md']) {
    assert.ok(!entries.includes(unused), `${unused} is not packaged`);
  }
  const unreferencedImages = entries.filter((e) => e.startsWith('extension/docs/images/') && !screenshots.includes(e.slice('extension/'.length)));
  assert.deepEqual(unreferencedImages, [], 'only the screenshots README shows');
  const outside = entries.filter((e) => !/^extension\/(dist|docs\/rules|docs\/images|syntaxes|images)\/[^/]+$/.test(e) && !/^extension\/[^/]+$/.test(e) && e !== 'extension/docs/rewrite.md' && !/^(extension\.vsixmanifest|\[Content_Types\]\.xml)$/.test(e));
  assert.deepEqual(outside, [], 'only allow-listed folders');
  assert.deepEqual(entries.filter((e) => e.startsWith('extension/dist/')).sort(), ['extension/dist/client.js', 'extension/dist/server.js']);
});
