import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has a "${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

test('the README rules table matches the rule registry (npm run rules-table)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rules-table.mjs', '--check'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('Quick start has exactly the two set-up commands, and .ci/run runs the second', () => {
  const blocks = [...section('Quick start').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
  assert.deepEqual(blocks, ['npm ci && npm run build && node dist/cli.js lint examples', 'npm ci && npm test']);
  const ci = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
  assert.match(ci, /^set -euo pipefail$/m);
  assert.match(ci, /^\s*npm ci\b/m);
  assert.match(ci, /^\s*npm test$/m);
  assert.match(ci, /^\s*npm run test:bench$/m, '.ci/run runs the benchmark smoke test that npm test leaves out');
  assert.ok((statSync(join(repoRoot, '.ci', 'run')).mode & 0o111) !== 0, '.ci/run is executable');
});

test('every docs link in the README points at an existing page', () => {
  for (const m of readme.matchAll(/\]\((docs\/[^)#]+)\)/g)) {
    assert.doesNotThrow(() => statSync(join(repoRoot, m[1])), m[1]);
  }
});
