import rule from '../../server/src/engine/rules/kaniko/kaniko-executor-unpinned.js';
import { runRuleTests } from './rule-tester.js';

const GL = '.gitlab-ci.yml';
const GHA = '.github/workflows/build.yml';
const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: kaniko\nspec:\n  containers:\n    - name: kaniko\n      image: ${image}\n      args: ["--context=dir:///workspace", "--no-push"]\n`;

runRuleTests(rule, {
  valid: [
    { name: 'version tag', path: 'pod.yaml', text: pod('gcr.io/kaniko-project/executor:v1.24.0') },
    { name: 'digest with a floating tag', path: 'pod.yaml', text: pod('ghcr.io/osscontainertools/kaniko:debug@sha256:0000000000000000000000000000000000000000000000000000000000000000') },
    { name: 'versioned debug variant in GitLab', path: GL, text: `build:\n  image:\n    name: ghcr.io/osscontainertools/kaniko:v1.28.5-debug\n    entrypoint: [""]\n  script: /kaniko/executor --no-push\n` },
    { name: 'other images with latest are not this rule', path: 'pod.yaml', text: pod('busybox:latest') },
    { name: 'the warmer is not the executor', path: 'pod.yaml', text: pod('gcr.io/kaniko-project/warmer:latest') },
  ],
  invalid: [
    {
      name: 'upstream pod example with :latest',
      path: 'pod.yaml',
      text: pod('gcr.io/kaniko-project/executor:latest'),
      errors: [{ messageId: 'floating', at: 'gcr.io/kaniko-project/executor:latest', data: { tag: 'latest', example: 'ghcr.io/osscontainertools/kaniko:v1.28.5-debug' }, fix: null }],
    },
    {
      name: 'GitLab template with bare :debug, reported once for the template and its user',
      path: GL,
      text: `.kaniko:\n  image:\n    name: gcr.io/kaniko-project/executor:debug\n    entrypoint: [""]\nbuild:\n  extends: .kaniko\n  script: /kaniko/executor --no-push\n`,
      errors: [{ messageId: 'floating', at: 'gcr.io/kaniko-project/executor:debug', data: { tag: 'debug' }, fix: null }],
    },
    {
      name: 'no tag at all, in a Tekton step; the example follows the configured image',
      path: 'task.yaml',
      text: `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: build\nspec:\n  steps:\n    - name: build\n      image: ghcr.io/osscontainertools/kaniko\n      args: [--no-push]\n`,
      errors: [{ messageId: 'untagged', at: 'ghcr.io/osscontainertools/kaniko', data: { image: 'ghcr.io/osscontainertools/kaniko' }, fix: null }],
    },
    {
      name: 'JSON manifest: an init container of a Job',
      path: 'job.json',
      text: JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'b' }, spec: { template: { spec: { restartPolicy: 'Never', initContainers: [{ name: 'k', image: 'martizih/kaniko-executor' }], containers: [{ name: 'main', image: 'alpine:3.20' }] } } } }),
      errors: [{ messageId: 'untagged', at: '"martizih/kaniko-executor"', data: { image: 'martizih/kaniko-executor' }, fix: null }],
    },
    {
      name: 'GitLab string image without a tag',
      path: GL,
      text: `build:\n  image: gcr.io/kaniko-project/executor\n  script: /kaniko/executor --no-push\n`,
      errors: [{ messageId: 'untagged', at: 'gcr.io/kaniko-project/executor', fix: null }],
    },
    {
      name: 'docker run of the executor in a GitHub step',
      path: GHA,
      text: `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --rm -v "$PWD":/workspace gcr.io/kaniko-project/executor:slim --context dir:///workspace --no-push\n`,
      errors: [{ messageId: 'floating', at: 'gcr.io/kaniko-project/executor:slim', data: { tag: 'slim' }, fix: null }],
    },
  ],
});
