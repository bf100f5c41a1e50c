// `daemonless fix` never picks among a finding's alternative quick fixes: a namespace without an
// enforce label stays as it is (the user chooses restricted or baseline in the editor), while a
// miscased level, which says what was meant, is fixed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixText } from '../../server/src/cli/commands/fix.js';
import { allRules } from '../../server/src/engine/registry.js';

const RULE = 'k8s-namespace-pod-security';
const file = { abs: '/x/ns.yaml', rel: 'ns.yaml', explicit: true };
const ns = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: builds\n${labels}`;

test('the CLI applies none of the alternatives', () => {
  for (const text of [ns(''), ns('  labels:\n    pod-security.kubernetes.io/enforce: privileged\n')]) {
    const result = fixText(file, text, new Set([RULE]), {}, allRules);
    assert.equal(result.output, text);
    assert.deepEqual(result.applied, []);
  }
});

test('the one fix of a miscased level is applied', () => {
  const result = fixText(file, ns('  labels:\n    pod-security.kubernetes.io/enforce: Restricted\n'), new Set([RULE]), {}, allRules);
  assert.equal(result.output, ns('  labels:\n    pod-security.kubernetes.io/enforce: restricted\n'));
  assert.equal(result.applied.length, 1);
});
