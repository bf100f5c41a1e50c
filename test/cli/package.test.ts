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
  assert.deepEqual(packageArgs.slice(-2), ['-o', 'daemonless.vsix']);
  assert.equal(pkg.bin.daemonless, './dist/cli.js');
});

// Runs the packaging step itself (vsce over the dist/ that `npm test` built; rebuilding here would race
// the other CLI tests that spawn dist/cli.js) and checks the archive against the allow-list.
test('the .vsix holds the bundles, rule docs and grammar, and no sources, tests or source maps', () => {
  for (const bundle of ['client.js', 'server.js', 'cli.js']) {
    assert.ok(existsSync(join(repoRoot, 'dist', bundle)), `dist/${bundle} is missing: run "npm run build" first`);
  }
  const out = join(mkdtempSync(join(tmpdir(), 'daemonless-vsix-')), 'daemonless.vsix');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, ...packageArgs.slice(1, -2), '-o', out], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const entries = zipEntries(out);
  for (const required of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt']) {
    assert.ok(entries.some((e) => e.toLowerCase() === required.toLowerCase()), `${required} in ${entries.join(', ')}`);
  }
  const docs = readdirSync(join(repoRoot, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
  assert.ok(docs.length > 0);
  for (const page of docs) assert.ok(entries.includes(`extension/docs/rules/${page}`), `docs/rules/${page} packaged`);
  const forbidden = entries.filter((e) => /^extension\/(server\/src|client\/src|test|node_modules|examples|scripts|\.ci)\//.test(e) || e.endsWith('.map') || e.endsWith('.ts'));
  assert.deepEqual(forbidden, []);
  const outside = entries.filter((e) => !/^extension\/(dist|docs|syntaxes)\//.test(e) && !/^extension\/[^/]+$/.test(e) && !/^(extension\.vsixmanifest|\[Content_Types\]\.xml)$/.test(e));
  assert.deepEqual(outside, [], 'only allow-listed folders');
});
