import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/k8s/k8s-privileged.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const dindDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: builder
spec:
  template:
    spec:
      containers:
        - name: docker
          image: docker:24
          env:
            - name: DOCKER_HOST
              value: tcp://localhost:2375
        - name: dind
          image: docker:24-dind
          securityContext:
            privileged: true
`;

const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          initContainers:
            - name: setup
              image: busybox:1.36
              securityContext: {privileged: true}
          containers:
            - name: main
              image: alpine:3.19
              securityContext:
                privileged: false
`;

const multiDoc = `apiVersion: v1
kind: Pod
metadata:
  name: first
spec:
  containers:
    - name: ok
      image: nginx:1.25
---
apiVersion: v1
kind: Pod
metadata:
  name: second
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: nginx:1.25
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
      securityContext:
        privileged: true
`;

const tektonTask = `apiVersion: tekton.dev/v1beta1
kind: Task
metadata:
  name: docker-build
spec:
  params:
    - name: dind_image
      default: docker:dind
  stepTemplate:
    securityContext:
      privileged: true
  steps:
    - name: build
      image: docker:24
      script: docker build .
  sidecars:
    - image: $(params.dind_image)
      name: server
      securityContext:
        privileged: true
`;

runRuleTests(rule, {
  valid: [
    { name: 'privileged: false', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:1.25\n      securityContext:\n        privileged: false\n' },
    { name: 'no securityContext', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: docker:dind\n' },
    { name: 'quoted "true" is a string, which the API server rejects', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x:1\n      securityContext: {privileged: "true"}\n' },
    { name: 'privileged under a non-workload kind', path: 'cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  securityContext: "privileged: true"\n' },
    { name: 'a gitlab file is not a k8s target', path: '.gitlab-ci.yml', text: 'build:\n  image: docker:24\n  securityContext:\n    privileged: true\n  script: [docker build .]\n' },
    {
      name: 'suppressed above the container item',
      path: 'deploy.yaml',
      text: dindDeployment.replace('        - name: dind', '        # daemonless ignore=k8s-privileged -- DinD until the Kaniko migration\n        - name: dind'),
    },
  ],
  invalid: [
    {
      name: 'Deployment with a dind container',
      path: 'deploy.yaml',
      text: dindDeployment,
      errors: [{ messageId: 'privileged', at: 'true', data: { container: 'dind', role: 'container', kind: 'Deployment', workload: 'builder' }, fix: { refused: /no container in the pod runs a visible docker build/ } }],
    },
    {
      name: 'CronJob init container; privileged: false is fine',
      path: 'cron.yaml',
      text: cronJob,
      errors: [{ messageId: 'privileged', at: 'true', data: { container: 'setup', role: 'init container', kind: 'CronJob', workload: 'nightly' }, fix: 'quickfix' }],
    },
    {
      name: 'second document, ephemeral container',
      path: 'pods.yaml',
      text: multiDoc,
      errors: [{ messageId: 'privileged', range: [23, 20, 23, 24], data: { container: 'debugger', role: 'ephemeral container', workload: 'second' }, fix: 'quickfix' }],
    },
    {
      name: 'YAML 1.1 yes is true to the API server',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x:1\n      securityContext: {privileged: yes}\n',
      errors: [{ messageId: 'privileged', at: 'yes', fix: 'quickfix' }],
    },
    {
      name: 'a Buildah container keeps the flag it needs: no quick fix',
      path: 'buildah.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers:\n    - name: buildah\n      image: quay.io/buildah/stable:v1.37\n      securityContext:\n        privileged: true\n',
      errors: [{ messageId: 'privileged', at: 'true', data: { container: 'buildah' }, fix: null }],
    },
    {
      name: 'Tekton stepTemplate and sidecar',
      path: 'task.yaml',
      text: tektonTask,
      errors: [
        { messageId: 'privilegedStepTemplate', at: 'true', occurrence: 0, data: { kind: 'Task', workload: 'docker-build' }, fix: { refused: /Tekton tasks are not rewritten/ } },
        { messageId: 'privileged', at: 'true', occurrence: 1, data: { container: 'server', role: 'sidecar' }, fix: { refused: /Tekton tasks are not rewritten/ } },
      ],
    },
    {
      name: 'Jenkins-style kindless pod in a manifest with a kind elsewhere',
      path: 'pods.yaml',
      text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\nspec:\n  containers:\n    - name: dind\n      image: docker:dind\n      securityContext:\n        privileged: true\n',
      errors: [{ messageId: 'privileged', at: 'true', data: { container: 'dind', kind: 'Pod', workload: '(unnamed)' }, fix: { refused: /Jenkins agent pod/ } }],
    },
    {
      name: 'suppressing another rule does not hide this one',
      path: 'deploy.yaml',
      text: dindDeployment.replace('        - name: dind', '        # daemonless ignore=k8s-docker-socket\n        - name: dind'),
      errors: [{ messageId: 'privileged', at: 'true', fix: { refused: /no container in the pod runs a visible docker build/ } }],
    },
  ],
});

function findings(path: string, text: string) {
  return lintFile({ path, text }, {}, [rule]).findings.filter((f) => f.ruleId === rule.id);
}

test('k8s-privileged offers the Kaniko rewrite for a pod that runs a Docker daemon', () => {
  const [deployment] = findings('deploy.yaml', dindDeployment);
  assert.ok(deployment.fix, 'a dind pod gets the rewrite');
  assert.match(deployment.fix().title, /Kaniko/);
  const tekton = findings('task.yaml', tektonTask);
  assert.ok(tekton.every((f) => f.fix), 'the dind image is found through the Tekton parameter default');
});

test('k8s-privileged offers no rewrite when nothing in the pod runs Docker, only removing the flag', () => {
  const [cron] = findings('cron.yaml', cronJob);
  const outcome = cron.fix?.();
  assert.equal(outcome?.type === 'fix' && outcome.kind, 'quickfix');
  assert.equal(outcome?.type === 'fix' && outcome.title, 'Remove privileged: true from init container "setup"');
});
