import rule from '../../server/src/engine/rules/k8s/k8s-run-as-root.js';
import { runRuleTests } from './rule-tester.js';
import { invalidInEveryShape, validInEveryShape } from './pod-shapes.js';

const app = 'containers:\n  - name: web\n    image: nginx:1.25';
const kaniko = 'gcr.io/kaniko-project/executor:v1.23.2';

runRuleTests(rule, {
  valid: [
    ...validInEveryShape('pod-level runAsNonRoot inherited', `securityContext:\n  runAsNonRoot: true\n${app}`),
    ...validInEveryShape('pod-level non-zero runAsUser', `securityContext:\n  runAsUser: 1000\n${app}`),
    { name: 'Kaniko in a pod with hostUsers: false', path: 'pod.yaml', text: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: kaniko\n      image: ${kaniko}\n      securityContext: {runAsNonRoot: false, runAsUser: 0}\n` },
    { name: 'Tekton stepTemplate runAsUser reaches the steps', path: 'task.yaml', text: 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  stepTemplate:\n    securityContext: {runAsUser: 65532}\n  steps:\n    - name: s\n      image: alpine\n' },
    { name: 'malformed: containers as a map', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    app: {image: x}\n' },
    { name: 'malformed: spec as a list', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  - containers: []\n' },
  ],
  invalid: [
    ...invalidInEveryShape('nothing set', app, [{ messageId: 'mayRunAsRoot', at: 'web', data: { container: 'web', role: 'container', workload: 'w' }, fix: null }]),
    ...invalidInEveryShape('pod-level runAsNonRoot: false with a non-zero runAsUser', `securityContext:\n  runAsNonRoot: false\n  runAsUser: 1000\n${app}`, [
      { messageId: 'explicitFalse', at: 'false', data: { subject: 'The pod securityContext (for "web")', users: 'UID 1000', workload: 'w' }, fix: 'quickfix' },
    ]),
    {
      name: 'a container-level non-zero runAsUser under pod runAsNonRoot: false: the pod value is fixable, as it reaches only that container',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: false}\n  containers:\n    - name: a\n      image: x\n      securityContext: {runAsUser: 1001}\n',
      errors: [{ messageId: 'explicitFalse', at: 'false', data: { subject: 'The pod securityContext (for "a")', users: 'UID 1001' }, fix: 'quickfix' }],
    },
    {
      name: 'container runAsNonRoot: false with its own non-zero runAsUser, overriding the pod: fixed on the container',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: a\n      image: x\n      securityContext:\n        runAsNonRoot: false # legacy\n        runAsUser: 1000\n',
      errors: [{ messageId: 'explicitFalse', at: 'false', data: { subject: 'The container "a"', users: 'UID 1000' }, fix: 'quickfix' }],
    },
    {
      name: 'pod runAsNonRoot: false reaching a container without runAsUser: no fix (true could stop a root image from starting)',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    runAsNonRoot: false\n  containers:\n    - name: a\n      image: x\n      securityContext: {runAsUser: 1000}\n    - name: b\n      image: x\n',
      errors: [
        { messageId: 'explicitFalse', at: 'false', data: { subject: 'The pod securityContext (for "a")', users: 'UID 1000' }, fix: null },
        { messageId: 'mayRunAsRoot', at: 'b', occurrence: 0, data: { container: 'b' }, fix: null },
      ],
    },
    {
      name: 'a quoted runAsUser is not a number: no fix',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      securityContext: {runAsNonRoot: false, runAsUser: "1000"}\n',
      errors: [{ messageId: 'mayRunAsRoot', range: [5, 12, 5, 13], data: { container: 'a' }, fix: null }],
    },
    {
      name: 'runAsNonRoot: false with runAsUser: 0: no fix',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      securityContext: {runAsNonRoot: false, runAsUser: 0}\n',
      errors: [{ messageId: 'uidZero', at: '0', data: { subject: 'The container "a"' }, fix: null }],
    },
    {
      name: 'Tekton stepTemplate runAsNonRoot: false reaching steps with UIDs 1000 and 1001',
      path: 'task.yaml',
      text: 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  stepTemplate:\n    securityContext: {runAsNonRoot: false}\n  steps:\n    - name: one\n      image: alpine\n      securityContext: {runAsUser: 1000}\n    - name: two\n      image: alpine\n      securityContext: {runAsUser: 1001}\n',
      errors: [{ messageId: 'explicitFalse', at: 'false', data: { subject: 'The stepTemplate securityContext (for "one", "two")', users: 'UIDs 1000, 1001', kind: 'Task' }, fix: 'quickfix' }],
    },
    {
      name: 'pod-level runAsUser: 0 is one finding for the containers that inherit it; an override to 1000 is fine',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    runAsUser: 0\n  initContainers:\n    - name: init\n      image: busybox\n  containers:\n    - name: a\n      image: x\n    - name: b\n      image: x\n      securityContext: {runAsUser: 1000}\n',
      errors: [{ messageId: 'uidZero', at: '0', occurrence: 0, data: { subject: 'The pod securityContext (for "init", "a")' }, fix: null }],
    },
    {
      name: 'container runAsNonRoot: false overrides the pod',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: a\n      image: x\n      securityContext: {runAsNonRoot: false}\n',
      errors: [{ messageId: 'overridesPod', at: 'false', data: { container: 'a' }, fix: null }],
    },
    {
      name: 'container runAsUser: 0 despite pod runAsNonRoot: true; ephemeral containers count',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers: [{name: a, image: x}]\n  ephemeralContainers:\n    - name: debug\n      image: busybox\n      securityContext: {runAsUser: 0}\n',
      errors: [{ messageId: 'uidZero', at: '0', data: { subject: 'The ephemeral container "debug"' }, fix: null }],
    },
    {
      name: 'Kaniko is info with the hostUsers advice; its sidecar is a warning',
      path: 'pod.yaml',
      text: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: kaniko\n      image: ${kaniko}\n    - name: sidecar\n      image: x\n`,
      errors: [
        { messageId: 'kaniko', at: 'kaniko', data: { container: 'kaniko' }, fix: null },
        { messageId: 'mayRunAsRoot', at: 'sidecar', fix: null },
      ],
    },
    {
      name: 'osscontainertools Kaniko with runAsUser: 0 written',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: build\n      image: ghcr.io/osscontainertools/kaniko:v1.28.5-debug\n      securityContext: {runAsUser: 0}\n',
      errors: [{ messageId: 'kaniko', at: '0', fix: null }],
    },
    {
      name: 'Tekton stepTemplate runAsUser: 0 is reported once on the template value',
      path: 'task.yaml',
      text: 'apiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata: {name: t}\nspec:\n  stepTemplate:\n    securityContext:\n      runAsUser: 0\n  steps:\n    - name: one\n      image: alpine\n    - name: two\n      image: alpine\n  sidecars:\n    - name: side\n      image: alpine\n',
      errors: [
        { messageId: 'uidZero', at: '0', occurrence: 0, data: { subject: 'The stepTemplate securityContext (for "one", "two")', kind: 'Task' }, fix: null },
        { messageId: 'mayRunAsRoot', at: 'side', occurrence: 1, data: { role: 'sidecar' }, fix: null },
      ],
    },
    {
      name: 'Tekton TaskRun podTemplate runAsNonRoot covers the steps, a step override does not',
      path: 'tr.yaml',
      text: 'apiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata: {name: tr}\nspec:\n  podTemplate:\n    securityContext: {runAsNonRoot: true}\n  taskSpec:\n    steps:\n      - name: ok\n        image: alpine\n      - name: root\n        image: alpine\n        securityContext: {runAsNonRoot: false}\n',
      errors: [{ messageId: 'overridesPod', at: 'false', data: { container: 'root', role: 'step', kind: 'TaskRun' }, fix: null }],
    },
    {
      name: 'Argo template without securityContext; the workflow one covers the other',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n  templates:\n    - name: a\n      container: {name: main, image: alpine}\n    - name: b\n      securityContext: {runAsNonRoot: true}\n      script: {name: s, image: python:3.12, source: print(1)}\n',
      errors: [{ messageId: 'mayRunAsRoot', at: 'main', data: { workload: 'wf/a', kind: 'Workflow' }, fix: null }],
    },
    {
      name: 'JSON manifest',
      path: 'deploy.json',
      text: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } }, null, 2),
      errors: [{ messageId: 'mayRunAsRoot', at: '"a"', data: { kind: 'Deployment' }, fix: null }],
    },
  ],
});
