// The server hands each Dockerfile the ignore file beside it (df-broad-build-context): on the
// workspace scan and for open documents, re-linting when an ignore file changes; an unsaved buffer
// has none known and gets no finding about it.
import assert from 'node:assert/strict';
import { mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, serverForSuite, TestClient } from './lsp-client.js';

const DOCKERFILE = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\n';
const RULE = 'df-broad-build-context';

const root = mkdtempSync(join(tmpdir(), 'daemonless-lsp-dockerignore-'));
writeFileSync(join(root, 'Dockerfile'), DOCKERFILE);
writeFileSync(join(root, 'app.Dockerfile'), DOCKERFILE);
const uriOf = (name: string) => fileUri(join(root, name));

/** The messages of the rule's diagnostics, reduced to which case they are. */
function context(d: Diagnostic[]): string[] {
  return d
    .filter((x) => x.code === RULE)
    .map((x) => {
      const message = String(x.message);
      if (/there is no \.dockerignore/.test(message)) return 'none';
      return /^COPY \. copies .* and (\S+) does not keep (.+) out/.exec(message)?.slice(1).join(': ') ?? message;
    });
}

function is(...expected: string[]): (d: Diagnostic[]) => boolean {
  return (d) => JSON.stringify(context(d)) === JSON.stringify(expected);
}

describe('.dockerignore beside a Dockerfile', () => {
  let client!: TestClient;
  serverForSuite((c) => (client = c), { folders: [root] }, root);

  test('the scan: no ignore file', async () => {
    const published = await client.waitForPublish(uriOf('Dockerfile'), { where: (d) => context(d).length > 0 });
    assert.deepEqual(context(published.diagnostics), ['none']);
  });

  test('an ignore file written later is read, the per-Dockerfile one first', async () => {
    let mark = client.published.length;
    writeFileSync(join(root, '.dockerignore'), 'node_modules\n.git\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.dockerignore'), type: 1 }] });
    // Waits for the expected state: the scan started at start-up may still publish the old one first.
    for (const f of ['Dockerfile', 'app.Dockerfile']) await client.waitForPublish(uriOf(f), { after: mark, where: is('.dockerignore: .env') });

    mark = client.published.length;
    writeFileSync(join(root, 'app.Dockerfile.dockerignore'), '.git\n.env\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('app.Dockerfile.dockerignore'), type: 1 }] });
    await client.waitForPublish(uriOf('app.Dockerfile'), { after: mark, where: is() });
    assert.deepEqual(context(client.latest(uriOf('Dockerfile'))!.diagnostics), ['.dockerignore: .env'], 'the other Dockerfile keeps .dockerignore');
  });

  test('an open Dockerfile reads the ignore file on disk, and follows its changes', async () => {
    let mark = client.published.length;
    client.open(uriOf('Dockerfile'), 'dockerfile', DOCKERFILE);
    const opened = await client.waitForPublish(uriOf('Dockerfile'), { version: 1, after: mark });
    assert.deepEqual(context(opened.diagnostics), ['.dockerignore: .env']);

    mark = client.published.length;
    unlinkSync(join(root, '.dockerignore'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.dockerignore'), type: 3 }] });
    const relinted = await client.waitForPublish(uriOf('Dockerfile'), { version: 1, after: mark });
    assert.deepEqual(context(relinted.diagnostics), ['none']);
  });

  test('an unsaved buffer has no ignore file known: no finding about it', async () => {
    const uri = 'untitled:Untitled-1';
    client.open(uri, 'dockerfile', DOCKERFILE.replace('USER 1000', 'USER root'));
    const published = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(context(published.diagnostics), []);
    assert.ok(published.diagnostics.some((d) => d.code === 'df-user-root'), 'the buffer is linted all the same');
  });
});
