import rule from '../../server/src/engine/rules/k8s/k8s-seccomp.js';
import { runRuleTests } from './rule-tester.js';
import { invalidInEveryShape, validInEveryShape } from './pod-shapes.js';

const web = 'containers:\n  - name: web\n    image: x';

runRuleTests(rule, {
  valid: [
    ...validInEveryShape('pod-level RuntimeDefault', `securityContext:\n  seccompProfile:\n    type: RuntimeDefault\n${web}`),
    ...validInEveryShape('deprecated pod annotation runtime/default', web, 'seccomp.security.alpha.kubernetes.io/pod: runtime/default'),
    ...validInEveryShape('deprecated container annotation docker/default', web, 'container.seccomp.security.alpha.kubernetes.io/web: docker/default'),
    { name: 'container Localhost', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/a.json}}\n' },
    { name: 'Tekton stepTemplate RuntimeDefault reaches the steps', path: 'task.yaml', text: 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  stepTemplate:\n    securityContext: {seccompProfile: {type: RuntimeDefault}}\n  steps:\n    - name: a\n      image: alpine\n' },
    { name: 'malformed: seccompProfile as a scalar and containers as a map', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: Unconfined}\n  containers:\n    a: {image: x}\n' },
  ],
  invalid: [
    ...invalidInEveryShape('nothing set', web, [{ messageId: 'unset', at: 'web', data: { container: 'web', workload: 'w' }, fix: 'quickfix' }]),
    {
      name: 'pod-level Unconfined is one finding for the containers inheriting it; a container RuntimeDefault overrides it',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    seccompProfile: {type: Unconfined}\n  initContainers: [{name: i, image: x}]\n  containers:\n    - name: a\n      image: x\n    - name: b\n      image: x\n      securityContext: {seccompProfile: {type: RuntimeDefault}}\n',
      errors: [{ messageId: 'unconfined', at: 'Unconfined', data: { subject: 'The pod seccomp profile (for "i", "a")', via: '' }, fix: null }],
    },
    {
      name: 'one container not covered when another is',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x\n      securityContext: {seccompProfile: {type: RuntimeDefault}}\n  ephemeralContainers:\n    - name: dbg\n      image: x\n',
      errors: [{ messageId: 'unset', at: 'dbg', data: { role: 'ephemeral container' }, fix: 'quickfix' }],
    },
    {
      name: 'deprecated container annotation unconfined; a typo in the type',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.seccomp.security.alpha.kubernetes.io/a: unconfined\nspec:\n  containers:\n    - name: a\n      image: x\n    - name: b\n      image: x\n      securityContext: {seccompProfile: {type: runtime/default}}\n',
      errors: [
        { messageId: 'unconfined', at: 'unconfined', data: { subject: 'The container "a"', via: ' (annotation container.seccomp.security.alpha.kubernetes.io/a)' }, fix: null },
        { messageId: 'unknown', at: 'runtime/default', data: { value: 'runtime/default' }, fix: null },
      ],
    },
    {
      name: 'rootless BuildKit Unconfined on its own container is info (the corpus Job pattern)',
      path: 'job.yaml',
      text: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    metadata:\n      annotations:\n        container.seccomp.security.alpha.kubernetes.io/buildkit: unconfined\n    spec:\n      securityContext: {seccompProfile: {type: RuntimeDefault}}\n      containers:\n        - name: buildkit\n          image: moby/buildkit:master-rootless\n',
      errors: [{ messageId: 'buildkitRootless', at: 'unconfined', data: { kind: 'Job' }, fix: null }],
    },
    {
      name: 'Tekton sidecar uncovered; TaskRun podTemplate covers the steps',
      path: 'tr.yaml',
      text: 'apiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata: {name: tr}\nspec:\n  taskSpec:\n    steps:\n      - name: a\n        image: alpine\n    sidecars:\n      - name: side\n        image: alpine\n        securityContext: {seccompProfile: {type: Unconfined}}\n  podTemplate:\n    securityContext: {seccompProfile: {type: RuntimeDefault}}\n',
      errors: [{ messageId: 'unconfined', at: 'Unconfined', data: { subject: 'The sidecar "side"' }, fix: null }],
    },
    {
      name: 'Argo template annotation covers one template, not the other',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n  templates:\n    - name: t1\n      metadata:\n        annotations: {seccomp.security.alpha.kubernetes.io/pod: runtime/default}\n      container: {name: one, image: alpine}\n    - name: t2\n      container: {name: two, image: alpine}\n',
      errors: [{ messageId: 'unset', at: 'two', data: { workload: 'wf/t2' }, fix: null }],
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }] } }),
      errors: [{ messageId: 'unset', at: '"a"', fix: null }],
    },
  ],
});
