// `lint --show-suppressed`: suppressed findings stay in the report, marked with whose pragma
// suppressed them, and never decide the exit code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from '../../server/src/cli/args.js';
import { runCli, scratch } from './helpers.js';

const FILES = {
  // df-user-root suppressed by hadolint; df-base-image-unpinned left reported.
  Dockerfile: 'FROM ubuntu\n# hadolint ignore=DL3002\nUSER root\n',
  // k8s-privileged suppressed by a kube-linter annotation.
  'pod.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    ignore-check.kube-linter.io/privileged-container: "device plugin"\nspec:\n  containers:\n    - name: c\n      image: alpine:3.20\n      securityContext:\n        privileged: true\n',
};

interface JsonFinding {
  file: string;
  ruleId: string;
  suppressedBy?: string;
}

function findings(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}

test('--show-suppressed is a lint flag without a value', () => {
  assert.equal(parseArgs(['lint']).showSuppressed, false);
  assert.equal(parseArgs(['lint', '--show-suppressed', 'src']).showSuppressed, true);
  assert.throws(() => parseArgs(['lint', '--show-suppressed=yes']), /takes no value/);
  assert.throws(() => parseArgs(['fix', '--rule', 'df-user-root', '--show-suppressed']), /unknown option/);
});

test('json: suppressed findings appear only with --show-suppressed, each with suppressedBy', () => {
  const dir = scratch(FILES);
  const plain = findings(runCli(['lint', '--format', 'json'], dir).stdout);
  assert.ok(plain.every((f) => !('suppressedBy' in f)));
  assert.ok(!plain.some((f) => f.ruleId === 'df-user-root' || f.ruleId === 'k8s-privileged'));
  assert.ok(plain.some((f) => f.ruleId === 'df-base-image-unpinned'));

  const shown = findings(runCli(['lint', '--format', 'json', '--show-suppressed'], dir).stdout);
  const by = (rule: string) => shown.filter((f) => f.ruleId === rule).map((f) => [f.file, f.suppressedBy]);
  assert.deepEqual(by('df-user-root'), [['Dockerfile', 'hadolint']]);
  assert.deepEqual(by('k8s-privileged'), [['pod.yaml', 'kube-linter']]);
  assert.deepEqual(by('df-base-image-unpinned'), [['Dockerfile', undefined]]);
  // Everything else is what the plain run reported.
  assert.equal(shown.filter((f) => !f.suppressedBy).length, plain.length);
});

test('suppressed findings do not decide the exit code', () => {
  const dir = scratch({ Dockerfile: 'FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\n' });
  assert.equal(runCli(['lint', '--fail-on', 'info'], dir).code, 0);
  assert.equal(runCli(['lint', '--fail-on', 'info', '--show-suppressed', '--format', 'json'], dir).code, 0);
});

test('text names the tool and counts suppressed findings apart; sarif uses its suppressions field', () => {
  const dir = scratch({ Dockerfile: 'FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\n' });
  const text = runCli(['lint', '--show-suppressed'], dir).stdout;
  assert.match(text, /^Dockerfile:3:\d+: warning df-user-root .* \(suppressed by hadolint\)$/m);
  assert.match(text, /^0 problems \(0 errors, 0 warnings, 0 infos\), 1 suppressed$/m);
  const sarif = JSON.parse(runCli(['lint', '--show-suppressed', '--format', 'sarif'], dir).stdout);
  const results = sarif.runs[0].results as { ruleId: string; suppressions?: unknown }[];
  assert.deepEqual(
    results.filter((r) => r.ruleId === 'df-user-root').map((r) => r.suppressions),
    [[{ kind: 'inSource', properties: { suppressedBy: 'hadolint' } }]],
  );
  for (const format of ['codequality', 'github']) {
    assert.doesNotMatch(runCli(['lint', '--show-suppressed', '--format', format], dir).stdout, /df-user-root/, format);
  }
});
