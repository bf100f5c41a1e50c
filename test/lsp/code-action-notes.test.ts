// A rewrite's notes stay out of the quick-fix menu: the action's title is the engine's short title,
// and the notes come in a message after the edit is applied (the action's command, which the client
// runs after its edit), as the CLI prints them after applying.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { lintFile, type Fix } from '../../server/src/engine/index.js';
import { fixAction } from '../../server/src/lsp/code-actions.js';
import { fileUri, TestClient } from './lsp-client.js';

const dir = mkdtempSync(join(tmpdir(), 'daemonless-lsp-notes-'));

/** A rewritable job whose rewrite drops an option (a note). */
const WITH_NOTE = `build-image:
  image: docker:27
  services:
    - docker:dind
  script:
    - docker build --pull -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
`;

const fix = (notes?: string[]): Fix => ({ type: 'fix', kind: 'rewrite', title: "Rewrite job 'build' to build with Kaniko", edits: [], notes });

test('the action title is the fix title, whatever its notes; notes make a command, none make none', () => {
  for (const notes of [['dropped docker build option --pull'], ['dropped --pull', 'dropped --network'], [], undefined]) {
    const action = fixAction(fix(notes), 'quickfix', { changes: {} });
    assert.equal(action.title, "Rewrite job 'build' to build with Kaniko");
    if (notes && notes.length > 0) assert.deepEqual(action.command?.arguments, [{ title: "Rewrite job 'build' to build with Kaniko", notes }]);
    else assert.equal(action.command, undefined);
  }
});

describe('an applied rewrite with notes', () => {
  const clients: TestClient[] = [];
  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  test('the menu shows the short title; running the action command shows every note', async () => {
    const client = await TestClient.start({});
    clients.push(client);
    const path = join(dir, 'notes', '.gitlab-ci.yml');
    const uri = fileUri(path);
    client.open(uri, 'yaml', WITH_NOTE, 1);
    const { diagnostics } = await client.waitForPublish(uri, { version: 1 });
    const d = diagnostics.find((x) => x.code === 'ci-dind-service');
    assert.ok(d, 'a ci-dind-service diagnostic');
    const engineFix = lintFile({ path, text: WITH_NOTE }).findings.find((f) => f.ruleId === 'ci-dind-service')!.fix!() as Fix;
    assert.equal(engineFix.type, 'fix');
    assert.ok((engineFix.notes ?? []).length > 0, 'the engine notes something');

    const actions = await client.codeActions(uri, d.range, [d]);
    const rewrites = actions.filter((a) => a.title.startsWith('Rewrite '));
    assert.ok(rewrites.length > 0, actions.map((a) => a.title).join(' | '));
    for (const a of rewrites) {
      assert.equal(a.title, "Rewrite job 'build-image' to build with Kaniko", 'no note in the title');
      assert.ok(a.edit, 'the action edits');
      assert.equal(a.command?.command, 'daemonless.showRewriteNotes');
    }
    const before = client.messages.length;
    const command = rewrites[0].command!;
    assert.equal(await client.executeCommand(command.command, command.arguments), null);
    const shown = await client.waitFor('a window/showMessage', () => client.messages[before]);
    assert.equal(shown.type, 3, 'an information message');
    const lines = shown.message.split('\n');
    assert.equal(lines[0], "Rewrite job 'build-image' to build with Kaniko: applied. Check what changed:");
    assert.deepEqual(lines.slice(1), engineFix.notes!.map((n) => `- ${n}`));
  });
});
