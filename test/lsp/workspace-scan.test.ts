// The background workspace scan, watched-file events and live settings, on a temp folder of files
// that are never opened (except where a test says so).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, serverForSuite, TestClient } from './lsp-client.js';

const BROKEN = 'build:\n  script: [echo hi\n';
const VALID = 'build:\n  script: [echo hi]\n';
const MAX = 5000;

const root = mkdtempSync(join(tmpdir(), 'daemonless-lsp-scan-'));
function write(rel: string, text: string | Buffer): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}
const uriOf = (rel: string) => fileUri(join(root, rel));
const codes = (d: Diagnostic[]) => d.map((x) => String(x.code));

write('.gitlab-ci.yml', BROKEN);
write('sub/.gitlab-ci.yml', BROKEN);
write('vendor/.gitlab-ci.yml', BROKEN);
write('generated/.gitlab-ci.yml', BROKEN);
write('kept/.gitlab-ci.yml', BROKEN);
write('node_modules/pkg/.gitlab-ci.yml', BROKEN);
write('clean/.gitlab-ci.yml', VALID);
write('big/.gitlab-ci.yml', `${VALID}${'# padding\n'.repeat(MAX / 10 + 1)}`);
write('huge/.gitlab-ci.yml', `${VALID}${'# padding\n'.repeat((4 * MAX) / 10)}`);
write('bin/.gitlab-ci.yml', Buffer.from([0, 1, 2, 3, 0x50, 0x4b, 0, 0xff, 0xfe]));
write('notes.txt', BROKEN);

const analysed = ['.gitlab-ci.yml', 'sub/.gitlab-ci.yml', 'kept/.gitlab-ci.yml', 'clean/.gitlab-ci.yml', 'big/.gitlab-ci.yml', 'huge/.gitlab-ci.yml', 'bin/.gitlab-ci.yml'];
const withFindings = analysed.filter((f) => f !== 'clean/.gitlab-ci.yml');
const excluded = ['vendor/.gitlab-ci.yml', 'generated/.gitlab-ci.yml', 'node_modules/pkg/.gitlab-ci.yml'];

describe('workspace scan', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      folders: [root],
      config: {
        daemonless: { exclude: ['vendor/**'], maxFileSize: MAX },
        files: { exclude: { '**/generated': true, '**/kept': false } },
      },
    });
  });
  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('publishes diagnostics for files never opened, honouring excludes and the size cap', async () => {
    for (const rel of withFindings) await client.waitForPublish(uriOf(rel));
    const result = (await client.connection.sendRequest('daemonless/scanWorkspace')) as { files: number; findings: number };
    assert.deepEqual(result, { files: analysed.length, findings: withFindings.length });
    assert.deepEqual(codes(client.latest(uriOf('.gitlab-ci.yml'))!.diagnostics), ['parse-error']);
    assert.deepEqual(codes(client.latest(uriOf('big/.gitlab-ci.yml'))!.diagnostics), ['file-skipped']);
    assert.deepEqual(codes(client.latest(uriOf('huge/.gitlab-ci.yml'))!.diagnostics), ['file-skipped']);
    assert.deepEqual(codes(client.latest(uriOf('bin/.gitlab-ci.yml'))!.diagnostics), ['file-skipped']);
    assert.match(client.latest(uriOf('huge/.gitlab-ci.yml'))!.diagnostics[0].message as string, new RegExp(`limit of ${MAX}\\b`));
    for (const rel of [...excluded, 'clean/.gitlab-ci.yml', 'notes.txt']) {
      assert.deepEqual(client.publishesFor(uriOf(rel)), [], rel);
    }
    const watch = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    const globs = (watch?.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.ok(globs.includes('**/Dockerfile') && globs.includes('**/*.yml') && globs.includes('**/*.yaml'), globs.join(' '));
  });

  test('re-lints created and changed files and clears deleted ones', async () => {
    const before = client.published.length;
    write('created/.gitlab-ci.yml', BROKEN);
    write('sub/.gitlab-ci.yml', VALID);
    const gone = join(root, 'kept/.gitlab-ci.yml');
    unlinkSync(gone);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriOf('created/.gitlab-ci.yml'), type: 1 },
        { uri: uriOf('sub/.gitlab-ci.yml'), type: 2 },
        { uri: fileUri(gone), type: 3 },
        { uri: uriOf('vendor/.gitlab-ci.yml'), type: 2 },
      ],
    });
    const created = await client.waitForPublish(uriOf('created/.gitlab-ci.yml'), { after: before });
    assert.deepEqual(codes(created.diagnostics), ['parse-error']);
    const changed = await client.waitForPublish(uriOf('sub/.gitlab-ci.yml'), { after: before });
    assert.deepEqual(changed.diagnostics, []);
    const deleted = await client.waitForPublish(fileUri(gone), { after: before });
    assert.deepEqual(deleted.diagnostics, []);
    assert.deepEqual(client.publishesFor(uriOf('vendor/.gitlab-ci.yml')), []);
  });

  test('an open document wins over its file on disk, and goes back to disk content when closed', async () => {
    const uri = uriOf('.gitlab-ci.yml');
    client.open(uri, 'yaml', VALID, 1);
    const opened = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(opened.diagnostics, []);
    await client.connection.sendRequest('daemonless/scanWorkspace');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const count = client.published.length;
    await client.connection.sendRequest('daemonless/scanWorkspace');
    assert.deepEqual(client.latest(uri), opened);
    client.close(uri);
    const closed = await client.waitForPublish(uri, { after: count, where: (d) => d.length > 0 });
    assert.equal(closed.version, undefined);
    assert.deepEqual(codes(closed.diagnostics), ['parse-error']);
  });

  test('settings apply live: a rule turned off loses its diagnostics, a new exclude clears its files', async () => {
    const openUri = uriOf('open/.gitlab-ci.yml');
    client.open(openUri, 'yaml', BROKEN, 1);
    await client.waitForPublish(openUri, { version: 1, where: (d) => d.length === 1 });
    const before = client.published.length;
    await client.setConfig({
      daemonless: { exclude: ['vendor/**', 'created/**'], maxFileSize: MAX, rules: { 'parse-error': 'off' } },
      files: { exclude: { '**/generated': true } },
    });
    const reopened = await client.waitForPublish(openUri, { version: 1, after: before });
    assert.deepEqual(reopened.diagnostics, []);
    await client.waitForPublish(uriOf('.gitlab-ci.yml'), { after: before, where: (d) => d.length === 0 });
    await client.waitForPublish(uriOf('created/.gitlab-ci.yml'), { after: before, where: (d) => d.length === 0 });
    const result = (await client.connection.sendRequest('daemonless/scanWorkspace')) as { files: number; findings: number };
    // Left with findings: the three skipped files (file-skipped is still on).
    assert.equal(result.findings, 3);
    for (const rel of ['.gitlab-ci.yml', 'created/.gitlab-ci.yml']) assert.deepEqual(client.latest(uriOf(rel))!.diagnostics, [], rel);
  });
});

describe('code actions on workspace-scan diagnostics', () => {
  const folder = mkdtempSync(join(tmpdir(), 'daemonless-lsp-scan-actions-'));
  const path = join(folder, 'Dockerfile');
  const text = 'FROM alpine:latest\nUSER app\n';
  writeFileSync(path, text);
  let client!: TestClient;
  serverForSuite((c) => (client = c), { folders: [folder] }, folder);

  test('a file opened after the scan gets its actions from the scan diagnostic it was clicked on', async () => {
    const uri = fileUri(path);
    const scanned = await client.waitForPublish(uri, { where: (d) => d.length > 0 });
    const diagnostic = scanned.diagnostics.find((d) => d.code === 'df-base-image-unpinned')!;
    assert.ok(diagnostic, 'the scan reports the unpinned base image');
    client.open(uri, 'dockerfile', text, 1);
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
    assert.deepEqual(actions.map((a) => a.title), ['Suppress df-base-image-unpinned on this line']);
  });
});
