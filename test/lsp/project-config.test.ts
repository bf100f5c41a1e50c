// The language server reads each workspace folder's `.daemonless.json` as the CLI does: rules, exclude,
// maxFileSize and the budgets from the file; live changes; an invalid file's problems as diagnostics on it (and
// the defaults kept); the user's settings on top; one config per folder.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { fileUri, TestClient, type StartOptions } from './lsp-client.js';

const DOCKERFILE = 'FROM alpine:latest\nUSER root\n';
const BOTH = ['df-base-image-unpinned', 'df-user-root'];
const MAX = 200;
const BIG = `${DOCKERFILE}${'# padding\n'.repeat(MAX / 10 + 1)}`;
const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

const folders: string[] = [];
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'daemonless-lsp-config-'));
  folders.push(root);
  for (const [rel, text] of Object.entries(files)) write(root, rel, text);
  return root;
}
function write(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}
const codes = (d: Diagnostic[]) => d.map((x) => String(x.code)).sort();

/** Waits until the latest publish for `uri` (after `after` publishes) satisfies `check`. */
function waitForLatest(client: TestClient, uri: string, what: string, check: (p: PublishDiagnosticsParams) => boolean, after = 0) {
  return client.waitFor(`${what} (${uri})`, () => {
    const p = client.published.slice(after).filter((x) => x.uri === uri).pop();
    return p && check(p) ? p : undefined;
  });
}
const withCodes = (expected: string[]) => (p: PublishDiagnosticsParams) => JSON.stringify(codes(p.diagnostics)) === JSON.stringify([...expected].sort());

const clients: TestClient[] = [];
async function start(options: StartOptions): Promise<TestClient> {
  const client = await TestClient.start(options);
  clients.push(client);
  return client;
}

after(async () => {
  for (const c of clients) await c.stop();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('a folder with .daemonless.json', () => {
  let root: string;
  let client: TestClient;
  const uri = (rel: string) => fileUri(join(root, rel));
  before(async () => {
    root = folder({
      Dockerfile: DOCKERFILE,
      'vendor/Dockerfile': DOCKERFILE,
      'big/Dockerfile': BIG,
      '.daemonless.json': JSON.stringify({ rules: { 'df-user-root': 'off' }, exclude: ['vendor/**'], maxFileSize: MAX }),
    });
    client = await start({ folders: [root] });
  });

  test('the scan and open documents honour its rules, exclude and maxFileSize', async () => {
    await client.connection.sendRequest('daemonless/scanWorkspace');
    assert.deepEqual(codes(client.latest(uri('Dockerfile'))!.diagnostics), ['df-base-image-unpinned']);
    assert.deepEqual(codes(client.latest(uri('big/Dockerfile'))!.diagnostics), ['file-skipped']);
    assert.match(String(client.latest(uri('big/Dockerfile'))!.diagnostics[0].message), new RegExp(`limit of ${MAX}\\b`));
    assert.deepEqual(client.publishesFor(uri('vendor/Dockerfile')), [], 'excluded by the file');
    assert.deepEqual(client.publishesFor(uri('.daemonless.json')), [], 'a valid file has no diagnostics');
    const watch = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    const globs = (watch?.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.ok(globs.includes('**/.daemonless.json'), globs.join(' '));

    client.open(uri('Dockerfile'), 'dockerfile', DOCKERFILE, 1);
    const open = await client.waitForPublish(uri('Dockerfile'), { version: 1 });
    assert.deepEqual(codes(open.diagnostics), ['df-base-image-unpinned']);
  });

  test('a change of the file re-lints open documents and the workspace', async () => {
    const mark = client.published.length;
    write(root, '.daemonless.json', JSON.stringify({ rules: { 'df-base-image-unpinned': 'off' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.daemonless.json'), type: CHANGED }] });
    await waitForLatest(client, uri('Dockerfile'), 'open document re-linted', (p) => p.version === 1 && withCodes(['df-user-root'])(p), mark);
    await waitForLatest(client, uri('vendor/Dockerfile'), 'no longer excluded', withCodes(['df-user-root']), mark);
    await waitForLatest(client, uri('big/Dockerfile'), 'no longer over the limit', withCodes(['df-user-root']), mark);
  });

  test('an invalid file gets a diagnostic at the offending key, and the defaults apply', async () => {
    const text = '{\n  "rules": {\n    "df-user-roots": "off"\n  },\n  "exclude": ["vendor/**"]\n}\n';
    const mark = client.published.length;
    write(root, '.daemonless.json', text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.daemonless.json'), type: CHANGED }] });
    const config = await waitForLatest(client, uri('.daemonless.json'), 'config diagnostics', (p) => p.diagnostics.length > 0, mark);
    assert.equal(config.diagnostics.length, 1);
    const [d] = config.diagnostics;
    assert.deepEqual(d.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 19 } }, 'the range of "df-user-roots"');
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'daemonless');
    assert.match(String(d.message), /unknown rule 'df-user-roots' \(did you mean 'df-user-root'\?\)/);
    // Nothing of the invalid file applies, not even its valid exclude.
    await waitForLatest(client, uri('Dockerfile'), 'defaults', (p) => p.version === 1 && withCodes(BOTH)(p), mark);
    await waitForLatest(client, uri('vendor/Dockerfile'), 'defaults', withCodes(BOTH), mark);

    const fixed = client.published.length;
    write(root, '.daemonless.json', text.replace('df-user-roots', 'df-user-root'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.daemonless.json'), type: CHANGED }] });
    await waitForLatest(client, uri('.daemonless.json'), 'config diagnostics cleared', (p) => p.diagnostics.length === 0, fixed);
    await waitForLatest(client, uri('Dockerfile'), 'fixed file applies', (p) => p.version === 1 && withCodes(['df-base-image-unpinned'])(p), fixed);
    await waitForLatest(client, uri('vendor/Dockerfile'), 'excluded again', (p) => p.diagnostics.length === 0, fixed);
  });

  test('deleting the file brings the defaults back', async () => {
    const mark = client.published.length;
    unlinkSync(join(root, '.daemonless.json'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.daemonless.json'), type: DELETED }] });
    await waitForLatest(client, uri('Dockerfile'), 'defaults', (p) => p.version === 1 && withCodes(BOTH)(p), mark);
    await waitForLatest(client, uri('big/Dockerfile'), 'default size limit', withCodes(BOTH), mark);
  });
});

describe('the user settings and the file', () => {
  test('a setting the user set wins over the file; one not set leaves the file', async () => {
    const root = folder({
      Dockerfile: DOCKERFILE,
      'big/Dockerfile': BIG,
      '.daemonless.json': JSON.stringify({ rules: { 'df-user-root': 'off', 'df-base-image-unpinned': 'error' }, maxFileSize: MAX }),
    });
    const uri = (rel: string) => fileUri(join(root, rel));
    const client = await start({ folders: [root], config: { daemonless: { rules: { 'df-user-root': 'info' } } } });
    await client.connection.sendRequest('daemonless/scanWorkspace');
    const severities = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${String(d.code)}:${d.severity}`).sort();
    assert.deepEqual(severities(client.latest(uri('Dockerfile'))!), ['df-base-image-unpinned:1', 'df-user-root:3']);
    assert.deepEqual(codes(client.latest(uri('big/Dockerfile'))!.diagnostics), ['file-skipped'], "the file's maxFileSize");

    const mark = client.published.length;
    await client.setConfig({ daemonless: { rules: { 'df-user-root': 'info' }, maxFileSize: 100_000 } });
    await waitForLatest(client, uri('big/Dockerfile'), "the setting's maxFileSize", withCodes(BOTH), mark);
  });
});

describe('the budgets', () => {
  test("the file's lowered budgets take effect, and a setting lowers them further", async () => {
    const script = `FROM node:22.11.0\nRUN ${'echo one && '.repeat(20)}echo done\nUSER 10001\n`;
    const deep = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: {b: {c: {d: 1}}}\n';
    const root = folder({ Dockerfile: script, 'deep.yaml': deep, '.daemonless.json': JSON.stringify({ maxScriptLength: 40 }) });
    const uri = (rel: string) => fileUri(join(root, rel));
    const client = await start({ folders: [root] });
    const skips = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'file-skipped').map((d) => String(d.message));
    client.open(uri('Dockerfile'), 'dockerfile', script, 1);
    client.open(uri('deep.yaml'), 'yaml', deep, 1);
    const opened = await client.waitForPublish(uri('Dockerfile'), { version: 1 });
    assert.deepEqual(skips(opened).map((m) => /analysed up to (\d+) characters/.exec(m)?.[1]), ['40'], 'the file\'s maxScriptLength');
    assert.deepEqual(skips(await client.waitForPublish(uri('deep.yaml'), { version: 1 })), [], 'the default nesting depth');

    const mark = client.published.length;
    await client.setConfig({ daemonless: { maxScriptLength: 20, maxNestingDepth: 2 } });
    const lowered = (n: string) => (p: PublishDiagnosticsParams) => p.version === 1 && skips(p).some((m) => m.includes(n));
    await waitForLatest(client, uri('Dockerfile'), "the setting's maxScriptLength", lowered('up to 20 characters'), mark);
    await waitForLatest(client, uri('deep.yaml'), "the setting's maxNestingDepth", lowered('Nesting deeper than 2 levels'), mark);
  });
});

describe('multi-root workspaces', () => {
  test('each folder has its own config file and its own settings', async () => {
    const a = folder({ Dockerfile: DOCKERFILE, '.daemonless.json': JSON.stringify({ rules: { 'df-user-root': 'off' } }) });
    const b = folder({ Dockerfile: DOCKERFILE, '.daemonless.json': JSON.stringify({ rules: { 'df-base-image-unpinned': 'off' } }) });
    const c = folder({ Dockerfile: DOCKERFILE });
    const client = await start({
      folders: [a, b, c],
      folderConfig: { [fileUri(c)]: { daemonless: { rules: { 'df-user-root': 'hint' } } } },
    });
    await client.connection.sendRequest('daemonless/scanWorkspace');
    assert.deepEqual(codes(client.latest(fileUri(join(a, 'Dockerfile')))!.diagnostics), ['df-base-image-unpinned']);
    assert.deepEqual(codes(client.latest(fileUri(join(b, 'Dockerfile')))!.diagnostics), ['df-user-root']);
    const inC = client.latest(fileUri(join(c, 'Dockerfile')))!.diagnostics;
    assert.deepEqual(inC.map((d) => `${String(d.code)}:${d.severity}`).sort(), ['df-base-image-unpinned:2', 'df-user-root:4']);

    // A change in one folder's file re-lints with that folder's options only.
    const mark = client.published.length;
    write(b, '.daemonless.json', JSON.stringify({ rules: { 'df-user-root': 'off', 'df-base-image-unpinned': 'off' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(b, '.daemonless.json')), type: CHANGED }] });
    await waitForLatest(client, fileUri(join(b, 'Dockerfile')), 'folder b re-linted', (p) => p.diagnostics.length === 0, mark);
    assert.deepEqual(codes(client.latest(fileUri(join(a, 'Dockerfile')))!.diagnostics), ['df-base-image-unpinned']);

    // A file created where there was none applies too.
    const created = client.published.length;
    write(c, '.daemonless.json', JSON.stringify({ rules: { 'df-base-image-unpinned': 'off' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(c, '.daemonless.json')), type: CREATED }] });
    await waitForLatest(client, fileUri(join(c, 'Dockerfile')), 'folder c re-linted', withCodes(['df-user-root']), created);
  });

  test('a folder added to the workspace brings its own config file', async () => {
    const a = folder({ Dockerfile: DOCKERFILE });
    const added = folder({ Dockerfile: DOCKERFILE, '.daemonless.json': JSON.stringify({ rules: { 'df-user-root': 'off' } }) });
    const client = await start({ folders: [a] });
    await client.connection.sendRequest('daemonless/scanWorkspace');
    assert.deepEqual(codes(client.latest(fileUri(join(a, 'Dockerfile')))!.diagnostics), BOTH);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: fileUri(added), name: 'added' }], removed: [] },
    });
    await waitForLatest(client, fileUri(join(added, 'Dockerfile')), 'the added folder scanned with its file', withCodes(['df-base-image-unpinned']));
    assert.deepEqual(codes(client.latest(fileUri(join(a, 'Dockerfile')))!.diagnostics), BOTH);
  });
});

describe('a client that does not watch files for the server', () => {
  test('the server notices the change of the file itself', async () => {
    const root = folder({ Dockerfile: DOCKERFILE, '.daemonless.json': JSON.stringify({ rules: { 'df-user-root': 'off' } }) });
    const uri = fileUri(join(root, 'Dockerfile'));
    const client = await start({ folders: [root], rich: false });
    await waitForLatest(client, uri, 'the file applies', withCodes(['df-base-image-unpinned']));
    assert.equal(client.registrations.length, 0);
    const mark = client.published.length;
    write(root, '.daemonless.json', JSON.stringify({ rules: { 'df-base-image-unpinned': 'off' } }));
    await waitForLatest(client, uri, 'the changed file applies', withCodes(['df-user-root']), mark);
  });
});
