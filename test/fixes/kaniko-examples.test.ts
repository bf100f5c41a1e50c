// The bundled examples are the first thing a user runs `daemonless fix` on: each CI system's example
// (GitLab, GitHub Actions, Kubernetes) must be rewritten, not refused, into output its own parser
// accepts, with no daemon finding left.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/engine/edits.js';
import { lintFile } from '../../server/src/engine/runner.js';
import type { Fix } from '../../server/src/engine/types.js';
import { assertParses } from './golden.js';
import { githubWorkflowErrors, validateKubernetes } from './system-parsers.js';

const examples = join(__dirname, '..', '..', 'examples');
const DAEMON_RULES = new Set(['ci-dind-service', 'ci-dind-no-tls', 'ci-privileged', 'ci-docker-socket', 'k8s-privileged', 'k8s-docker-socket']);
const REWRITE_RULES = new Set(['ci-dind-service', 'k8s-privileged', 'k8s-docker-socket']);

function rewrite(rel: string): { text: string; output: string; fix: Fix } {
  const text = readFileSync(join(examples, rel), 'utf8');
  const findings = lintFile({ path: rel, text }).findings.filter((f) => REWRITE_RULES.has(f.ruleId) && f.fix);
  assert.ok(findings.length > 0, `${rel}: a rule offers the rewrite`);
  const outcomes = findings.map((f) => f.fix!());
  for (const o of outcomes) assert.equal(o.type, 'fix', `${rel}: ${o.type === 'refusal' ? o.reason : ''}`);
  const fix = outcomes[0] as Fix;
  for (const o of outcomes) assert.deepEqual((o as Fix).edits, fix.edits, `${rel}: every finding offers the same rewrite`);
  return { text, output: applyEdits(text, fix.edits), fix };
}

function daemonFindings(rel: string, text: string): string[] {
  return lintFile({ path: rel, text }).findings.filter((f) => DAEMON_RULES.has(f.ruleId)).map((f) => f.ruleId);
}

test('the GitLab example is rewritten', () => {
  const { output } = rewrite('.gitlab-ci.yml');
  assertParses(output, 'gitlab');
  assert.match(output, /\/kaniko\/executor /);
  assert.deepEqual(daemonFindings('.gitlab-ci.yml', output), []);
});

test('the GitHub Actions example is rewritten', () => {
  const rel = '.github/workflows/build.yml';
  const { output } = rewrite(rel);
  assert.deepEqual(githubWorkflowErrors(output), []);
  assert.deepEqual(daemonFindings(rel, output), []);
});

test('the Kubernetes example keeps its privileged DinD sidecar and socket mount, and is rewritten', () => {
  const rel = 'k8s/build-pod.yaml';
  const { text, output, fix } = rewrite(rel);
  assert.deepEqual([...new Set(daemonFindings(rel, text))].sort(), ['ci-dind-service', 'k8s-docker-socket', 'k8s-privileged']);
  assert.ok(validateKubernetes(output) > 0);
  assert.deepEqual(daemonFindings(rel, output), []);
  assert.match(output, /--destination=registry\.example\.com\/app:1\.0/);
  assert.deepEqual(fix.notes, ["the rewritten pod needs a kubernetes.io/dockerconfigjson secret 'regcred'", 'dropped docker build option --pull']);
});
