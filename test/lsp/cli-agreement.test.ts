// The CLI and the language server are two views of the same findings: on the same files they report
// the same (file, rule, range) set, whether the server read the files from disk (workspace scan) or
// got them as open documents, also when a .daemonless.json turns rules off, changes severities, excludes
// files and lowers the size limit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Range } from 'vscode-languageserver-protocol';
import { fileUri, rangeText, repoRoot, TestClient } from './lsp-client.js';
import { configMap, dindPod } from './manifests.js';

const cliPath = join(repoRoot, 'dist', 'cli.js');
const root = mkdtempSync(join(tmpdir(), 'daemonless-agreement-'));

const FILES: Record<string, string> = {
  Dockerfile: [
    'FROM alpine:latest',
    'ARG DB_PASSWORD=hunter2hunter2',
    'RUN curl -fsSL https://example.invalid/install.sh | sh',
    'USER root',
    '',
  ].join('\n'),
  '.gitlab-ci.yml': [
    'build:',
    '  image: docker:24',
    '  services:',
    '    - docker:24-dind',
    '  variables:',
    '    DOCKER_TLS_CERTDIR: ""',
    '    DOCKER_HOST: tcp://docker:2375',
    '  script:',
    '    - docker build -t app .',
    '',
  ].join('\n'),
  // Large enough that the server lints it per `---` document.
  'deploy/cluster.yaml': Array.from({ length: 45 }, (_, i) => (i % 9 === 4 ? dindPod(`builder-${i}`) : configMap(i, 500))).join('---\n'),
  '.github/workflows/build.yml': [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    services:',
    '      docker:',
    '        image: docker:dind',
    '        options: --privileged',
    '    steps:',
    '      - run: docker build .',
    '',
  ].join('\n'),
};

type Row = string;
const row = (file: string, ruleId: string, r: Range) => `${file} ${ruleId} ${rangeText(r)}`;

function cliRows(cwd = root, withSeverity = false): Row[] {
  const run = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', '--fail-on', 'never', '.'], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string; severity: string; range: Range }[] };
  return out.findings
    .map((f) => row(f.file.replace(/\\/g, '/').replace(/^\.\//, ''), withSeverity ? `${f.ruleId} ${f.severity}` : f.ruleId, f.range))
    .sort();
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

describe('CLI and language server agree', () => {
  let client: TestClient;
  let expected: Row[];
  before(async () => {
    assert.ok(existsSync(cliPath), `${cliPath} is missing: run \`node esbuild.mjs\` first`);
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    expected = cliRows();
    client = await TestClient.start({ folders: [root] });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the CLI finds something in every file', () => {
    for (const rel of Object.keys(FILES)) assert.ok(expected.some((r) => r.startsWith(`${rel} `)), `${rel}: ${expected.join('\n')}`);
  });

  test('workspace scan (files read from disk)', async () => {
    await client.connection.sendRequest('daemonless/scanWorkspace');
    const rows: Row[] = [];
    for (const rel of Object.keys(FILES)) {
      const p = client.latest(fileUri(join(root, rel)));
      for (const d of p?.diagnostics ?? []) rows.push(row(rel, String(d.code), d.range));
    }
    assert.deepEqual(rows.sort(), expected);
  });

  test('open documents', async () => {
    const rows: Row[] = [];
    for (const rel of Object.keys(FILES)) {
      const uri = fileUri(join(root, rel));
      const languageId = rel.endsWith('Dockerfile') ? 'dockerfile' : 'yaml';
      client.open(uri, languageId, readFileSync(join(root, rel), 'utf8'), 1);
      const p = await client.waitForPublish(uri, { version: 1 });
      for (const d of p.diagnostics) rows.push(row(rel, String(d.code), d.range));
    }
    assert.deepEqual(rows.sort(), expected);
  });
});

describe('CLI and language server agree under a .daemonless.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'daemonless-agreement-config-'));
  const CONFIG = {
    rules: { 'df-secret-in-arg-env': 'off', 'ci-dind-service': 'off', 'ci-dind-no-tls': 'info', 'df-user-root': 'error' },
    exclude: ['.github/**'],
    // Below the Kubernetes file's size, so both skip it with one finding.
    maxFileSize: Math.floor(FILES['deploy/cluster.yaml'].length / 2),
  };
  let client: TestClient;
  let expected: Row[];
  let unconfigured: Row[];
  before(async () => {
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    unconfigured = cliRows(dir, true);
    writeFileSync(join(dir, '.daemonless.json'), JSON.stringify(CONFIG, null, 2));
    expected = cliRows(dir, true);
    client = await TestClient.start({ folders: [dir] });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const serverRow = (rel: string, d: { code?: unknown; severity?: number; range: Range }) => row(rel, `${String(d.code)} ${SEVERITY_NAMES[d.severity ?? 0]}`, d.range);

  test('the config changes what the CLI reports', () => {
    assert.ok(expected.length < unconfigured.length, `${expected.length} findings with the config, ${unconfigured.length} without`);
    assert.ok(!expected.some((r) => r.startsWith('.github/')));
    assert.ok(expected.some((r) => r.startsWith('deploy/cluster.yaml file-skipped ')));
    assert.ok(expected.some((r) => / df-user-root error /.test(r)));
  });

  test('workspace scan (files read from disk)', async () => {
    await client.connection.sendRequest('daemonless/scanWorkspace');
    const rows: Row[] = [];
    for (const rel of Object.keys(FILES)) for (const d of client.latest(fileUri(join(dir, rel)))?.diagnostics ?? []) rows.push(serverRow(rel, d));
    assert.deepEqual(rows.sort(), expected);
  });

  test('open documents', async () => {
    const rows: Row[] = [];
    for (const rel of Object.keys(FILES)) {
      if (rel.startsWith('.github/')) continue; // excluded from the scan, but an opened file is still linted
      const uri = fileUri(join(dir, rel));
      client.open(uri, rel.endsWith('Dockerfile') ? 'dockerfile' : 'yaml', readFileSync(join(dir, rel), 'utf8'), 1);
      const p = await client.waitForPublish(uri, { version: 1 });
      for (const d of p.diagnostics) rows.push(serverRow(rel, d));
    }
    assert.deepEqual(rows.sort(), expected);
  });
});
