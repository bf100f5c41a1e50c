import rule from '../../server/src/engine/rules/k8s/k8s-namespace-pod-security.js';
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
    { name: 'no labels', path: 'ns.yaml', text: ns(''), errors: [{ messageId: 'missing', at: 'builds', data: { name: 'builds', others: '' }, fix: 'quickfix' }] },
    {
      name: 'warn and audit only',
      path: 'ns.yaml',
      text: ns('  labels:\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/audit: restricted\n'),
      errors: [{ messageId: 'missing', at: 'builds', data: { others: ' (only warn and audit, which do not block)' }, fix: 'quickfix' }],
    },
    { name: 'privileged', path: 'ns.yaml', text: ns('  labels:\n    pod-security.kubernetes.io/enforce: privileged\n'), errors: [{ messageId: 'privileged', at: 'privileged', fix: 'quickfix' }] },
    { name: 'wrong case', path: 'ns.yaml', text: ns('  labels:\n    pod-security.kubernetes.io/enforce: Restricted\n'), errors: [{ messageId: 'invalid', at: 'Restricted', data: { value: 'Restricted' }, fix: 'quickfix' }] },
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
