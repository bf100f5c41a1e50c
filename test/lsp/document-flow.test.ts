// Open → diagnostics → incremental edits → code action → diagnostics gone, against the bundled server.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyWorkspaceEdit, fileUri, repoRoot, serverForSuite, TestClient } from './lsp-client.js';

const dir = mkdtempSync(join(tmpdir(), 'daemonless-lsp-flow-'));
const BROKEN = 'build:\n  script: [echo hi\ntest:\n  script: echo ok\n';

// Typing and deleting the `]` that closes BROKEN's flow sequence fixes and breaks it again.
const CLOSE = { range: { start: { line: 1, character: 18 }, end: { line: 1, character: 18 } }, text: ']' };
const REOPEN = { range: { start: { line: 1, character: 18 }, end: { line: 1, character: 19 } }, text: '' };

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

/** Sends versions 2 to `last` of BROKEN: even versions close the sequence, odd versions open it again. */
function sendToggles(client: TestClient, uri: string, last: number): void {
  for (let version = 2; version <= last; version++) client.change(uri, version, [version % 2 === 0 ? CLOSE : REOPEN]);
}

/** Every publish matches its own version: no findings for a closed sequence, the parse error for an open one. */
function assertTogglePublishes(publishes: PublishDiagnosticsParams[]): void {
  for (const p of publishes) {
    assert.deepEqual(codes(p.diagnostics), p.version! % 2 === 0 ? [] : ['parse-error'], `version ${p.version}`);
  }
}

describe('document flow', () => {
  let client!: TestClient;
  serverForSuite((c) => (client = c));

  test('publishes linked, versioned diagnostics and removes them after the suppression edit', async () => {
    const uri = fileUri(join(dir, '.gitlab-ci.yml'));
    const doc = TextDocument.create(uri, 'yaml', 1, BROKEN);
    client.open(uri, 'yaml', doc.getText(), 1);
    const first = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(codes(first.diagnostics), ['parse-error']);
    const [d] = first.diagnostics;
    assert.equal(d.source, 'daemonless');
    const href = d.codeDescription?.href ?? '';
    assert.equal(fileURLToPath(href), resolve(repoRoot, 'docs', 'rules', 'parse-error.md'));
    const data = d.data as { version: number; start: number; end: number };
    assert.deepEqual(Object.keys(data).sort(), ['end', 'start', 'version'], 'the rule is the code and the document the request\'s: not repeated in data');
    assert.equal(data.version, 1);
    assert.deepEqual(d.range.start, doc.positionAt(data.start));
    assert.deepEqual(d.range.end, doc.positionAt(data.end));

    // Close the flow sequence with an incremental edit: the error goes away for version 2.
    TextDocument.update(doc, [CLOSE], 2);
    client.change(uri, 2, [CLOSE]);
    const second = await client.waitForPublish(uri, { version: 2 });
    assert.deepEqual(second.diagnostics, []);

    // Remove it again (version 3): the error is back.
    TextDocument.update(doc, [REOPEN], 3);
    client.change(uri, 3, [REOPEN]);
    const third = await client.waitForPublish(uri, { version: 3 });
    assert.deepEqual(codes(third.diagnostics), ['parse-error']);

    const actions = await client.codeActions(uri, third.diagnostics[0].range, third.diagnostics);
    const suppress = actions.find((a) => a.title === 'Suppress parse-error on this line');
    assert.ok(suppress, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(suppress.kind, 'quickfix');
    const change = suppress.edit?.documentChanges?.[0];
    assert.ok(change && 'textDocument' in change);
    assert.deepEqual(change.textDocument, { uri, version: 3 });

    const fixed = applyWorkspaceEdit(uri, 3, doc.getText(), suppress.edit!);
    assert.match(fixed, /# daemonless ignore=parse-error\n/);
    client.change(uri, 4, [{ text: fixed }]);
    const fourth = await client.waitForPublish(uri, { version: 4 });
    assert.deepEqual(fourth.diagnostics, []);
  });

  test('a Dockerfile rule: diagnostic with docs page, incremental edits, suppression', async () => {
    const uri = fileUri(join(dir, 'img', 'Dockerfile'));
    const doc = TextDocument.create(uri, 'dockerfile', 1, 'FROM alpine:latest\nUSER app\nRUN echo hi\n');
    client.open(uri, 'dockerfile', doc.getText(), 1);
    const first = await client.waitForPublish(uri, { version: 1 });
    const unpinned = first.diagnostics.filter((d) => d.code === 'df-base-image-unpinned');
    assert.equal(unpinned.length, 1);
    assert.deepEqual(unpinned[0].range, { start: { line: 0, character: 5 }, end: { line: 0, character: 18 } });
    assert.equal(unpinned[0].severity, 2);
    assert.ok(existsSync(fileURLToPath(unpinned[0].codeDescription!.href)), 'docs page exists beside the bundle');

    // Pin the tag: `latest` → `3.20.3` (version 2), then back (version 3).
    const pin = { range: { start: { line: 0, character: 12 }, end: { line: 0, character: 18 } }, text: '3.20.3' };
    TextDocument.update(doc, [pin], 2);
    client.change(uri, 2, [pin]);
    const second = await client.waitForPublish(uri, { version: 2 });
    assert.deepEqual(second.diagnostics.filter((d) => d.code === 'df-base-image-unpinned'), []);
    const unpin = { range: { start: { line: 0, character: 12 }, end: { line: 0, character: 18 } }, text: 'latest' };
    TextDocument.update(doc, [unpin], 3);
    client.change(uri, 3, [unpin]);
    const third = await client.waitForPublish(uri, { version: 3 });
    const again = third.diagnostics.filter((d) => d.code === 'df-base-image-unpinned');
    assert.equal(again.length, 1);

    const actions = await client.codeActions(uri, again[0].range, again);
    const suppress = actions.find((a) => a.title === 'Suppress df-base-image-unpinned on this line');
    assert.ok(suppress);
    const next = applyWorkspaceEdit(uri, 3, doc.getText(), suppress.edit!);
    assert.ok(next.startsWith('# daemonless ignore=df-base-image-unpinned\nFROM alpine:latest\n'));
    client.change(uri, 4, [{ text: next }]);
    const fourth = await client.waitForPublish(uri, { version: 4 });
    assert.deepEqual(fourth.diagnostics.filter((d) => d.code === 'df-base-image-unpinned'), []);
    assert.deepEqual(
      fourth.diagnostics.map((d) => d.code),
      third.diagnostics.filter((d) => d.code !== 'df-base-image-unpinned').map((d) => d.code),
    );
  });

  test('code actions for diagnostics of an older version are not offered', async () => {
    const uri = fileUri(join(dir, 'stale', '.gitlab-ci.yml'));
    client.open(uri, 'yaml', BROKEN, 1);
    const first = await client.waitForPublish(uri, { version: 1 });
    client.change(uri, 2, [{ text: `${BROKEN}# edited\n` }]);
    await client.waitForPublish(uri, { version: 2 });
    const actions = await client.codeActions(uri, first.diagnostics[0].range, first.diagnostics);
    assert.deepEqual(actions, []);
  });

  test('rapid edits get exactly one publish per version, each matching its own text', async () => {
    const uri = fileUri(join(dir, 'rapid', '.gitlab-ci.yml'));
    client.open(uri, 'yaml', BROKEN, 1);
    const last = 41;
    sendToggles(client, uri, last);
    const final = await client.waitForPublish(uri, { version: last });
    assert.deepEqual(codes(final.diagnostics), ['parse-error']);
    const publishes = client.publishesFor(uri);
    const versions = publishes.map((p) => p.version);
    assert.deepEqual(versions, Array.from({ length: last }, (_, i) => i + 1));
    assertTogglePublishes(publishes);
  });

  test('edits sent before the server has read its settings are coalesced, never published stale', async (t) => {
    // A fresh server, edited before it has even read its settings.
    const fresh = await TestClient.start();
    t.after(() => fresh.stop());
    const uri = fileUri(join(dir, 'rapid-start', '.gitlab-ci.yml'));
    fresh.open(uri, 'yaml', BROKEN, 1);
    const last = 41;
    sendToggles(fresh, uri, last);
    const final = await fresh.waitForPublish(uri, { version: last });
    assert.deepEqual(codes(final.diagnostics), ['parse-error']);
    const publishes = fresh.publishesFor(uri);
    // Versions that arrive before the settings are read are coalesced: never a stale or repeated publish.
    const versions = publishes.map((p) => p.version!);
    assert.equal(versions[versions.length - 1], last);
    assert.ok(versions.every((v, i) => i === 0 || v > versions[i - 1]), versions.join(','));
    assertTogglePublishes(publishes);
  });

  test('malformed, binary and half-typed files do not stop the server', async () => {
    const inputs: [string, string, string][] = [
      ['Dockerfile', 'dockerfile', 'FROM'],
      ['half/Dockerfile', 'dockerfile', 'RUN \\'],
      ['empty/Dockerfile', 'dockerfile', ''],
      ['k8s.yaml', 'yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: x\n    securityContext: {privileged: tru'],
      ['flow/.gitlab-ci.yml', 'yaml', 'a: [\n  - {\n\t\tb: *nope\n'],
      ['bin/.gitlab-ci.yml', 'yaml', '\u0000\u0001\u0002PK\u0003\u0004\ufffd'.repeat(50)],
      ['.github/workflows/ci.yml', 'yaml', 'on: push\njobs:\n  b:\n    runs-on: [\n'],
      ['anchors/.gitlab-ci.yml', 'yaml', 'a: &a [*a]\nb: *a\n<<: *a\n'],
    ];
    for (const [name, languageId, text] of inputs) {
      const uri = fileUri(join(dir, 'bad', name));
      client.open(uri, languageId, text, 1);
      await client.waitForPublish(uri, { version: 1 });
    }
    const binary = client.latest(fileUri(join(dir, 'bad', 'bin/.gitlab-ci.yml')))!;
    assert.deepEqual(codes(binary.diagnostics), ['file-skipped']);
    // A well-formed file opened afterwards still gets its diagnostics.
    const uri = fileUri(join(dir, 'after', '.gitlab-ci.yml'));
    client.open(uri, 'yaml', BROKEN, 1);
    const p = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(codes(p.diagnostics), ['parse-error']);
    assert.equal(client.process.exitCode, null);
  });

  test('untitled documents are linted by language', async () => {
    const uri = 'untitled:Untitled-1';
    client.open(uri, 'yaml', 'on: push\njobs:\n  b:\n    runs-on: [ubuntu\n    steps: []\n', 1);
    const p = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(codes(p.diagnostics), ['parse-error']);
  });
});

describe('debounced analysis (daemonless.debounceMs)', () => {
  let client!: TestClient;
  serverForSuite((c) => (client = c), { config: { daemonless: { debounceMs: 15 } } });

  test('publishes the last version, never an older one after a newer one', async () => {
    const uri = fileUri(join(dir, 'debounced', '.gitlab-ci.yml'));
    client.open(uri, 'yaml', BROKEN, 1);
    await client.waitForPublish(uri, { version: 1 });
    const last = 30;
    sendToggles(client, uri, last);
    const final = await client.waitForPublish(uri, { version: last });
    assert.deepEqual(final.diagnostics, []);
    const versions = client.publishesFor(uri).map((p) => p.version!);
    assert.ok(versions.every((v, i) => i === 0 || v > versions[i - 1]), versions.join(','));
    assertTogglePublishes(client.publishesFor(uri));
    // A code action request flushes a pending analysis, so fixes are for the current version.
    client.change(uri, last + 1, [REOPEN]);
    const actions = await client.codeActions(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, []);
    assert.deepEqual(actions, []);
    const flushed = await client.waitForPublish(uri, { version: last + 1 });
    assert.deepEqual(codes(flushed.diagnostics), ['parse-error']);
  });
});
