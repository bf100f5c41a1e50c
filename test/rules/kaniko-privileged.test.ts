import rule from '../../server/src/engine/rules/kaniko/kaniko-privileged.js';
import { runRuleTests } from './rule-tester.js';

const IMG = 'ghcr.io/osscontainertools/kaniko:v1.28.5';
const pod = (extra: string, volumes = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: kaniko\nspec:\n  containers:\n    - name: kaniko\n      image: ${IMG}\n      args: ["--no-push"]\n${extra}${volumes}`;

runRuleTests(rule, {
  valid: [
    { name: 'unprivileged Kaniko pod', path: 'pod.yaml', text: pod('      securityContext:\n        privileged: false\n        allowPrivilegeEscalation: false\n') },
    { name: 'a privileged non-Kaniko container is k8s-privileged\'s', path: 'pod.yaml', text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: d\nspec:\n  containers:\n    - name: d\n      image: docker:27-dind\n      securityContext:\n        privileged: true\n` },
    { name: 'docker run of another image', path: '.github/workflows/b.yml', text: `on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: docker run --privileged alpine:3.20 true\n` },
  ],
  invalid: [
    {
      name: 'privileged Kaniko container',
      path: 'pod.yaml',
      text: pod('      securityContext:\n        privileged: true\n'),
      errors: [{ messageId: 'privileged', at: 'true', data: { where: 'container "kaniko" of Pod "kaniko"' }, fix: 'quickfix' }],
    },
    {
      name: 'Kaniko container mounting the docker socket',
      path: 'pod.yaml',
      text: pod('      volumeMounts:\n        - name: sock\n          mountPath: /var/run/docker.sock\n', '  volumes:\n    - name: sock\n      hostPath:\n        path: /var/run/docker.sock\n'),
      errors: [{ messageId: 'socket', at: 'name: sock\n          mountPath: /var/run/docker.sock', data: { path: '/var/run/docker.sock' }, fix: null }],
    },
    {
      name: 'GitHub job container of the Kaniko image with --privileged and a socket volume',
      path: '.github/workflows/b.yml',
      text: `on: push\njobs:\n  b:\n    runs-on: self-hosted\n    container:\n      image: ${IMG}-debug\n      options: --privileged\n      volumes:\n        - /var/run/docker.sock:/var/run/docker.sock\n    steps:\n      - run: /kaniko/executor --no-push\n`,
      errors: [
        { messageId: 'privileged', at: '--privileged', fix: null },
        { messageId: 'socket', at: '/var/run/docker.sock:/var/run/docker.sock', data: { where: 'job container of job "b"' }, fix: null },
      ],
    },
    {
      name: 'docker run of the executor with --privileged',
      path: '.gitlab-ci.yml',
      text: `b:\n  script:\n    - docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock ${IMG} --no-push\n`,
      errors: [
        { messageId: 'run', at: '--privileged', data: { tool: 'docker', how: 'runs privileged (--privileged)' }, fix: null },
        { messageId: 'run', at: '/var/run/docker.sock:/var/run/docker.sock', data: { how: 'mounts the runtime socket /var/run/docker.sock' }, fix: null },
      ],
    },
  ],
});
