// The short language-server soak that `npm test` includes (test/soak/soak-lib.ts has the edits and
// the comparison; `npm run soak` runs 10,000 edits). A fixed seed keeps it reproducible.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedSkip } from '../support/shared-data.js';
import { MAX_SERVER_RSS_KB, soak } from './soak-lib.js';

test('500 random edits through the protocol: the published diagnostics equal the CLI on the same texts; server memory bounded', { skip: sharedSkip('corpus') }, async () => {
  const result = await soak({ edits: Number(process.env.DAEMONLESS_SOAK_EDITS ?? 500), seed: 20_261_204, checkEvery: 250 });
  assert.deepEqual(result.mismatches.map((m) => m.description), []);
  assert.equal(result.checkpoints, 2);
  for (const kind of ['deleteKey', 'splitDocument', 'paste', 'deleteRange', 'undo']) assert.ok((result.kinds[kind] ?? 0) > 0, `${kind} edits were made`);
  if (result.rss) assert.ok(result.rss.peak < MAX_SERVER_RSS_KB, `server RSS peaked at ${result.rss.peak} kB`);
});
