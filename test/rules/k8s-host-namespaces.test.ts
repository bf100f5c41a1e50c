import rule from '../../server/src/engine/rules/k8s/k8s-host-namespaces.js';
import { runRuleTests } from './rule-tester.js';
import { invalidInEveryShape, validInEveryShape } from './pod-shapes.js';

const containers = 'containers:\n  - name: app\n    image: nginx:1.25';

runRuleTests(rule, {
  valid: [
    ...validInEveryShape('no host namespace', containers),
    ...validInEveryShape('all false', `hostPID: false\nhostIPC: false\nhostNetwork: false\n${containers}`),
    { name: 'quoted "true" is a string, which the API server rejects', path: 'pod.yaml', text: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: "true"\n  containers: [{name: a, image: x}]\n` },
    { name: 'a ConfigMap holding the words', path: 'cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  hostPID: "true"\n' },
    { name: 'malformed: spec is a list', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  - hostPID: true\n' },
    { name: 'hostNetwork nested in a container is not the pod field', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      hostNetwork: true\n' },
    { name: 'suppressed', path: 'ds.yaml', text: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec:\n      # daemonless ignore=k8s-host-namespaces -- node agent, reviewed\n      hostNetwork: true\n      containers: [{name: a, image: x}]\n' },
  ],
  invalid: [
    ...invalidInEveryShape('hostPID and hostNetwork', `hostPID: true\nhostNetwork: yes\n${containers}`, [
      { messageId: 'hostNamespace', at: 'true', data: { field: 'hostPID', workload: 'w' }, fix: null },
      { messageId: 'hostNamespace', at: 'yes', data: { field: 'hostNetwork' }, fix: null },
    ]),
    {
      name: 'Argo workflow-level hostIPC reaches each template',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n  hostIPC: true\n  templates:\n    - name: build\n      container: {image: alpine:3.19}\n',
      errors: [{ messageId: 'hostNamespace', at: 'true', data: { field: 'hostIPC', kind: 'Workflow', workload: 'wf/build' }, fix: null }],
    },
    {
      name: 'Tekton TaskRun podTemplate hostNetwork',
      path: 'tr.yaml',
      text: 'apiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata: {name: tr}\nspec:\n  podTemplate:\n    hostNetwork: true\n  taskSpec:\n    steps:\n      - name: s\n        image: alpine\n',
      errors: [{ messageId: 'hostNamespace', at: 'true', data: { field: 'hostNetwork', kind: 'TaskRun', workload: 'tr' }, fix: null }],
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostPID: true, containers: [{ name: 'a', image: 'x' }] } }, null, 2),
      errors: [{ messageId: 'hostNamespace', at: 'true', data: { field: 'hostPID', kind: 'Pod', workload: 'p' }, fix: null }],
    },
  ],
});
