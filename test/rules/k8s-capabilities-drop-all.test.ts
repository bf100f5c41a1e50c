import rule from '../../server/src/engine/rules/k8s/k8s-capabilities-drop-all.js';
import { runRuleTests } from './rule-tester.js';
import { invalidInEveryShape, validInEveryShape } from './pod-shapes.js';

const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${containers}`;

runRuleTests(rule, {
  valid: [
    ...validInEveryShape('drop ALL', 'containers:\n  - name: web\n    image: x\n    securityContext:\n      capabilities:\n        drop: [ALL]\n        add: [NET_BIND_SERVICE]'),
    { name: 'drop all in lower case', path: 'pod.yaml', text: pod('    - name: a\n      image: x\n      securityContext: {capabilities: {drop: [all]}}\n') },
    { name: 'Tekton stepTemplate drop ALL reaches the steps', path: 'task.yaml', text: 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  stepTemplate:\n    securityContext: {capabilities: {drop: [ALL]}}\n  steps:\n    - name: a\n      image: alpine\n' },
    { name: 'Kaniko dropping ALL and adding back its five', path: 'pod.yaml', text: pod('    - name: kaniko\n      image: gcr.io/kaniko-project/executor:v1.23.2\n      securityContext:\n        capabilities: {drop: [ALL], add: [CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID]}\n') },
    { name: 'malformed: containers as a map', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    a: {image: x}\n' },
  ],
  invalid: [
    ...invalidInEveryShape('nothing dropped', 'containers:\n  - name: web\n    image: x', [{ messageId: 'noDrop', at: 'web', data: { container: 'web', workload: 'w' }, fix: 'quickfix' }]),
    {
      name: 'drops NET_RAW only; an init container drops nothing',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: init\n      image: busybox\n  containers:\n    - name: a\n      image: x\n      securityContext:\n        capabilities:\n          drop: [NET_RAW]\n',
      errors: [
        { messageId: 'noDrop', at: 'init', occurrence: 1, data: { role: 'init container' }, fix: 'quickfix' },
        { messageId: 'lacksAll', at: '[NET_RAW]', data: { dropped: 'NET_RAW' }, fix: 'quickfix' },
      ],
    },
    {
      name: 'malformed: drop as a scalar counts as not dropping ALL',
      path: 'pod.yaml',
      text: pod('    - name: a\n      image: x\n      securityContext: {capabilities: {drop: ALL}}\n'),
      errors: [{ messageId: 'lacksAll', at: 'ALL', data: { dropped: 'nothing' }, fix: null }],
    },
    {
      name: 'Kaniko without drop ALL is info with its needed set',
      path: 'pod.yaml',
      text: pod('    - name: kaniko\n      image: gcr.io/kaniko-project/executor:latest\n'),
      errors: [{ messageId: 'kaniko', at: 'kaniko', fix: null }],
    },
    {
      name: 'Tekton stepTemplate lacking ALL is one finding; a step dropping ALL itself is fine; a sidecar drops nothing',
      path: 'task.yaml',
      text: 'apiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata: {name: t}\nspec:\n  stepTemplate:\n    securityContext:\n      capabilities: {drop: [NET_RAW, SYS_CHROOT]}\n  steps:\n    - name: a\n      image: alpine\n    - name: b\n      image: alpine\n      securityContext: {capabilities: {drop: [ALL]}}\n  sidecars:\n    - name: side\n      image: alpine\n',
      errors: [
        { messageId: 'lacksAll', at: '[NET_RAW, SYS_CHROOT]', data: { role: 'step template', dropped: 'NET_RAW, SYS_CHROOT' }, fix: 'quickfix' },
        { messageId: 'noDrop', at: 'side', occurrence: 1, data: { role: 'sidecar' }, fix: 'quickfix' },
      ],
    },
    {
      name: 'Argo template',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n  templates:\n    - name: t\n      container: {name: main, image: alpine}\n',
      errors: [{ messageId: 'noDrop', at: 'main', fix: null }],
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', securityContext: { capabilities: { drop: ['KILL'] } } }] } }),
      errors: [{ messageId: 'lacksAll', at: '["KILL"]', fix: 'quickfix' }],
    },
  ],
});
