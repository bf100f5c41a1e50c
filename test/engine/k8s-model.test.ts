import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isDindImage, isDockerCliImage, isRuntimeSocketPath, parseImageRef } from '../../server/src/engine/model/container-facts.js';
import { podSpecs, resolveTektonParams, usesDockerDaemon } from '../../server/src/engine/model/k8s/pod-spec.js';
import { classify } from '../../server/src/engine/classify.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';

const corpus = sharedDir('corpus');
const skip = sharedSkip('corpus');

function parse(text: string): ParsedFile {
  return new ParsedFile({ path: 'manifest.yaml', text }, 'k8s');
}

function covered(file: ParsedFile, range: { start: number; end: number } | undefined): string | undefined {
  return range && file.text.slice(range.start, range.end);
}

test('isDindImage accepts dind tags of the docker image from any registry', () => {
  for (const image of [
    'docker:dind',
    'docker:24-dind',
    'docker:24.0.5-dind-alpine3.18',
    'docker:dind-rootless',
    'docker:27-dind-rootless',
    'docker.io/library/docker:dind',
    'library/docker:stable-dind',
    'registry.example.com/docker:20.10-dind',
    'registry.example.com:5000/mirror/docker:19.03.12-dind',
    'docker:24-dind@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'DOCKER:DIND',
  ]) {
    assert.equal(isDindImage(image), true, image);
  }
});

test('isDindImage rejects the CLI image, other repositories and lookalike tags', () => {
  for (const image of [
    'docker',
    'docker:24',
    'docker:cli',
    'docker:latest',
    'docker:dindx',
    'docker:windind',
    'mydocker:dind',
    'docker/compose:dind',
    'gcr.io/kaniko-project/executor:debug',
    'registry.example.com:5000/dind',
    '$(params.dind_image)',
    '',
  ]) {
    assert.equal(isDindImage(image), false, image);
  }
});

test('parseImageRef separates registry, repository, tag and digest', () => {
  assert.deepEqual(parseImageRef('registry.example.com:5000/team/docker:24-dind@sha256:ab'), {
    registry: 'registry.example.com:5000',
    repository: 'team/docker',
    tag: '24-dind',
    digest: 'sha256:ab',
  });
  assert.deepEqual(parseImageRef('docker'), { registry: undefined, repository: 'docker', tag: undefined, digest: undefined });
  assert.equal(isDockerCliImage('docker.io/library/docker:24.0'), true);
  assert.equal(isDockerCliImage('alpine:3.19'), false);
});

test('isRuntimeSocketPath matches runtime sockets and the directories that expose them', () => {
  for (const path of [
    '/var/run/docker.sock',
    '/run/docker.sock',
    '/run/containerd/containerd.sock',
    '/var/run/crio/crio.sock',
    '/var/run/cri-dockerd.sock',
    '/run/buildkit/buildkitd.sock',
    '/run/podman/podman.sock',
    '/run/user/1000/podman/podman.sock',
    '/var/run',
    '/var/run/',
    '/run',
    '/var/run/docker',
    '/run/containerd',
    '//var//run//docker.sock',
    '/var/lib/../run/docker.sock',
  ]) {
    assert.equal(isRuntimeSocketPath(path), true, path);
  }
  for (const path of ['/var/run/thing.sock', '/var/lib/docker', '/lib/modules', '/sys/fs/cgroup', '/tmp/docker.sock.bak', '/var/run/secrets', '/', '']) {
    assert.equal(isRuntimeSocketPath(path), false, path);
  }
});

test('every workload kind yields its pod spec at the right path', () => {
  const containers = `
      containers:
        - name: app
          image: nginx:1.25`;
  const cases: [string, string, string][] = [
    ['Pod', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: app\n      image: nginx:1.25\n`, 'spec'],
    ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'DeploymentConfig'].map(
      (kind): [string, string, string] => [
        kind,
        `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: x\nspec:\n  template:\n    spec:${containers}\n`,
        'spec.template.spec',
      ],
    ),
    [
      'CronJob',
      `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: app\n              image: nginx:1.25\n`,
      'spec.jobTemplate.spec.template.spec',
    ],
    ['PodTemplate', `apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: x\ntemplate:\n  spec:\n    containers:\n      - name: app\n        image: nginx:1.25\n`, 'template.spec'],
  ];
  for (const [kind, text, path] of cases) {
    const pods = podSpecs(parse(text));
    assert.equal(pods.length, 1, kind);
    assert.equal(pods[0].kind, kind);
    assert.equal(pods[0].name, 'x');
    assert.equal(pods[0].path, path, kind);
    assert.equal(pods[0].system, 'kubernetes');
    assert.deepEqual(pods[0].containers.map((c) => [c.role, c.name, c.image]), [['container', 'app', 'nginx:1.25']], kind);
  }
});

test('non-workload documents yield nothing', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  containers: "not a pod"\n';
  assert.deepEqual(podSpecs(parse(text)), []);
});

test('init, regular and ephemeral containers, with names, images and exact ranges', () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: builder',
    'spec:',
    '  initContainers:',
    '    - name: clone',
    '      image: alpine/git:2.43.0',
    '      command: ["git", "clone", "https://example.com/repo.git", "/workspace"]',
    '  containers:',
    '    - name: docker',
    '      image: docker:24',
    '      command: [sh, -c]',
    '      args:',
    '        - docker build -t x .',
    '      env:',
    '        - name: DOCKER_HOST',
    '          value: tcp://localhost:2375',
    '        - name: TOKEN',
    '          valueFrom:',
    '            secretKeyRef: {name: s, key: t}',
    '    - name: dind',
    '      image: docker:24-dind',
    '      securityContext:',
    '        privileged: true',
    '  ephemeralContainers:',
    '    - name: debug',
    '      image: busybox:1.36',
    '',
  ].join('\n');
  const file = parse(text);
  const [pod] = podSpecs(file);
  assert.deepEqual(pod.containers.map((c) => [c.role, c.name]), [
    ['initContainer', 'clone'],
    ['container', 'docker'],
    ['container', 'dind'],
    ['ephemeralContainer', 'debug'],
  ]);
  const [clone, docker, dind] = pod.containers;
  assert.deepEqual(clone.command, ['git', 'clone', 'https://example.com/repo.git', '/workspace']);
  assert.deepEqual(docker.command, ['sh', '-c']);
  assert.deepEqual(docker.args, ['docker build -t x .']);
  assert.deepEqual(docker.env.map((e) => [e.name, e.value, e.valueFrom]), [
    ['DOCKER_HOST', 'tcp://localhost:2375', undefined],
    ['TOKEN', undefined, 'secretKeyRef'],
  ]);
  assert.equal(covered(file, docker.env[0].valueRange), 'tcp://localhost:2375');
  assert.equal(covered(file, dind.imageRange), 'docker:24-dind');
  assert.equal(covered(file, dind.nameRange), 'dind');
  assert.equal(docker.privileged, undefined);
  assert.equal(dind.privileged?.value, true);
  assert.equal(covered(file, dind.privileged?.range), 'true');
  assert.ok(covered(file, dind.range)?.startsWith('name: dind'));
  assert.equal(usesDockerDaemon(pod), true);
});

test('pod-level securityContext is inherited, and a container value overrides it', () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  template:',
    '    spec:',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        runAsUser: 1000',
    '      containers:',
    '        - name: inherits',
    '          image: app:1',
    '        - name: overrides',
    '          image: app:1',
    '          securityContext:',
    '            runAsUser: 0',
    '            runAsNonRoot: false',
    '            privileged: false',
    '            allowPrivilegeEscalation: false',
    '            capabilities:',
    '              add: [NET_ADMIN, SYS_TIME]',
    '',
  ].join('\n');
  const file = parse(text);
  const [pod] = podSpecs(file);
  assert.equal(pod.podSecurityContext.runAsUser?.value, 1000);
  const [inherits, overrides] = pod.containers;
  assert.deepEqual([inherits.runAsNonRoot?.value, inherits.runAsNonRoot?.from], [true, 'pod']);
  assert.deepEqual([inherits.runAsUser?.value, inherits.runAsUser?.from], [1000, 'pod']);
  assert.equal(covered(file, inherits.runAsUser?.range), '1000');
  assert.deepEqual([overrides.runAsNonRoot?.value, overrides.runAsNonRoot?.from], [false, 'container']);
  assert.deepEqual([overrides.runAsUser?.value, overrides.runAsUser?.from], [0, 'container']);
  assert.equal(overrides.privileged?.value, false);
  assert.equal(overrides.allowPrivilegeEscalation?.value, false);
  assert.deepEqual(overrides.capabilitiesAdd.map((c) => c.value), ['NET_ADMIN', 'SYS_TIME']);
  assert.equal(usesDockerDaemon(pod), false);
});

test('unquoted YAML 1.1 booleans count, quoted strings do not', () => {
  const text = 'kind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext: {privileged: yes}\n    - name: b\n      securityContext: {privileged: "true"}\n';
  const [pod] = podSpecs(parse(text));
  assert.deepEqual(pod.containers.map((c) => c.privileged?.value), [true, undefined]);
});

test('multi-document files keep document indexes; a malformed document gives what parsed and hides no good one', () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: broken',
    'spec:',
    '  containers: [ {name: a, image: x',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: svc}',
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: good',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: build',
    '          image: docker:dind',
    '',
  ].join('\n');
  const file = parse(text);
  assert.ok(file.yaml.documents[0].errors.length > 0, 'the first document is malformed');
  const pods = podSpecs(file);
  assert.deepEqual(pods.map((p) => [p.document, p.kind, p.name]), [[0, 'Pod', 'broken'], [2, 'Job', 'good']]);
  assert.equal(podSpecs(file), pods, 'the model is memoized per parsed file');
});

test('volumes: hostPath paths with ranges, emptyDir, and which containers mount them', () => {
  const text = [
    'kind: Pod',
    'metadata: {name: dood}',
    'spec:',
    '  containers:',
    '    - name: docker',
    '      image: docker:24',
    '      volumeMounts:',
    '        - name: sock',
    '          mountPath: /var/run/docker.sock',
    '        - name: scratch',
    '          mountPath: /tmp',
    '          readOnly: true',
    '  volumes:',
    '    - name: sock',
    '      hostPath:',
    '        path: /var/run/docker.sock',
    '        type: Socket',
    '    - name: scratch',
    '      emptyDir: {}',
    '    - name: creds',
    '      secret: {secretName: regcred}',
    '',
  ].join('\n');
  const file = parse(text);
  const [pod] = podSpecs(file);
  assert.deepEqual(pod.volumes.map((v) => [v.name, v.source, v.hostPath, v.emptyDir, v.mountedBy.map((c) => c.name)]), [
    ['sock', 'hostPath', '/var/run/docker.sock', false, ['docker']],
    ['scratch', 'emptyDir', undefined, true, ['docker']],
    ['creds', 'secret', undefined, false, []],
  ]);
  const range = pod.volumes[0].hostPathRange!;
  assert.equal(file.text.slice(range.start, range.end), '/var/run/docker.sock');
  assert.ok(range.start > file.text.indexOf('hostPath:'), 'the range is the volume path, not the mountPath');
  assert.deepEqual(pod.containers[0].volumeMounts.map((m) => [m.name, m.mountPath, m.readOnly]), [
    ['sock', '/var/run/docker.sock', false],
    ['scratch', '/tmp', true],
  ]);
  assert.equal(usesDockerDaemon(pod), true);
});

test('anchors and merge keys are followed', () => {
  const text = [
    'kind: Pod',
    'metadata: {name: anchored}',
    'spec:',
    '  containers:',
    '    - &base',
    '      name: one',
    '      image: docker:dind',
    '      securityContext: &priv {privileged: true}',
    '    - <<: *base',
    '      name: two',
    '',
  ].join('\n');
  const file = parse(text);
  const [pod] = podSpecs(file);
  assert.deepEqual(pod.containers.map((c) => [c.name, c.image, c.privileged?.value]), [
    ['one', 'docker:dind', true],
    ['two', 'docker:dind', true],
  ]);
});

test('an alias bomb costs bounded work', () => {
  const lines = ['kind: Pod', 'spec:', '  a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('  containers: [*a11, *a11, *a11]');
  const pods = podSpecs(parse(lines.join('\n') + '\n'));
  assert.equal(pods.length, 1);
  assert.deepEqual(pods[0].containers, []);
});

test('Tekton Task: steps, sidecars, stepTemplate, volumes and parameter defaults', () => {
  const text = [
    'apiVersion: tekton.dev/v1beta1',
    'kind: Task',
    'metadata:',
    '  name: build',
    'spec:',
    '  params:',
    '    - name: dind_image',
    '      default: docker:dind',
    '  stepTemplate:',
    '    securityContext:',
    '      runAsUser: 1001',
    '  steps:',
    '    - name: build',
    '      image: docker:24',
    '      script: |',
    '        docker build -t x .',
    '    - name: root',
    '      image: alpine:3',
    '      securityContext: {runAsUser: 0}',
    '  sidecars:',
    '    - name: server',
    '      image: $(params.dind_image)',
    '      securityContext:',
    '        privileged: true',
    '  volumes:',
    '    - name: dind-certs',
    '      emptyDir: {}',
    '',
  ].join('\n');
  const file = parse(text);
  const [task] = podSpecs(file);
  assert.deepEqual([task.kind, task.name, task.system, task.path], ['Task', 'build', 'tekton', 'spec']);
  assert.deepEqual(task.containers.map((c) => [c.role, c.name ?? null]), [
    ['stepTemplate', null],
    ['step', 'build'],
    ['step', 'root'],
    ['sidecar', 'server'],
  ]);
  const [, build, root, server] = task.containers;
  assert.equal(build.script?.value, 'docker build -t x .\n');
  assert.deepEqual([build.runAsUser?.value, build.runAsUser?.from], [1001, 'stepTemplate']);
  assert.deepEqual([root.runAsUser?.value, root.runAsUser?.from], [0, 'container']);
  assert.equal(server.image, '$(params.dind_image)');
  assert.equal(server.resolvedImage, 'docker:dind');
  assert.equal(covered(file, server.privileged?.range), 'true');
  assert.deepEqual(task.volumes.map((v) => [v.name, v.emptyDir]), [['dind-certs', true]]);
  assert.equal(usesDockerDaemon(task), true);
});

test('Tekton embedded task specs in TaskRun, Pipeline and PipelineRun', () => {
  const taskSpec = (indent: string) =>
    [`${indent}taskSpec:`, `${indent}  steps:`, `${indent}    - name: s`, `${indent}      image: docker:dind`].join('\n');
  const text = [
    'apiVersion: tekton.dev/v1',
    'kind: TaskRun',
    'metadata: {name: tr}',
    'spec:',
    '  podTemplate:',
    '    securityContext: {runAsNonRoot: true}',
    taskSpec('  '),
    '---',
    'apiVersion: tekton.dev/v1',
    'kind: Pipeline',
    'metadata: {name: p}',
    'spec:',
    '  tasks:',
    '    - name: ref',
    '      taskRef: {name: other}',
    '    - name: inline',
    taskSpec('      '),
    '  finally:',
    '    - name: cleanup',
    taskSpec('      '),
    '---',
    'apiVersion: tekton.dev/v1',
    'kind: PipelineRun',
    'metadata: {name: pr}',
    'spec:',
    '  pipelineSpec:',
    '    tasks:',
    '      - name: inline',
    taskSpec('        '),
    '',
  ].join('\n');
  const pods = podSpecs(parse(text));
  assert.deepEqual(pods.map((p) => [p.document, p.kind, p.path]), [
    [0, 'TaskRun', 'spec.taskSpec'],
    [1, 'Pipeline', 'spec.tasks[1].taskSpec'],
    [1, 'Pipeline', 'spec.finally[0].taskSpec'],
    [2, 'PipelineRun', 'spec.pipelineSpec.tasks[0].taskSpec'],
  ]);
  assert.deepEqual([pods[0].containers[0].runAsNonRoot?.value, pods[0].containers[0].runAsNonRoot?.from], [true, 'pod']);
});

test('List items, Argo workflow templates, kindless Jenkins pods and pod-template custom resources', () => {
  const text = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - apiVersion: v1',
    '    kind: Pod',
    '    metadata: {name: in-list}',
    '    spec:',
    '      containers: [{name: a, image: docker:dind}]',
    '---',
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Workflow',
    'metadata: {name: wf}',
    'spec:',
    '  templates:',
    '    - name: steps-only',
    '      steps: [[{name: x, template: build}]]',
    '    - name: build',
    '      container: {image: docker:24, command: [docker, build, .]}',
    '      sidecars:',
    '        - name: dind',
    '          image: docker:dind',
    '          securityContext: {privileged: true}',
    '---',
    'metadata:',
    '  labels: {app: jenkins}',
    'spec:',
    '  containers:',
    '    - name: dind',
    '      image: docker:dind',
    '---',
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Rollout',
    'metadata: {name: r}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers: [{name: app, image: nginx:1}]',
    '',
  ].join('\n');
  const pods = podSpecs(parse(text));
  assert.deepEqual(pods.map((p) => [p.document, p.kind, p.kindInferred, p.name, p.path, p.system]), [
    [0, 'Pod', false, 'in-list', 'items[0].spec', 'kubernetes'],
    [1, 'Workflow', false, 'wf/build', 'spec.templates[1]', 'argo'],
    [2, 'Pod', true, undefined, 'spec', 'kubernetes'],
    [3, 'Rollout', false, 'r', 'spec.template.spec', 'kubernetes'],
  ]);
  assert.deepEqual(pods[1].containers.map((c) => [c.role, c.image, c.privileged?.value]), [
    ['container', 'docker:24', undefined],
    ['sidecar', 'docker:dind', true],
  ]);
});

test('resolveTektonParams substitutes known parameters only', () => {
  const params = new Map([['image', 'docker:dind'], ['tag', '24']]);
  assert.equal(resolveTektonParams('$(params.image)', params), 'docker:dind');
  assert.equal(resolveTektonParams("docker:$(params['tag'])-dind", params), 'docker:24-dind');
  assert.equal(resolveTektonParams('$(inputs.params.image)', params), 'docker:dind');
  assert.equal(resolveTektonParams('$(params.other)', params), '$(params.other)');
});

test('corpus: Tekton dind task, Jenkins companion pod and Kaniko pod', { skip }, () => {
  const read = (p: string) => parse(readFileSync(join(corpus, p), 'utf8'));
  const [dind] = podSpecs(read('tekton/01-catalog-docker-build-dind-sidecar.yaml'));
  assert.deepEqual(dind.containers.map((c) => [c.role, c.name, c.resolvedImage]), [
    ['step', 'docker-build', 'docker.io/library/docker:stable@sha256:18ff92d3d31725b53fa6633d60bed323effb6d5d4588be7b547078d384e0d4bf'],
    ['step', 'docker-push', 'docker.io/library/docker:stable@sha256:18ff92d3d31725b53fa6633d60bed323effb6d5d4588be7b547078d384e0d4bf'],
    ['sidecar', 'server', 'docker:dind'],
  ]);
  assert.equal(dind.containers[2].privileged?.value, true);
  assert.deepEqual(dind.volumes[0].mountedBy.map((c) => c.name), ['docker-build', 'docker-push', 'server']);

  const [jenkins] = podSpecs(read('jenkins/04b-declarative-yamlfile-companion-pod.yaml'));
  assert.deepEqual([jenkins.kind, jenkins.kindInferred, jenkins.containers[0].image, jenkins.containers[0].privileged?.value], ['Pod', true, 'docker:dind', true]);

  const [kaniko] = podSpecs(read('kubernetes/01-kaniko-upstream-pod-target.yaml'));
  assert.equal(usesDockerDaemon(kaniko), false);
  assert.deepEqual(kaniko.containers[0].args, ['--dockerfile=/workspace/dockerfile', '--context=dir://workspace', '--destination=<user-name>/<repo>']);
});

test('a bare pod file (Jenkins yamlFile) classifies as k8s; a values file with a spec key does not', () => {
  const bare = 'metadata:\n  labels: {app: jenkins}\nspec:\n  containers:\n    - name: dind\n      image: docker:dind\n';
  assert.equal(classify('docker/pod.yaml', bare), 'k8s');
  assert.equal(classify('values.yaml', 'spec:\n  replicas: 2\n  image: nginx\n'), 'unknown');
  assert.equal(classify('values.yaml', 'containers:\n  - name: x\n'), 'unknown');
});
