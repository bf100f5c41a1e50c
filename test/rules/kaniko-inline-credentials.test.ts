import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/kaniko/kaniko-inline-credentials.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const GL = '.gitlab-ci.yml';
const IMG = 'ghcr.io/osscontainertools/kaniko:v1.28.5';
const gitlab = (line: string) => `build:\n  image:\n    name: ${IMG}-debug\n    entrypoint: [""]\n  script:\n    - mkdir -p /kaniko/.docker\n    - ${line}\n    - /kaniko/executor --no-push\n`;
const pod = (readOnly: string, source = 'secret:\n        secretName: regcred') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: kaniko\nspec:\n  containers:\n    - name: kaniko\n      image: ${IMG}\n      volumeMounts:\n        - name: docker-config\n          mountPath: /kaniko/.docker${readOnly}\n  volumes:\n    - name: docker-config\n      ${source}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'GitLab template: credentials from CI variables', path: GL, text: gitlab(`echo "{\\"auths\\":{\\"$CI_REGISTRY\\":{\\"auth\\":\\"$(echo -n \${CI_REGISTRY_USER}:\${CI_REGISTRY_PASSWORD} | base64 | tr -d '\\n')\\"}}}" > /kaniko/.docker/config.json`) },
    { name: 'username/password from variables', path: GL, text: gitlab(`echo "{\\"auths\\":{\\"$CI_REGISTRY\\":{\\"username\\":\\"$CI_REGISTRY_USER\\",\\"password\\":\\"$CI_REGISTRY_PASSWORD\\"}}}" > /kaniko/.docker/config.json`) },
    { name: 'a credential helper only', path: GL, text: gitlab(`echo '{"credsStore":"ecr-login"}' > /kaniko/.docker/config.json`) },
    { name: 'secret mounted read-only', path: 'pod.yaml', text: pod('\n          readOnly: true') },
    // The kubelet mounts these read-only whatever the mount says (since the CVE-2017-1002102 fix).
    { name: 'a secret mounted without readOnly is read-only anyway', path: 'pod.yaml', text: pod('') },
    { name: 'a projected volume', path: 'pod.yaml', text: pod('', 'projected:\n        sources:\n          - secret: {name: regcred}') },
    { name: 'a configMap (a credential helper config)', path: 'pod.yaml', text: pod('', 'configMap:\n        name: docker-config') },
    { name: 'a writable emptyDir mounted read-only', path: 'pod.yaml', text: pod('\n          readOnly: true', 'emptyDir: {}') },
    { name: 'a PVC whose source is read-only', path: 'pod.yaml', text: pod('', 'persistentVolumeClaim:\n        claimName: cfg\n        readOnly: true') },
    {
      name: 'the init container that writes the config into the emptyDir needs it writable',
      path: 'pod.yaml',
      text: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: write-config\n      image: alpine:3.20\n      volumeMounts: [{name: cfg, mountPath: /kaniko/.docker}]\n  containers:\n    - name: kaniko\n      image: ${IMG}\n      volumeMounts: [{name: cfg, mountPath: /kaniko/.docker, readOnly: true}]\n  volumes:\n    - name: cfg\n      emptyDir: {}\n`,
    },
    { name: 'docker run with the config mounted :ro', path: '.github/workflows/b.yml', text: `on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - run: docker run --rm -v "$HOME/.docker/config.json":/kaniko/.docker/config.json:ro ${IMG} --no-push\n` },
  ],
  invalid: [
    {
      name: 'literal base64 auth echoed into config.json',
      path: GL,
      text: gitlab(`echo '{"auths":{"reg.example.com":{"auth":"dXNlcjpodW50ZXIy"}}}' > /kaniko/.docker/config.json`),
      errors: [{ messageId: 'literal', at: `'{"auths":{"reg.example.com":{"auth":"dXNlcjpodW50ZXIy"}}}'`, data: { field: 'auth' }, fix: null }],
    },
    {
      name: 'literal password piped into tee',
      path: GL,
      text: gitlab(`printf '{"auths":{"r":{"username":"ci","password":"hunter2"}}}' | tee /kaniko/.docker/config.json`),
      errors: [{ messageId: 'literal', at: `'{"auths":{"r":{"username":"ci","password":"hunter2"}}}'`, data: { field: 'password' }, fix: null }],
    },
    {
      name: 'heredoc in a Tekton script',
      path: 'task.yaml',
      text: `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: b\nspec:\n  steps:\n    - name: b\n      image: ${IMG}-debug\n      script: |\n        cat > /kaniko/.docker/config.json <<EOF\n        {"auths": {"r": {"auth": "Y2k6aHVudGVyMg=="}}}\n        EOF\n        /kaniko/executor --no-push\n`,
      errors: [{ messageId: 'literal', at: `{"auths": {"r": {"auth": "Y2k6aHVudGVyMg=="}}}`, data: { field: 'auth' }, fix: null }],
    },
    {
      name: 'docker run and a job container mount the config writable',
      path: '.github/workflows/b.yml',
      text: `on: push\njobs:\n  b:\n    runs-on: x\n    container:\n      image: ${IMG}-debug\n      volumes:\n        - /home/runner/.docker:/kaniko/.docker\n    steps:\n      - run: docker run --rm --volume=/tmp/cfg.json:/kaniko/.docker/config.json ${IMG} --no-push\n`,
      errors: [
        { messageId: 'writableBind', at: '/home/runner/.docker:/kaniko/.docker', data: { spec: '/home/runner/.docker:/kaniko/.docker' }, fix: null },
        { messageId: 'writableBind', at: '--volume=/tmp/cfg.json:/kaniko/.docker/config.json', data: { spec: '/tmp/cfg.json:/kaniko/.docker/config.json' }, fix: null },
      ],
    },
    {
      name: 'an emptyDir mounted writable at /kaniko/.docker',
      path: 'pod.yaml',
      text: pod('', 'emptyDir: {}'),
      errors: [{ messageId: 'writableMount', at: 'name: docker-config\n          mountPath: /kaniko/.docker', data: { volume: 'docker-config', source: 'emptyDir', path: '/kaniko/.docker', container: 'kaniko' }, fix: 'quickfix' }],
    },
    {
      name: 'a hostPath directory holding the config, mounted writable',
      path: 'pod.yaml',
      text: pod('', 'hostPath:\n        path: /etc/ci/docker'),
      errors: [{ messageId: 'writableMount', at: 'name: docker-config\n          mountPath: /kaniko/.docker', data: { source: 'hostPath' }, fix: 'quickfix' }],
    },
    {
      name: 'a PVC mounted writable below /kaniko/.docker, in a Deployment',
      path: 'deploy.yaml',
      text: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: kaniko\n          image: ${IMG}\n          volumeMounts:\n            - name: cfg\n              mountPath: /kaniko/.docker/\n      volumes:\n        - name: cfg\n          persistentVolumeClaim: {claimName: cfg}\n`,
      errors: [{ messageId: 'writableMount', at: 'name: cfg\n              mountPath: /kaniko/.docker/', data: { source: 'persistentVolumeClaim', kind: 'Deployment', workload: 'd', path: '/kaniko/.docker/' }, fix: 'quickfix' }],
    },
  ],
});

test('messages never carry the credential', () => {
  const text = gitlab(`echo '{"auths":{"r":{"auth":"dXNlcjpodW50ZXIy"}}}' > /kaniko/.docker/config.json`);
  const [f] = lintFile({ path: GL, text }, {}, [rule]).findings;
  assert.ok(f);
  assert.doesNotMatch(f.message + JSON.stringify(f.data), /dXNlcjpodW50ZXIy/);
});
