// An image that runs as root gets a snippet that inserts `USER <uid>` where the uid is the user's to
// choose: an LSP 3.18 SnippetTextEdit, only for clients that advertise snippetEditSupport, placed
// before the final stage's CMD/ENTRYPOINT (after every RUN and after the root USER) or at its end.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Position } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri, TestClient } from './lsp-client.js';

const dir = mkdtempSync(join(tmpdir(), 'daemonless-lsp-user-snippet-'));
const TITLE = 'Insert USER <uid> (you choose the uid)';

interface SnippetEdit {
  range: { start: Position; end: Position };
  snippet: { kind: string; value: string };
}

const clients: TestClient[] = [];
async function start(snippetEditSupport: boolean): Promise<TestClient> {
  const client = await TestClient.start({ snippetEditSupport });
  clients.push(client);
  return client;
}

async function openDockerfile(client: TestClient, name: string, text: string) {
  const uri = fileUri(join(dir, name, 'Dockerfile'));
  client.open(uri, 'dockerfile', text, 1);
  const published = await client.waitForPublish(uri, { version: 1 });
  return { uri, diagnostics: published.diagnostics };
}

function only(diagnostics: Diagnostic[], ruleId: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === ruleId);
  assert.equal(found.length, 1, `one ${ruleId} among ${diagnostics.map((d) => d.code).join(', ')}`);
  return found[0];
}

/** The snippet's single edit, and the text once the user typed `uid` over the placeholder. */
function snippetOf(action: CodeAction, uri: string, text: string, uid: string): { edit: SnippetEdit; result: string } {
  const changes = action.edit?.documentChanges ?? [];
  assert.equal(changes.length, 1);
  const change = changes[0] as { textDocument: { uri: string; version: number }; edits: SnippetEdit[] };
  assert.deepEqual(change.textDocument, { uri, version: 1 });
  assert.equal(change.edits.length, 1);
  const [edit] = change.edits;
  assert.equal(edit.snippet.kind, 'snippet');
  const typed = edit.snippet.value.replace('${1:10001}', uid);
  const doc = TextDocument.create(uri, 'dockerfile', 1, text);
  return { edit, result: TextDocument.applyEdits(doc, [{ range: edit.range, newText: typed }]) };
}

async function expectCleared(client: TestClient, uri: string, text: string, ruleId: string): Promise<void> {
  client.change(uri, 2, [{ text }]);
  const p = await client.waitForPublish(uri, { version: 2 });
  assert.ok(!p.diagnostics.some((d) => d.code === ruleId), `${ruleId} is gone: ${p.diagnostics.map((d) => d.code).join(', ')}`);
}

describe('USER snippet', () => {
  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  test('df-missing-user: the USER line goes before CMD, the uid a placeholder the user types over', async () => {
    const client = await start(true);
    const text = 'FROM alpine:3.20\nRUN apk add --no-cache curl\n# the server\nCMD ["sh"]\n';
    const { uri, diagnostics } = await openDockerfile(client, 'missing', text);
    const d = only(diagnostics, 'df-missing-user');
    const actions = await client.codeActions(uri, d.range, [d]);
    const snippet = actions.filter((a) => a.title === TITLE);
    assert.equal(snippet.length, 1, actions.map((a) => a.title).join(' | '));
    assert.equal(snippet[0].kind, 'quickfix');
    assert.ok(!snippet[0].isPreferred, 'never applied by fix-all');
    const { edit, result } = snippetOf(snippet[0], uri, text, '4242');
    assert.equal(edit.snippet.value, 'USER ${1:10001}\n');
    assert.deepEqual(edit.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, 'above the comment over CMD');
    assert.equal(result, 'FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 4242\n# the server\nCMD ["sh"]\n');
    await expectCleared(client, uri, result, 'df-missing-user');
  });

  test('df-user-root: after the root USER and the RUN that needs it, at the end when no CMD follows them', async () => {
    const client = await start(true);
    const text = 'FROM alpine:3.20\nCMD ["sh"]\nUSER root\nRUN apk add --no-cache tini';
    const { uri, diagnostics } = await openDockerfile(client, 'root', text);
    const d = only(diagnostics, 'df-user-root');
    const action = (await client.codeActions(uri, d.range, [d])).find((a) => a.title === TITLE);
    assert.ok(action);
    const { edit, result } = snippetOf(action, uri, text, '1000:1000');
    // No final newline: the snippet starts one.
    assert.equal(edit.snippet.value, '\nUSER ${1:10001}\n');
    assert.equal(result, `${text}\nUSER 1000:1000\n`);
    await expectCleared(client, uri, result, 'df-user-root');
  });

  const PLACES: { name: string; ruleId: string; text: string; expected: string }[] = [
    {
      name: 'a root USER inherited from an earlier stage: the line goes into the final stage',
      ruleId: 'df-user-root',
      text: 'FROM alpine:3.20 AS base\nUSER root\nFROM base\nENTRYPOINT ["tini"]\n',
      expected: 'FROM alpine:3.20 AS base\nUSER root\nFROM base\nUSER 4242\nENTRYPOINT ["tini"]\n',
    },
    {
      name: 'a RUN after CMD: at the end, so the RUN still runs as before',
      ruleId: 'df-missing-user',
      text: 'FROM alpine:3.20\nCMD ["sh"]\nRUN apk add --no-cache curl\n',
      expected: 'FROM alpine:3.20\nCMD ["sh"]\nRUN apk add --no-cache curl\nUSER 4242\n',
    },
    {
      name: 'a heredoc RUN whose body looks like an instruction',
      ruleId: 'df-missing-user',
      text: 'FROM alpine:3.20\nRUN <<EOF\necho hi\nCMD nope\nEOF\nCMD ["sh"]\n',
      expected: 'FROM alpine:3.20\nRUN <<EOF\necho hi\nCMD nope\nEOF\nUSER 4242\nCMD ["sh"]\n',
    },
    {
      name: 'CRLF line ends are kept',
      ruleId: 'df-user-root',
      text: 'FROM alpine:3.20\r\nUSER root\r\nRUN apk add --no-cache tini\r\nCMD ["sh"]\r\n',
      expected: 'FROM alpine:3.20\r\nUSER root\r\nRUN apk add --no-cache tini\r\nUSER 4242\r\nCMD ["sh"]\r\n',
    },
  ];
  for (const [i, c] of PLACES.entries()) {
    test(`placement: ${c.name}`, async () => {
      const client = await start(true);
      const { uri, diagnostics } = await openDockerfile(client, `place-${i}`, c.text);
      const d = only(diagnostics, c.ruleId);
      const action = (await client.codeActions(uri, d.range, [d])).find((a) => a.title === TITLE);
      assert.ok(action, 'the snippet is offered');
      const { result } = snippetOf(action, uri, c.text, '4242');
      assert.equal(result, c.expected);
      await expectCleared(client, uri, result, c.ruleId);
    });
  }

  test('a client without snippet edits is offered no USER line rather than a guessed uid', async () => {
    const client = await start(false);
    const text = 'FROM alpine:3.20\nCMD ["sh"]\n';
    const { uri, diagnostics } = await openDockerfile(client, 'plain', text);
    const d = only(diagnostics, 'df-missing-user');
    const actions = await client.codeActions(uri, d.range, [d]);
    assert.ok(actions.length > 0, 'the suppression is still offered');
    assert.ok(!actions.some((a) => /USER/.test(a.title)), actions.map((a) => a.title).join(' | '));
  });
});
