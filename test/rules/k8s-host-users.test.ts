import rule from '../../server/src/engine/rules/k8s/k8s-host-users.js';
import { runRuleTests } from './rule-tester.js';
import { invalidInEveryShape, validInEveryShape } from './pod-shapes.js';

const kaniko = 'containers:\n  - name: kaniko\n    image: gcr.io/kaniko-project/executor:v1.23.2\n    args: [--destination=r.example.com/app:1]';

runRuleTests(rule, {
  valid: [
    ...validInEveryShape('Kaniko pod with hostUsers: false', `hostUsers: false\n${kaniko}`),
    ...validInEveryShape('not a build pod', 'containers:\n  - name: app\n    image: nginx:1.25'),
    { name: 'malformed: containers as a map', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    kaniko: {image: gcr.io/kaniko-project/executor:latest}\n' },
  ],
  invalid: [
    ...invalidInEveryShape('Kaniko without hostUsers', kaniko, [
      { messageId: 'missing', at: 'kaniko', data: { builder: 'Kaniko (container "kaniko")', workload: 'w' }, fix: null },
    ]),
    {
      name: 'hostUsers: true is reported on the value; the osscontainertools image is Kaniko',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: true\n  initContainers:\n    - name: build\n      image: ghcr.io/osscontainertools/kaniko:v1.28.5-debug\n  containers: [{name: app, image: nginx:1.25}]\n',
      errors: [{ messageId: 'missing', at: 'true', data: { builder: 'Kaniko (initContainer "build")' }, fix: null }],
    },
    {
      name: 'a runtime socket mount makes a build pod',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: docker, image: docker:24, volumeMounts: [{name: s, mountPath: /var/run/docker.sock}]}]\n  volumes:\n    - name: s\n      hostPath: {path: /var/run/docker.sock}\n',
      errors: [{ messageId: 'missing', at: '/var/run/docker.sock', occurrence: 1, data: { builder: "a build with the node's runtime socket (/var/run/docker.sock)" }, fix: null }],
    },
    {
      name: 'hostUsers: false with hostPID and hostNetwork is rejected',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  hostPID: true\n  hostNetwork: true\n  containers: [{name: app, image: nginx:1.25}]\n',
      errors: [
        { messageId: 'conflict', at: 'true', data: { field: 'hostPID', namespace: 'PID' }, fix: null },
        { messageId: 'conflict', at: 'true', occurrence: 1, data: { field: 'hostNetwork', namespace: 'network' }, fix: null },
      ],
    },
    {
      name: 'Tekton Kaniko step (image from a parameter default)',
      path: 'task.yaml',
      text: 'apiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata: {name: kaniko}\nspec:\n  params:\n    - name: BUILDER_IMAGE\n      default: gcr.io/kaniko-project/executor:v1.5.1\n  steps:\n    - name: build-and-push\n      image: $(params.BUILDER_IMAGE)\n',
      errors: [{ messageId: 'missing', at: 'build-and-push', data: { kind: 'Task', builder: 'Kaniko (step "build-and-push")' }, fix: null }],
    },
    {
      name: 'Argo rootless BuildKit template',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n  templates:\n    - name: build\n      container: {name: main, image: moby/buildkit:v0.13.0-rootless}\n',
      errors: [{ messageId: 'missing', at: 'main', data: { builder: 'rootless BuildKit (container "main")' }, fix: null }],
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'b', image: 'quay.io/buildah/stable:v1.35' }] } }),
      errors: [{ messageId: 'missing', at: '"b"', data: { builder: 'Buildah (container "b")' }, fix: null }],
    },
  ],
});
