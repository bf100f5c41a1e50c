import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/k8s/k8s-docker-socket.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const doodDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ci-agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: docker:24
          volumeMounts:
            - name: docker-sock
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker-sock
          hostPath:
            path: /var/run/docker.sock
            type: Socket
`;

const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: image-gc
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - name: wait
              image: busybox:1.36
              volumeMounts: [{name: runtime, mountPath: /host/run}]
          containers:
            - name: gc
              image: example/crictl:1.29
              volumeMounts:
                - name: containerd
                  mountPath: /run/containerd/containerd.sock
                - name: runtime
                  mountPath: /host/run
          volumes:
            - name: containerd
              hostPath: {path: /run/containerd/containerd.sock}
            - name: runtime
              hostPath:
                path: /var/run
            - name: logs
              hostPath:
                path: /var/log
`;

const multiDoc = `apiVersion: v1
kind: Service
metadata: {name: svc}
spec:
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: buildkitd
spec:
  template:
    spec:
      containers:
        - name: builder
          image: moby/buildkit:v0.13.0
      volumes:
        - name: bk
          hostPath:
            path: /run/buildkit/buildkitd.sock
`;

const pod = (path: string, name = 'v') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x:1\n      volumeMounts: [{name: ${name}, mountPath: /mnt}]\n  volumes:\n    - name: ${name}\n      hostPath:\n        path: ${path}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'hostPath of an unrelated path', path: 'pod.yaml', text: pod('/var/log') },
    { name: 'a socket that is not a container runtime', path: 'pod.yaml', text: pod('/var/run/thing.sock') },
    { name: 'emptyDir shared as /var/run between dind and client', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: docker\n      image: docker:24\n      volumeMounts: [{name: run, mountPath: /var/run}]\n  volumes:\n    - name: run\n      emptyDir: {}\n' },
    { name: 'mountPath alone is not a host mount', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x:1\n      volumeMounts: [{name: s, mountPath: /var/run/docker.sock}]\n  volumes:\n    - name: s\n      secret: {secretName: docker-sock}\n' },
    { name: 'kaniko upstream pod', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: kaniko}\nspec:\n  containers:\n    - name: kaniko\n      image: gcr.io/kaniko-project/executor:v1.23.2\n      args: ["--context=dir:///workspace"]\n  volumes:\n    - name: ws\n      persistentVolumeClaim: {claimName: ws}\n' },
    {
      name: 'suppressed above the volume item',
      path: 'deploy.yaml',
      text: doodDeployment.replace('        - name: docker-sock\n          hostPath', '        # daemonless ignore=k8s-docker-socket\n        - name: docker-sock\n          hostPath'),
    },
  ],
  invalid: [
    {
      name: 'Deployment mounting docker.sock',
      path: 'deploy.yaml',
      text: doodDeployment,
      errors: [
        {
          messageId: 'socket',
          at: '/var/run/docker.sock',
          occurrence: 1,
          data: { volume: 'docker-sock', path: '/var/run/docker.sock', containers: 'agent', kind: 'Deployment', workload: 'ci-agent' },
          fix: { refused: /no container in the pod runs a visible docker build/ },
        },
      ],
    },
    {
      name: 'CronJob: containerd socket and /var/run; /var/log is another rule',
      path: 'cron.yaml',
      text: cronJob,
      errors: [
        { messageId: 'socket', at: '/run/containerd/containerd.sock', occurrence: 1, data: { volume: 'containerd', containers: 'gc', kind: 'CronJob', workload: 'image-gc' }, fix: { refused: /no container in the pod runs a visible docker build/ } },
        { messageId: 'socketDir', at: '/var/run', data: { volume: 'runtime', path: '/var/run', containers: 'wait, gc' }, fix: { refused: /no container in the pod runs a visible docker build/ } },
      ],
    },
    {
      name: 'second document; a volume nobody mounts still exposes the socket',
      path: 'ds.yaml',
      text: multiDoc,
      errors: [{ messageId: 'socket', range: [19, 18, 19, 46], data: { volume: 'bk', containers: 'none', kind: 'DaemonSet' }, fix: { refused: /no container in the pod runs a visible docker build/ } }],
    },
    {
      name: 'other runtimes and the docker directory',
      path: 'pods.yaml',
      text: [pod('/var/run/crio/crio.sock'), pod('/run/podman/podman.sock'), pod('/var/run/cri-dockerd.sock'), pod('/var/run/docker/')].join('---\n'),
      errors: [
        { messageId: 'socket', at: '/var/run/crio/crio.sock', fix: { refused: /no container in the pod runs a visible docker build/ } },
        { messageId: 'socket', at: '/run/podman/podman.sock', fix: { refused: /no container in the pod runs a visible docker build/ } },
        { messageId: 'socket', at: '/var/run/cri-dockerd.sock', fix: { refused: /no container in the pod runs a visible docker build/ } },
        { messageId: 'socketDir', at: '/var/run/docker/', fix: { refused: /no container in the pod runs a visible docker build/ } },
      ],
    },
    {
      name: 'Tekton Task volumes',
      path: 'task.yaml',
      text: 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: dood}\nspec:\n  steps:\n    - name: build\n      image: docker:24\n      script: docker build .\n      volumeMounts: [{name: sock, mountPath: /var/run/docker.sock}]\n  volumes:\n    - name: sock\n      hostPath: {path: /var/run/docker.sock}\n',
      errors: [{ messageId: 'socket', at: '/var/run/docker.sock', occurrence: 1, data: { containers: 'build', kind: 'Task', workload: 'dood' }, fix: { refused: /Tekton tasks are not rewritten/ } }],
    },
  ],
});

test('k8s-docker-socket offers the Kaniko rewrite for the document that holds the socket', () => {
  const [finding] = lintFile({ path: 'deploy.yaml', text: doodDeployment }, {}, [rule]).findings;
  assert.equal(finding.ruleId, rule.id);
  assert.ok(finding.fix);
  // Named by kind and name; the document number only where another resource shares them.
  assert.equal(finding.fix().title, "Rewrite Deployment 'ci-agent' to build with Kaniko");
  const [second] = lintFile({ path: 'ds.yaml', text: multiDoc }, {}, [rule]).findings;
  assert.equal(second.fix!().title, "Rewrite DaemonSet 'buildkitd' to build with Kaniko");
});
