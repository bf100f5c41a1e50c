// A rewrite's notes reach the editor only through the action title, and only when they are short.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixTitle } from '../../server/src/lsp/code-actions.js';
import type { Fix } from '../../server/src/engine/types.js';

const fix = (notes?: string[]): Fix => ({ type: 'fix', kind: 'rewrite', title: "Rewrite job 'build' to build with Kaniko", edits: [], notes });

test('short notes are appended to the title; long ones and none leave it alone', () => {
  assert.equal(fixTitle(fix(['dropped docker build option --pull'])), "Rewrite job 'build' to build with Kaniko — dropped docker build option --pull");
  assert.equal(fixTitle(fix(['dropped --pull', 'dropped --network'])), "Rewrite job 'build' to build with Kaniko — dropped --pull; dropped --network");
  const long = ["the registry cache becomes --cache-repo: Kaniko caches each instruction there and stops at the first miss, unlike BuildKit's --cache-from/--cache-to"];
  assert.equal(fixTitle(fix(long)), "Rewrite job 'build' to build with Kaniko");
  assert.equal(fixTitle(fix([])), "Rewrite job 'build' to build with Kaniko");
  assert.equal(fixTitle(fix()), "Rewrite job 'build' to build with Kaniko");
});
