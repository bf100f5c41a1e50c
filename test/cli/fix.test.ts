import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyPatch } from 'diff';
import { runFix, fixText } from '../../server/src/cli/commands/fix.js';
import type { Io } from '../../server/src/cli/io.js';
import { allRules } from '../../server/src/engine/registry.js';
import { defineRule, type Rule } from '../../server/src/engine/rule.js';
import { repoRoot, runCli, scratch } from './helpers.js';

// Test-only rules reached through runFix's rules parameter, so fixes that really edit can be exercised
// whatever the registered rules offer today.
const pin = defineRule({
  id: 'test-pin',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: { description: 'test: pins :latest' },
  messages: { latest: 'unpinned' },
  check(ctx) {
    for (const m of ctx.file.text.matchAll(/:latest\b/g)) {
      const start = m.index! + 1;
      // Two findings on one tag offer the same rewrite; it must be applied once.
      for (let i = 0; i < 2; i++) {
        ctx.report({ messageId: 'latest', start, end: start + 6, fix: () => ({ type: 'fix', kind: 'quickfix', title: 'Pin to 1.0', edits: [{ start, end: start + 6, text: '1.0' }] }) });
      }
    }
  },
});
const stage = defineRule({
  id: 'test-as',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: { description: 'test: names the stage' },
  messages: { unnamed: 'unnamed stage' },
  check(ctx) {
    for (const m of ctx.file.text.matchAll(/^FROM (\S+)$/gim)) {
      const start = m.index!;
      const end = start + m[0].length;
      ctx.report({ messageId: 'unnamed', start, end, fix: () => ({ type: 'fix', kind: 'quickfix', title: 'Name the stage', edits: [{ start, end, text: `${m[0]} AS base` }] }) });
    }
  },
});
const lower = defineRule({
  id: 'test-lower',
  targets: ['dockerfile'],
  severity: 'hint',
  docs: { description: 'test: lower-case keyword' },
  messages: { upper: 'upper-case keyword' },
  check(ctx) {
    for (const m of ctx.file.text.matchAll(/^FROM\b/gm)) {
      const start = m.index!;
      ctx.report({ messageId: 'upper', start, end: start + 4, fix: () => ({ type: 'fix', kind: 'quickfix', title: 'Lower-case FROM', edits: [{ start, end: start + 4, text: 'from' }] }) });
    }
  },
});
const refuse = defineRule({
  id: 'test-refuse',
  targets: ['dockerfile', 'gitlab-ci'],
  severity: 'error',
  docs: { description: 'test: always refuses' },
  messages: { run: 'a RUN' },
  check(ctx) {
    for (const m of ctx.file.text.matchAll(/RUN/g)) {
      ctx.report({ messageId: 'run', start: m.index!, end: m.index! + 3, fix: () => ({ type: 'refusal', title: 'Rewrite the build', reason: 'the job runs containers' }) });
    }
  },
});
const broken = defineRule({
  id: 'test-broken-fix',
  targets: ['dockerfile'],
  severity: 'error',
  docs: { description: 'test: fix throws' },
  messages: { any: 'any' },
  check(ctx) {
    ctx.report({ messageId: 'any', start: 0, end: 1, fix: () => { throw new Error('no fix today'); } });
  },
});
const rules = [pin, stage, lower, refuse, broken] as Rule[];

function capture(cwd: string): Io & { out: string; err: string } {
  const io = { cwd, out: '', err: '', stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

const DOCKERFILE = 'FROM alpine:latest\nRUN echo hi\nRUN echo again\n';

test('without --write: a unified diff with a/ b/ paths, identical fixes applied once, files untouched', async () => {
  const dir = scratch({ 'app/Dockerfile': DOCKERFILE });
  const io = capture(dir);
  const code = await runFix({ paths: ['.'], ruleIds: ['test-pin'], write: false, lint: {}, exclude: [] }, io, rules);
  assert.equal(code, 0, io.err);
  assert.match(io.out, /^--- a\/app\/Dockerfile\t?/m);
  assert.match(io.out, /^\+\+\+ b\/app\/Dockerfile\t?/m);
  assert.match(io.out, /^-FROM alpine:latest$/m);
  assert.match(io.out, /^\+FROM alpine:1\.0$/m);
  assert.equal(applyPatch(DOCKERFILE, io.out), 'FROM alpine:1.0\nRUN echo hi\nRUN echo again\n');
  assert.equal(readFileSync(join(dir, 'app/Dockerfile'), 'utf8'), DOCKERFILE);
  assert.match(io.err, /would apply 1 fix in 1 file, 0 refused/);
});

test('--write edits the file and keeps a byte-order mark and CRLF line endings', async () => {
  const dir = scratch({ Dockerfile: '\uFEFFFROM alpine:latest\r\nUSER app\r\n' });
  const io = capture(dir);
  const code = await runFix({ paths: ['Dockerfile'], ruleIds: ['test-pin'], write: true, lint: {}, exclude: [] }, io, rules);
  assert.equal(code, 0, io.err);
  assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), '\uFEFFFROM alpine:1.0\r\nUSER app\r\n');
  assert.equal(io.out, 'Dockerfile: applied Pin to 1.0\n');
});

test('overlapping fixes are applied over several passes; only the requested rules are fixed', async () => {
  const text = 'FROM alpine\n';
  const both = fixText({ abs: '/x/Dockerfile', rel: 'Dockerfile', explicit: true }, text, new Set(['test-as', 'test-lower']), {}, rules);
  assert.equal(both.output, 'from alpine AS base\n');
  assert.deepEqual(both.applied.map((f) => f.title), ['Lower-case FROM', 'Name the stage'], 'the shorter edit first, the other on the next pass');
  assert.deepEqual(both.unplaced, []);
  const one = fixText({ abs: '/x/Dockerfile', rel: 'Dockerfile', explicit: true }, text, new Set(['test-lower']), {}, rules);
  assert.equal(one.output, 'from alpine\n');
});

test('refusals are printed once per distinct refusal as path:line:col: refused <title>: <reason>, exit 0', async () => {
  const dir = scratch({ Dockerfile: DOCKERFILE });
  const io = capture(dir);
  const code = await runFix({ paths: ['.'], ruleIds: ['test-refuse'], write: true, lint: {}, exclude: [] }, io, rules);
  assert.equal(code, 0);
  assert.equal(io.out, '');
  assert.deepEqual(io.err.trimEnd().split('\n'), [
    'Dockerfile:2:1: refused Rewrite the build: the job runs containers',
    'applied 0 fixes in 0 files, 1 refused',
  ]);
  assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), DOCKERFILE);
});

test('a fix that throws is reported and makes the run fail with 2; the other fixes still apply', async () => {
  const dir = scratch({ Dockerfile: DOCKERFILE });
  const io = capture(dir);
  const code = await runFix({ paths: ['.'], ruleIds: ['test-broken-fix', 'test-pin'], write: true, lint: {}, exclude: [] }, io, rules);
  assert.equal(code, 2);
  assert.match(io.err, /^Dockerfile:1:1: error test-broken-fix fix failed: no fix today$/m);
  assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), DOCKERFILE.replace('latest', '1.0'));
});

test('a requested rule switched off in the config is still fixed; an unknown rule is a usage error', async () => {
  const dir = scratch({ Dockerfile: DOCKERFILE });
  const io = capture(dir);
  assert.equal(await runFix({ paths: ['.'], ruleIds: ['test-pin'], write: false, lint: { rules: { 'test-pin': 'off' } }, exclude: [] }, io, rules), 0);
  assert.match(io.out, /^\+FROM alpine:1\.0$/m);
  await assert.rejects(runFix({ paths: ['.'], ruleIds: ['nope'], write: false, lint: {}, exclude: [] }, capture(dir), rules), /unknown rule 'nope'/);
});

// End to end through dist/cli.js with the registered rules: whatever their fixes return today (a
// rewrite or a refusal), the CLI's diff, --write result and refusal lines match the engine's outcome.
const KANIKO_RULES = ['ci-dind-service', 'ci-docker-socket', 'ci-privileged', 'k8s-privileged', 'k8s-docker-socket'];

test('dist/cli.js fix over the examples: diff, --write and refusals agree with the engine', () => {
  const registered = KANIKO_RULES.filter((id) => allRules.some((r) => r.id === id));
  const requested = registered.length > 0 ? registered : [allRules[0]?.id].filter(Boolean);
  const usage = runCli(['fix', 'examples'], repoRoot);
  assert.equal(usage.code, 2, 'fix without --rule is a usage error');
  assert.equal(runCli(['fix', '.', '--rule', 'no-such-rule'], repoRoot).code, 2);
  if (requested.length === 0) return; // no rules registered yet: nothing more to compare
  const files: Record<string, string> = {};
  for (const path of ['.gitlab-ci.yml', 'k8s/build-pod.yaml', '.github/workflows/build.yml', 'Dockerfile']) {
    files[path] = readFileSync(join(repoRoot, 'examples', path), 'utf8');
  }
  const dir = scratch(files);
  const ids = new Set(requested);
  const expected = Object.entries(files).map(([rel, text]) => ({ rel, text, result: fixText({ abs: join(dir, rel), rel, explicit: false }, text, ids, {}, allRules) }));

  const dry = runCli(['fix', '.', '--rule', requested.join(',')], dir);
  assert.equal(dry.code, 0, dry.stderr);
  const refusalLines = dry.stderr.split('\n').filter((l) => l.includes(': refused '));
  const expectedRefusals = expected.flatMap((e) => e.result.refusals.map((r) => `${e.rel}:${r.line + 1}:${r.character + 1}: refused ${r.item.title}: ${r.item.reason}`));
  assert.deepEqual(refusalLines.sort(), expectedRefusals.sort());
  for (const e of expected) {
    const start = dry.stdout.indexOf(`--- a/${e.rel}`);
    if (e.result.output === e.text) {
      assert.equal(start, -1, `${e.rel} unchanged, so no diff`);
      continue;
    }
    assert.ok(start >= 0, `diff for ${e.rel}`);
    const next = dry.stdout.indexOf('\n===', start);
    assert.equal(applyPatch(e.text, dry.stdout.slice(start, next < 0 ? undefined : next + 1)), e.result.output);
  }

  const wet = runCli(['fix', '.', '--rule', requested.join(','), '--write'], dir);
  assert.equal(wet.code, 0, wet.stderr);
  for (const e of expected) assert.equal(readFileSync(join(dir, e.rel), 'utf8'), e.result.output, e.rel);
});

test('notes of an applied rewrite are printed as path:line:col: note <title>: <note>', async () => {
  const gitlab = 'build:\n  image: docker:27\n  services:\n    - docker:27-dind\n  script:\n    - docker build --pull -t "$CI_REGISTRY_IMAGE" .\n    - docker push "$CI_REGISTRY_IMAGE"\n';
  const dir = scratch({ '.gitlab-ci.yml': gitlab });
  const io = capture(dir);
  assert.equal(await runFix({ paths: ['.'], ruleIds: ['ci-dind-service'], write: false, lint: {}, exclude: [] }, io, allRules), 0, io.err);
  assert.match(io.out, /^\+ +\/kaniko\/executor \\$/m);
  assert.deepEqual(io.err.split('\n').filter((l) => l.includes(': note ')), [
    ".gitlab-ci.yml:4:7: note Rewrite job 'build' to build with Kaniko: dropped docker build option --pull",
  ]);
});
