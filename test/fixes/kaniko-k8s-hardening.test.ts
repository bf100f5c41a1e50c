// The Kaniko rewrite's own Kubernetes output (the kaniko-k8s goldens) judged by the pod-hardening and
// Kaniko rules: the executor container and its pod must pass every rule Kaniko can satisfy, and carry
// only the infos the rule pages document for Kaniko's needs (UID 0 in its container, part of the
// default capabilities, no user namespace assumed). Containers the rewrite kept from the input (an
// init container that clones the repository) are the user's, and not judged here.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { builderOf } from '../../server/src/engine/model/facts/pod-security.js';
import { podSpecs } from '../../server/src/engine/model/k8s/pod-spec.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { allRules } from '../../server/src/engine/registry.js';
import { lintFile } from '../../server/src/engine/runner.js';
import type { Finding } from '../../server/src/engine/types.js';
import { loadCases } from './golden.js';

const PATH = 'build.yaml';
const RULES = allRules.filter((r) => r.id.startsWith('k8s-') || r.id.startsWith('kaniko-'));

/** The infos Kaniko's documented needs cause (docs/rules/k8s-capabilities-drop-all.md, k8s-host-users.md, k8s-run-as-root.md). */
const DOCUMENTED_INFOS = ['k8s-capabilities-drop-all kaniko info', 'k8s-host-users missing info', 'k8s-run-as-root kaniko info'];

/** Rules whose every finding Kaniko can avoid in its own container and pod. */
const SATISFIABLE = [
  'k8s-allow-privilege-escalation',
  'k8s-automount-service-account-token',
  'k8s-dangerous-capability',
  'k8s-docker-socket',
  'k8s-host-namespaces',
  'k8s-host-path',
  'k8s-privileged',
  'k8s-seccomp',
  'kaniko-executor-archived',
  'kaniko-executor-unpinned',
  'kaniko-inline-credentials',
  'kaniko-insecure-registry',
  'kaniko-privileged',
  'kaniko-secret-build-arg',
];

/**
 * The rewrite turns the token off only where the executor is the pod's one container: a container
 * kept from the input may call the Kubernetes API, so there the finding stays for the user to judge.
 */
const KEPT_CONTAINER_MAY_NEED = 'k8s-automount-service-account-token';

const within = (f: Finding, r: { start: number; end: number }) => f.start >= r.start && f.end <= r.end;

/** The findings about the Kaniko container and its pod in the rewritten document: those about a container kept from the input are left out. */
function kanikoFindings(text: string, document: number): { findings: Finding[]; kept: number } {
  const file = new ParsedFile({ path: PATH, text }, 'k8s');
  const doc = file.yaml.documents[document];
  const range = { start: doc.range[0], end: doc.range[2] };
  const pods = podSpecs(file).filter((p) => p.document === document);
  const containers = pods.flatMap((p) => p.containers);
  assert.ok(containers.some((c) => builderOf(c.resolvedImage) === 'kaniko'), 'the rewritten document runs Kaniko');
  const others = containers.filter((c) => builderOf(c.resolvedImage) !== 'kaniko');
  const findings = lintFile(file, {}, RULES).findings.filter((f) =>
    within(f, range) && !others.some((c) => within(f, c.range) || (f.data.container !== undefined && f.data.container === c.name)),
  );
  return { findings, kept: others.length };
}

for (const c of loadCases(join(__dirname, 'kaniko-k8s'))) {
  if (c.expected === undefined || c.target.system !== 'k8s') continue;
  const output = c.expected;
  const document = c.target.document;
  const { findings, kept } = kanikoFindings(output, document);
  const describe = (list: Finding[]) => list.map((f) => `${f.ruleId} ${f.messageId}: ${f.message}`).join('\n');

  test(`kaniko-k8s/${c.name}: the executor carries exactly the documented infos`, () => {
    const infos = findings.filter((f) => f.severity === 'info' || f.severity === 'hint');
    assert.deepEqual(infos.map((f) => `${f.ruleId} ${f.messageId} ${f.severity}`).sort(), DOCUMENTED_INFOS, describe(infos));
  });
  for (const ruleId of SATISFIABLE) {
    const keptMayNeed = ruleId === KEPT_CONTAINER_MAY_NEED && kept > 0;
    test(`kaniko-k8s/${c.name}: ${keptMayNeed ? 'a kept container keeps the pod\'s token, so' : 'the executor and its pod pass'} ${ruleId}`, () => {
      const found = findings.filter((f) => f.ruleId === ruleId);
      if (keptMayNeed) {
        assert.equal(found.length, 1, describe(found));
        return;
      }
      assert.deepEqual(found.map((f) => `${f.messageId} ${f.severity}`), [], describe(found));
    });
  }
  test(`kaniko-k8s/${c.name}: no other warning or error`, () => {
    const rest = findings.filter((f) => (f.severity === 'warning' || f.severity === 'error') && !(kept > 0 && f.ruleId === KEPT_CONTAINER_MAY_NEED));
    assert.deepEqual(rest.map((f) => `${f.ruleId} ${f.messageId}`), [], describe(rest));
  });
}
