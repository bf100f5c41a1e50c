// Tests that read ../shared skip, with the shared reason, when it is missing: a corpus-reading test file
// run with the shared root pointed at a folder that does not exist reports skips and no failure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { sharedDir, sharedMissing, sharedRoot, sharedSkip } from './shared-data.js';

const repoRoot = resolve(__dirname, '..', '..');

test('the shared root defaults to ../shared beside the repository', { skip: process.env.DAEMONLESS_SHARED_DIR ? 'DAEMONLESS_SHARED_DIR is set' : false }, () => {
  assert.equal(sharedRoot(), resolve(repoRoot, '..', 'shared'));
  assert.equal(sharedDir('corpus', 'gitlab'), resolve(repoRoot, '..', 'shared', 'corpus', 'gitlab'));
  assert.equal(sharedMissing('corpus'), '../shared/corpus is not present');
  assert.equal(sharedSkip('corpus'), existsSync(sharedDir('corpus')) ? false : '../shared/corpus is not present');
});

test('with the shared root missing, a corpus-reading test file skips its corpus tests and fails none', () => {
  const empty = mkdtempSync(join(tmpdir(), 'daemonless-no-shared-'));
  const missing = join(empty, 'shared');
  try {
    // Without NODE_TEST_CONTEXT the inner runner reports to its own stdout rather than to this one.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', 'test/engine/gitlab-model.test.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...env, DAEMONLESS_SHARED_DIR: missing },
    });
    const out = run.stdout;
    assert.equal(run.status, 0, `the file failed:\n${out}\n${run.stderr}`);
    assert.match(out, /^# fail 0$/m);
    assert.match(out, /^# pass [1-9]/m, 'the tests that need no shared data still run');
    const skipped = Number(/^# skipped (\d+)$/m.exec(out)?.[1]);
    assert.ok(skipped > 0, `nothing skipped:\n${out}`);
    const reasons = [...out.matchAll(/# SKIP (.*)$/gm)].map((m) => m[1]);
    assert.equal(reasons.length, skipped);
    assert.deepEqual([...new Set(reasons)], [`${join(missing, 'corpus')} is not present`]);
    assert.doesNotMatch(out + run.stderr, /ENOENT/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
