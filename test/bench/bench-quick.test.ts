// Proves the benchmark still runs: `--quick` must exit 0 and print a line for every target. It does not
// assert that targets pass (timings are not test material).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedSkip } from '../support/shared-data.js';

const repoRoot = join(__dirname, '..', '..');

test('npm run bench:quick prints a line for every target T1…T9', { timeout: 240_000, skip: sharedSkip('bench') }, () => {
  const run = spawnSync(process.execPath, [join(repoRoot, 'test/bench/run.mjs'), '--quick'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(run.status, 0, `bench exited ${run.status}\n${run.stdout}\n${run.stderr}`);
  const lines = run.stdout.split('\n');
  for (let i = 1; i <= 9; i++) {
    const id = `T${i}`;
    const line = lines.find((l) => l.startsWith(`${id} `));
    assert.ok(line, `no line for ${id} in:\n${run.stdout}`);
    assert.match(line, /\b(PASS|FAIL|n\/a)\b/, `${id} line has no status: ${line}`);
  }
});
