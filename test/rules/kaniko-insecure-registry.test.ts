import rule from '../../server/src/engine/rules/kaniko/kaniko-insecure-registry.js';
import { runRuleTests } from './rule-tester.js';

const GL = '.gitlab-ci.yml';
const IMG = 'ghcr.io/osscontainertools/kaniko:v1.28.5';
const pod = (args: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: kaniko\nspec:\n  containers:\n    - name: kaniko\n      image: ${IMG}\n      args: ${args}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'TLS with a registry CA', path: 'pod.yaml', text: pod('["--registry-certificate=reg.local=/certs/ca.crt", "--destination=reg.local/app:1"]') },
    { name: 'explicitly off', path: 'pod.yaml', text: pod('["--insecure=false", "--skip-tls-verify=false"]') },
    { name: 'the flags on another program', path: GL, text: `t:\n  image: alpine:3.20\n  script:\n    - curl --insecure https://example.com\n    - executor --insecure\n` },
    { name: 'a non-Kaniko pod', path: 'pod.yaml', text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: x\n      image: alpine:3.20\n      args: ["--insecure"]\n` },
  ],
  invalid: [
    {
      name: 'pod args: plain HTTP push and a named registry without TLS checks',
      path: 'pod.yaml',
      text: pod('["--insecure", "--skip-tls-verify-registry", "reg.local:5000", "--destination=reg.local:5000/app:1"]'),
      errors: [
        { messageId: 'insecure', at: '"--insecure"', data: { flag: '--insecure', scope: 'the registries it pushes to' }, fix: null },
        { messageId: 'skipTls', at: '"--skip-tls-verify-registry"', data: { flag: '--skip-tls-verify-registry', scope: 'registry reg.local:5000' }, fix: null },
      ],
    },
    {
      name: 'GitLab script in the executor image, --flag=value forms',
      path: GL,
      text: `build:\n  image:\n    name: ${IMG}-debug\n    entrypoint: [""]\n  script:\n    - /kaniko/executor --context "$CI_PROJECT_DIR" --insecure-registry=reg.local --skip-tls-verify-pull --destination reg.local/app:1\n`,
      errors: [
        { messageId: 'insecure', at: '--insecure-registry=reg.local', data: { scope: 'registry reg.local' }, fix: null },
        { messageId: 'skipTls', at: '--skip-tls-verify-pull', data: { scope: 'the registries it pulls base images from' }, fix: null },
      ],
    },
    {
      name: 'Tekton script step calling the executor through sh -c args',
      path: 'task.yaml',
      text: `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: build\nspec:\n  steps:\n    - name: build\n      image: ${IMG}-debug\n      command: ["/busybox/sh", "-c"]\n      args:\n        - /kaniko/executor --insecure-pull --no-push\n`,
      errors: [{ messageId: 'insecure', at: '--insecure-pull', data: { scope: 'the registries it pulls base images from' }, fix: null }],
    },
    {
      name: 'docker run of the executor: flags after the image only',
      path: '.github/workflows/b.yml',
      text: `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --rm ${IMG} --skip-tls-verify --no-push\n`,
      errors: [{ messageId: 'skipTls', at: '--skip-tls-verify', data: { flag: '--skip-tls-verify' }, fix: null }],
    },
  ],
});
