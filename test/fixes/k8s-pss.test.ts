// Golden tests of the pod-hardening quick fixes: each case directory holds input.<ext>, case.json
// (the rule and the message id whose fix is applied; `alternative`: the index of the alternative
// fix applied instead, for findings that let the user choose) and expected.<ext>. Every fix is checked for the
// exact expected bytes, nothing changed outside its edits, no overlapping edits, output that parses
// (and validates as Kubernetes objects), and its rule no longer reporting that message there.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findRule } from '../../server/src/engine/registry.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { applyChecked, assertParses } from './golden.js';
import { validateKubernetes } from './system-parsers.js';

const root = join(__dirname, 'k8s-pss');
const update = process.env.DAEMONLESS_UPDATE_GOLDEN === '1';

for (const name of readdirSync(root).sort()) {
  const dir = join(root, name);
  const inputName = readdirSync(dir).find((f) => f.startsWith('input.'))!;
  const ext = inputName.slice('input.'.length);
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { rule: string; messageId: string; alternative?: number };
  const input = readFileSync(join(dir, inputName), 'utf8');
  const path = `manifest.${ext}`;
  test(`k8s-pss/${name}: ${spec.rule} ${spec.messageId} fixed in place`, () => {
    const rule = findRule(spec.rule);
    assert.ok(rule, `${spec.rule} is registered`);
    const before = lintFile({ path, text: input }, {}, [rule]).findings.filter((f) => f.messageId === spec.messageId);
    assert.ok(before.length > 0, 'the rule reports the message on the input');
    const outcome = spec.alternative === undefined ? before[0].fix?.() : before[0].alternativeFixes?.()[spec.alternative];
    assert.ok(outcome && outcome.type === 'fix', 'the finding offers a fix');
    if (outcome.type !== 'fix') return;
    assert.equal(outcome.kind, 'quickfix');
    const output = applyChecked(input, outcome.edits);
    const expectedPath = join(dir, `expected.${ext}`);
    if (update) writeFileSync(expectedPath, output);
    assert.ok(existsSync(expectedPath), 'expected file present');
    assert.equal(output, readFileSync(expectedPath, 'utf8'));
    assertParses(output, name);
    if (ext === 'json') assert.doesNotThrow(() => JSON.parse(output), 'a JSON manifest stays JSON');
    // kubernetes-models checks the Pods, Jobs and CronJobs (it throws on an invalid one).
    const validated = validateKubernetes(output);
    if (/"?kind"?: "?(Pod|Job|CronJob)"?[,\n]/.test(output)) assert.ok(validated > 0, 'kubernetes-models validated the fixed object');
    const after = lintFile({ path, text: output }, {}, [rule]).findings;
    assert.ok(after.filter((f) => f.messageId === spec.messageId).length < before.length, 'the fixed finding is gone');
    const had = new Set(lintFile({ path, text: input }, {}, [rule]).findings.map((f) => `${f.messageId} ${JSON.stringify(f.data)}`));
    assert.deepEqual(after.map((f) => `${f.messageId} ${JSON.stringify(f.data)}`).filter((k) => !had.has(k)), [], 'no new finding of the rule');
  });
}

test('a fix is not offered where the edit could be wrong', () => {
  const notOffered = (ruleId: string, path: string, text: string) => {
    const rule = findRule(ruleId)!;
    const findings = lintFile({ path, text }, {}, [rule]).findings;
    assert.ok(findings.length > 0, `${ruleId} reports`);
    assert.deepEqual(findings.map((f) => f.fix), findings.map(() => undefined), `${ruleId} offers no fix`);
  };
  // An anchored container reused elsewhere: an edit would change both.
  notOffered('k8s-allow-privilege-escalation', 'p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - &c\n      name: a\n      image: x\n  initContainers:\n    - *c\n');
  // A flow-style securityContext with other keys keeps its line as is.
  notOffered('k8s-privileged', 'p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      securityContext: {privileged: true, runAsUser: 1000}\n');
  // A merge key may be where the securityContext comes from.
  notOffered('k8s-capabilities-drop-all', 'p.yaml', 'base: &b\n  image: x\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - <<: *b\n      name: a\n');
  // runAsNonRoot: false in an anchored securityContext another container reuses: true would reach both.
  notOffered('k8s-run-as-root', 'p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      securityContext: &sc {runAsNonRoot: false, runAsUser: 1000}\n    - name: b\n      image: x\n      securityContext: *sc\n');
  // A pod spec reached through a merge key: the automount edit could land in the shared part.
  notOffered('k8s-automount-service-account-token', 'p.yaml', 'base: &b\n  restartPolicy: Never\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  <<: *b\n  containers:\n    - name: k\n      image: gcr.io/kaniko-project/executor:v1.23.2\n');
  // Tekton steps get no pod-level seccomp edit: the Task has no pod securityContext.
  notOffered('k8s-seccomp', 't.yaml', 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  steps:\n    - name: a\n      image: alpine\n');
});
