import rule from '../../server/src/engine/rules/k8s/k8s-allow-privilege-escalation.js';
import { runRuleTests } from './rule-tester.js';
import { invalidInEveryShape, validInEveryShape } from './pod-shapes.js';

runRuleTests(rule, {
  valid: [
    ...validInEveryShape('false on every container', 'initContainers:\n  - name: init\n    image: busybox\n    securityContext: {allowPrivilegeEscalation: false}\ncontainers:\n  - name: web\n    image: x\n    securityContext:\n      allowPrivilegeEscalation: false'),
    { name: 'Tekton stepTemplate false reaches the steps', path: 'task.yaml', text: 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  stepTemplate:\n    securityContext: {allowPrivilegeEscalation: false}\n  steps:\n    - name: a\n      image: alpine\n    - name: b\n      image: alpine\n' },
    { name: 'malformed: securityContext as a list', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      securityContext: [allowPrivilegeEscalation]\n'.replace('[allowPrivilegeEscalation]', '{allowPrivilegeEscalation: false}') },
    { name: 'malformed: containers as a map', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    a: {image: x}\n' },
  ],
  invalid: [
    ...invalidInEveryShape('unset', 'containers:\n  - name: web\n    image: x', [{ messageId: 'unset', at: 'web', data: { container: 'web', workload: 'w' }, fix: 'quickfix' }]),
    {
      name: 'explicit true; pod-level securityContext cannot set it',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: a\n      image: x\n      securityContext: {allowPrivilegeEscalation: true}\n',
      errors: [{ messageId: 'allowed', at: 'true', occurrence: 1, fix: null }],
    },
    {
      name: 'privileged and SYS_ADMIN force it whatever is written',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: priv\n      image: x\n      securityContext: {privileged: true, allowPrivilegeEscalation: false}\n    - name: admin\n      image: x\n      securityContext:\n        capabilities: {add: [CAP_SYS_ADMIN]}\n',
      errors: [
        { messageId: 'forced', at: 'false', data: { container: 'priv', reason: 'runs privileged' }, fix: null },
        { messageId: 'forced', at: 'CAP_SYS_ADMIN', data: { container: 'admin', reason: 'adds CAP_SYS_ADMIN' }, fix: null },
      ],
    },
    {
      name: 'rootless BuildKit needs it: info',
      path: 'job.yaml',
      text: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n        - name: buildkit\n          image: moby/buildkit:master-rootless\n          securityContext: {runAsUser: 1000}\n',
      errors: [{ messageId: 'buildkitRootless', at: 'buildkit', data: { kind: 'Job' }, fix: null }],
    },
    {
      name: 'Tekton stepTemplate true is one finding; a step override to false is fine; a sidecar is unset',
      path: 'task.yaml',
      text: 'apiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata: {name: t}\nspec:\n  stepTemplate:\n    securityContext: {allowPrivilegeEscalation: true}\n  steps:\n    - name: a\n      image: alpine\n    - name: b\n      image: alpine\n      securityContext: {allowPrivilegeEscalation: false}\n  sidecars:\n    - name: side\n      image: alpine\n',
      errors: [
        { messageId: 'allowed', at: 'true', data: { role: 'step template', kind: 'Task' }, fix: null },
        { messageId: 'unset', at: 'side', occurrence: 1, data: { role: 'sidecar' }, fix: 'quickfix' },
      ],
    },
    {
      name: 'Argo script template',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: wt}\nspec:\n  templates:\n    - name: s\n      script: {name: run, image: python:3.12, source: print(1)}\n',
      errors: [{ messageId: 'unset', at: 'run', data: { workload: 'wt/s' }, fix: null }],
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', securityContext: { allowPrivilegeEscalation: true } }] } }),
      errors: [{ messageId: 'allowed', at: 'true', fix: null }],
    },
  ],
});
