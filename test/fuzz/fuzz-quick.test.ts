// The seeded quick fuzzing run that `npm test` includes (test/fuzz/fuzz-lib.ts has the mutations
// and properties; `npm run fuzz` runs deeper). Fixed seeds keep it reproducible.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFailure, fuzz, loadSeeds } from './fuzz-lib.js';

test('the seed files are there (examples/ at least)', () => {
  assert.ok(loadSeeds().some((s) => s.origin.includes('examples/')));
});

test('mutated real files: no throw, no internal error, ranges inside the text, incremental = fresh, fixes sound', () => {
  const details = fuzz(Number(process.env.DAEMONLESS_FUZZ_RUNS ?? 2_000), 20_261_203);
  assert.equal(details.failed, false, describeFailure(details));
});
