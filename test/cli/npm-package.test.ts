// The npm package as a user gets it: `npm pack` in a copy of the repository without dist/ (as in a fresh
// clone, so prepack must build), then `npm install -g` of the tarball into a scratch prefix, offline, and
// the installed `daemonless` command run on examples/.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TestClient, fileUri } from '../lsp/lsp-client.js';
import { repoRoot, runCli } from './helpers.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'daemonless-npm-'));
const clone = join(work, 'clone');
const prefix = join(work, 'prefix');
const installed = join(prefix, 'lib', 'node_modules', pkg.name);
const bin = join(prefix, 'bin', 'daemonless');

// npm with its cache in the scratch folder, offline, without prompts, audits or update checks: nothing is
// written outside `work` and nothing is fetched (the CI machine runs this as root with CI=true).
const npmEnv = {
  ...process.env,
  npm_config_cache: join(work, 'cache'),
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_yes: 'true',
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
};

function npm(args: string[], cwd: string) {
  const options: SpawnSyncOptions = { cwd, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] };
  const r = spawnSync('npm', args, options) as { status: number | null; stdout: string; stderr: string };
  assert.equal(r.status, 0, `npm ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** What .gitignore leaves out of a clone (build output, installed packages, editor-test tools). */
function ignoredByGit(): (name: string) => boolean {
  const patterns = readFileSync(join(repoRoot, '.gitignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim().replace(/\/$/, ''))
    .filter((l) => l && !l.startsWith('#'));
  return (name) => name === '.git' || patterns.some((p) => (p.startsWith('*') ? name.endsWith(p.slice(1)) : name === p));
}

let packed: { filename: string; files: { path: string }[] };

before(() => {
  const ignored = ignoredByGit();
  cpSync(repoRoot, clone, { recursive: true, filter: (src) => src === repoRoot || !ignored(basename(src)) });
  assert.ok(!existsSync(join(clone, 'dist')), 'the copy starts without dist/');
  // The build tools come from the repository's installed dev dependencies.
  symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(clone, 'node_modules'), 'dir');
  const out = npm(['pack', '--json', '--pack-destination', work], clone);
  // Lifecycle output may precede npm's JSON report.
  [packed] = JSON.parse(out.slice(out.indexOf('[\n')));
  npm(['install', '--global', '--prefix', prefix, '--offline', join(work, packed.filename)], work);
});

after(() => rmSync(work, { recursive: true, force: true }));

test('npm pack builds first (prepack) and ships the CLI and server bundles, the rule pages, README and LICENSE only', () => {
  assert.equal(pkg.scripts.prepack, 'npm run build');
  const files = packed.files.map((f) => f.path).sort();
  const rulePages = readdirSync(join(repoRoot, 'docs', 'rules')).filter((f) => f.endsWith('.md')).map((f) => `docs/rules/${f}`);
  assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/cli.js', 'dist/server.js', ...rulePages, 'package.json'].sort());
});

test('installing the tarball pulls no dependencies: everything the bundles need is inside them', () => {
  assert.equal(pkg.dependencies, undefined, 'the bundled packages are dev dependencies');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies, undefined);
  assert.ok(!existsSync(join(installed, 'node_modules')), 'no node_modules inside the installed package');
  assert.deepEqual(readdirSync(join(prefix, 'lib', 'node_modules')), [pkg.name]);
});

test('the installed daemonless lints examples/ as the repository build does, and exits 1 on its errors', () => {
  assert.ok(existsSync(bin), `${bin} is installed`);
  const run = (args: string[]) => spawnSync(bin, args, { cwd: repoRoot, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  const version = run(['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);

  const text = run(['lint', 'examples']);
  assert.equal(text.status, 1, text.stderr);
  assert.equal(text.stderr, '');
  const fromRepo = runCli(['lint', 'examples'], repoRoot);
  assert.equal(text.stdout, fromRepo.stdout, 'the same findings as dist/cli.js of the repository');
  assert.match(text.stdout, /^\d+ problems \([1-9]\d* errors?, /m);
  for (const rule of ['ci-dind-service', 'ci-dind-no-tls', 'df-secret-in-arg-env', 'k8s-privileged', 'k8s-docker-socket']) {
    assert.match(text.stdout, new RegExp(` ${rule} `), `${rule} reported`);
  }

  // The rule links point at the pages inside the installed package.
  const sarif = run(['lint', '--format', 'sarif', 'examples']);
  assert.equal(sarif.status, 1, sarif.stderr);
  const rules: { id: string; helpUri: string }[] = JSON.parse(sarif.stdout).runs[0].tool.driver.rules;
  assert.ok(rules.length > 0);
  for (const rule of rules) {
    const page = fileURLToPath(rule.helpUri);
    assert.equal(page, join(realpathSync(installed), 'docs', 'rules', `${rule.id}.md`));
    assert.ok(existsSync(page), `${page} exists`);
  }
});

test('the installed language server publishes diagnostics that link to its own rule pages', async () => {
  const client = await TestClient.start({ server: join(installed, 'dist', 'server.js'), rich: false });
  try {
    const uri = fileUri(join(work, 'Dockerfile'));
    client.open(uri, 'dockerfile', 'FROM node:22\nUSER root\n');
    const { diagnostics } = await client.waitForPublish(uri, { where: (d) => d.length > 0 });
    const rootUser = diagnostics.find((d) => d.code === 'df-user-root');
    assert.ok(rootUser, JSON.stringify(diagnostics));
    const page = fileURLToPath(rootUser.codeDescription!.href);
    assert.equal(page, join(realpathSync(installed), 'docs', 'rules', 'df-user-root.md'));
    assert.ok(existsSync(page));
  } finally {
    await client.stop();
  }
});
