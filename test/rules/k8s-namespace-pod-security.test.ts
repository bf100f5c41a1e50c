import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/engine/edits.js';
import { parseYaml } from '../../server/src/engine/parse/yaml.js';
import rule from '../../server/src/engine/rules/k8s/k8s-namespace-pod-security.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const ns = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: builds\n${labels}`;

runRuleTests(rule, {
  valid: [
    { name: 'restricted', path: 'ns.yaml', text: ns('  labels:\n    pod-security.kubernetes.io/enforce: restricted\n') },
    { name: 'baseline with a version and warn restricted', path: 'ns.yaml', text: ns('  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: v1.30\n    pod-security.kubernetes.io/warn: restricted\n') },
    { name: 'a pod is not a namespace', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: builds}\nspec:\n  containers: [{name: a, image: x}]\n' },
    { name: 'a ConfigMap with labels as a list', path: 'other.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: [a]\n' },
  ],
  invalid: [
    { name: 'no labels', path: 'ns.yaml', text: ns(''), errors: [{ messageId: 'missing', at: 'builds', data: { name: 'builds', others: '' }, fix: null }] },
    {
      name: 'warn and audit only',
      path: 'ns.yaml',
      text: ns('  labels:\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/audit: restricted\n'),
      errors: [{ messageId: 'missing', at: 'builds', data: { others: ' (only warn and audit, which do not block)' }, fix: null }],
    },
    { name: 'privileged', path: 'ns.yaml', text: ns('  labels:\n    pod-security.kubernetes.io/enforce: privileged\n'), errors: [{ messageId: 'privileged', at: 'privileged', fix: null }] },
    { name: 'wrong case', path: 'ns.yaml', text: ns('  labels:\n    pod-security.kubernetes.io/enforce: Restricted\n'), errors: [{ messageId: 'invalid', at: 'Restricted', data: { value: 'Restricted' }, fix: 'quickfix' }] },
    { name: 'an unknown level', path: 'ns.yaml', text: ns('  labels:\n    pod-security.kubernetes.io/enforce: strict\n'), errors: [{ messageId: 'invalid', at: 'strict', data: { value: 'strict' }, fix: null }] },
    {
      name: 'malformed labels as a list: no enforce label',
      path: 'ns.yaml',
      text: ns('  labels: [pod-security.kubernetes.io/enforce]\n'),
      errors: [{ messageId: 'missing', at: 'builds', fix: null }],
    },
    {
      name: 'in a List, and a JSON manifest',
      path: 'ns.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ci', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } }] }),
      errors: [{ messageId: 'privileged', at: '"privileged"', data: { name: 'ci' }, fix: null }],
    },
  ],
});

// The level is the user's choice: restricted first, then baseline, each a valid file the rule accepts.
test('missing, privileged and unknown levels offer restricted then baseline, and no single fix', () => {
  const cases = [
    ns(''),
    ns('  labels:\n    pod-security.kubernetes.io/enforce: privileged # was\n'),
    ns('  labels:\n    pod-security.kubernetes.io/enforce: strict\n'),
    ns('  labels: {}\n'),
  ];
  for (const text of cases) {
    const [finding] = lintFile({ path: 'ns.yaml', text }, {}, [rule]).findings;
    assert.ok(finding, text);
    assert.equal(finding.fix, undefined, 'fix-all and the CLI get nothing to apply');
    const choices = finding.alternativeFixes?.() ?? [];
    assert.deepEqual(choices.map((f) => f.title), ['Enforce the restricted Pod Security Standard on namespace "builds"', 'Enforce the baseline Pod Security Standard on namespace "builds"']);
    for (const [i, level] of ['restricted', 'baseline'].entries()) {
      assert.equal(choices[i].kind, 'quickfix');
      const output = applyEdits(text, choices[i].edits);
      const parsed = parseYaml(output);
      assert.equal(parsed.errors.length, 0, output);
      assert.equal((parsed.documents[0].toJS() as { metadata: { labels: Record<string, string> } }).metadata.labels['pod-security.kubernetes.io/enforce'], level);
      assert.deepEqual(lintFile({ path: 'ns.yaml', text: output }, {}, [rule]).findings, [], output);
    }
  }
});
