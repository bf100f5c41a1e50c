import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintFile } from '../../server/src/engine/runner.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ciDindService from '../../server/src/engine/rules/ci/ci-dind-service.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';
import { runRuleTests } from './rule-tester.js';

const GL = '.gitlab-ci.yml';
const GHA = '.github/workflows/build.yml';

runRuleTests(ciDindService, {
  valid: [
    {
      name: 'kaniko job (template shape)',
      path: GL,
      text: `kaniko-build:
  stage: build
  image:
    name: gcr.io/kaniko-project/executor:debug
    entrypoint: [""]
  script:
    - /kaniko/executor --context $CI_PROJECT_DIR --dockerfile $CI_PROJECT_DIR/Dockerfile --destination $CI_REGISTRY_IMAGE:latest
`,
    },
    { name: 'database service', path: GL, text: `test:\n  services: [postgres:15]\n  script: [make test]\n` },
    { name: 'docker CLI image without dind', path: GL, text: `build:\n  image: docker:24.0.5\n  services:\n    - redis:7\n  script: docker info\n` },
    { name: 'half-typed keys', path: GL, text: `build:\n  services:\n    -\n    - name:\n    - {alias: docker}\n  script:\n` },
    { name: 'services is a scalar map key without value', path: GL, text: `build:\n  services:\n  image:\n` },
    { name: 'extends cycle', path: GL, text: `.a:\n  extends: .b\n.b:\n  extends: .a\njob:\n  extends: .a\n  script: x\n` },
    { name: 'GitHub Actions postgres service', path: GHA, text: `on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres:15\n    steps:\n      - run: make test\n` },
    { name: 'GitHub Actions half-typed', path: GHA, text: `on: push\njobs:\n  test:\n    services:\n      db:\n      docker: docker:dind\n    steps:\n` },
    { name: 'dind-like names that are not the docker image', path: GL, text: `a:\n  services: [mydind:1, "docker/compose:dind"]\n  script: x\n` },
    {
      name: 'docker:<version> as the job image, a -cli or pre-22.06 service, a service given a command: clients',
      path: GL,
      text: `a:\n  image: docker:27\n  services:\n    - docker:27-cli\n    - docker:20.10.16\n    - docker:stable\n    - name: docker:27\n      command: ["sh", "-c", "sleep 3600"]\n  script: docker build .\n`,
    },
    {
      name: 'a pod container of docker:<version> without a command but not privileged is not read as a daemon',
      path: 'k8s/pod.yaml',
      text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: docker:27\n`,
    },
    {
      name: 'a privileged pod container of docker:<version> that runs a command is a client',
      path: 'k8s/pod.yaml',
      text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: docker:27\n      command: [docker, build, .]\n      securityContext: {privileged: true}\n`,
    },
  ],
  invalid: [
    {
      name: 'Bitbucket: the platform Docker service is information, once for a global option',
      path: 'bitbucket-pipelines.yml',
      text: `options:\n  docker: true\npipelines:\n  default:\n    - step:\n        name: a\n        script: [docker build .]\n    - step:\n        name: b\n        script: [docker push x]\n`,
      errors: [{ messageId: 'hostDaemon', at: 'true', data: { Kind: 'Step', job: 'a' }, fix: null }],
    },
    {
      name: 'Drone: plugins/docker runs its own daemon, privileged by the runner',
      path: '.drone.yml',
      text: `kind: pipeline\nname: release\nsteps:\n- name: publish\n  image: plugins/docker:20\n  settings:\n    repo: acme/app\n- name: kaniko\n  image: plugins/kaniko:1\n`,
      errors: [{ messageId: 'daemon', at: 'plugins/docker:20', data: { where: 'step "publish"', kind: 'pipeline', job: 'release' }, fix: null }],
    },
    {
      name: 'Woodpecker: a dind service and the buildx plugin',
      path: '.woodpecker/build.yml',
      text: `steps:\n  push:\n    image: woodpeckerci/plugin-docker-buildx\nservices:\n  docker:\n    image: docker:27-dind\n    privileged: true\n`,
      errors: [
        { messageId: 'daemon', at: 'woodpeckerci/plugin-docker-buildx', data: { job: 'build' }, fix: null },
        { messageId: 'dind', at: 'docker:\n    image: docker:27-dind\n    privileged: true', data: { Kind: 'Pipeline', image: 'docker:27-dind' }, fix: null },
      ],
    },
    {
      name: 'Compose: a dind service',
      path: 'docker-compose.yml',
      text: `services:\n  docker:\n    image: docker:27-dind\n`,
      errors: [{ messageId: 'dind', at: 'docker:\n    image: docker:27-dind', data: { Kind: 'Compose file', image: 'docker:27-dind', host: 'Docker host' }, fix: null }],
    },
    {
      name: 'every job opts out of the default dind service: the default itself is reported',
      path: GL,
      text: `default:
  services:
    - docker:dind
build:
  script: docker build .
  services: []
lint:
  inherit:
    default: false
  script: make lint
unit:
  inherit:
    default: [image]
  script: make test
`,
      errors: [{ messageId: 'dindTemplate', at: 'docker:dind', data: { job: 'default' }, fix: null }],
    },
    {
      name: 'malformed YAML: what parsed is still checked, nothing throws',
      path: GL,
      text: `build:\n  services: [docker:dind\n  script: - x: [\n`,
      errors: [{ messageId: 'dind', at: 'docker:dind', fix: { refused: /is not valid YAML/ } }],
    },
    {
      name: 'string service',
      path: GL,
      text: `build:\n  image: docker:24.0.5\n  services:\n    - docker:24.0.5-dind\n  script: docker build .\n`,
      errors: [{ messageId: 'dind', at: 'docker:24.0.5-dind', data: { job: 'build', image: 'docker:24.0.5-dind', inheritedFrom: '' }, fix: 'rewrite' }],
    },
    {
      name: 'docker:<version>, docker:latest and plain docker as services are the daemon (the default variant is dind since 22.06)',
      path: GL,
      text: `build:\n  image: docker:27-cli\n  services:\n    - docker:27\n    - docker:latest\n    - docker\n    - docker:28.0.1-alpine3.21\n    - name: docker:24\n      command: ["--tls=false"]\n  script: docker build .\n`,
      errors: [
        { messageId: 'dind', at: 'docker:27', occurrence: 1, data: { job: 'build', image: 'docker:27' }, fix: 'rewrite' },
        { messageId: 'dind', at: 'docker:latest', data: { image: 'docker:latest' }, fix: 'rewrite' },
        { messageId: 'dind', at: 'docker', occurrence: 3, data: { image: 'docker' }, fix: 'rewrite' },
        { messageId: 'dind', at: 'docker:28.0.1-alpine3.21', data: { image: 'docker:28.0.1-alpine3.21' }, fix: 'rewrite' },
        { messageId: 'dind', at: 'name: docker:24\n      command: ["--tls=false"]', data: { image: 'docker:24' }, fix: 'rewrite' },
      ],
    },
    {
      name: 'GitHub Actions service of docker:<version>',
      path: GHA,
      text: `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    services:\n      docker:\n        image: docker:27\n        options: --privileged\n    steps:\n      - run: docker build .\n`,
      errors: [{ messageId: 'dind', at: 'docker:\n        image: docker:27\n        options: --privileged', data: { job: 'build', image: 'docker:27' }, fix: 'rewrite' }],
    },
    {
      name: 'a privileged pod container of docker:<version> without a command is a daemon sidecar',
      path: 'k8s/pod.yaml',
      text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n    - name: build\n      image: docker:27-cli\n      workingDir: /workspace\n      command: [sh, -c, "docker build -t registry.example.com/app:1 . && docker push registry.example.com/app:1"]\n      env:\n        - name: DOCKER_HOST\n          value: tcp://localhost:2375\n    - name: dind\n      image: docker:27\n      securityContext:\n        privileged: true\n`,
      errors: [{ messageId: 'dindPod', at: 'docker:27', occurrence: 1, data: { container: 'dind', kind: 'Pod', workload: 'builder', image: 'docker:27' }, fix: 'rewrite' }],
    },
    {
      name: 'a Tekton sidecar of docker:<version> is the daemon',
      path: 'tekton/task.yaml',
      text: `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: build\nspec:\n  steps:\n    - name: build\n      image: docker:27-cli\n      script: docker build .\n  sidecars:\n    - name: dind\n      image: docker:27\n`,
      errors: [{ messageId: 'dindPod', at: 'docker:27', occurrence: 1, data: { container: 'dind', kind: 'Task', image: 'docker:27' }, fix: { refused: /Tekton tasks are not rewritten/ } }],
    },
    {
      name: 'map service with alias covers the whole item',
      path: GL,
      text: `build:\n  services:\n    - name: docker:dind\n      alias: docker\n  script: docker build .\n`,
      errors: [{ messageId: 'dind', at: 'name: docker:dind\n      alias: docker', data: { job: 'build' }, fix: 'rewrite' }],
    },
    {
      name: 'flow-style list and registry mirror',
      path: GL,
      text: `build:\n  services: ["registry.example.com/library/docker:20.10-dind"]\n  script: docker build .\n`,
      errors: [{ messageId: 'dind', at: '"registry.example.com/library/docker:20.10-dind"', fix: 'rewrite' }],
    },
    {
      name: 'rootless dind',
      path: GL,
      text: `build:\n  services:\n    - docker:dind-rootless\n  script: docker build .\n`,
      errors: [{ messageId: 'dind', at: 'docker:dind-rootless', data: { image: 'docker:dind-rootless' }, fix: 'rewrite' }],
    },
    {
      name: 'default services inherited by several jobs, reported at each job key',
      path: GL,
      text: `default:\n  image: docker:24\n  services:\n    - docker:24-dind\nbuild:\n  script: docker build .\npush:\n  script: docker push x\n`,
      errors: [
        { messageId: 'dindInherited', at: 'build', data: { job: 'build', inheritedFrom: 'default' }, fix: 'rewrite' },
        { messageId: 'dindInherited', at: 'push', data: { job: 'push', inheritedFrom: 'default' }, fix: { refused: /pushes an image this job did not build/ } },
      ],
    },
    {
      name: 'deprecated top-level services, with inherit default false and a list',
      path: GL,
      text: `services:\n  - docker:dind\nbuild:\n  script: docker build .\nlint:\n  inherit:\n    default: false\n  script: make lint\ntest:\n  inherit:\n    default: [services]\n  script: make test\nunit:\n  inherit:\n    default: [image]\n  script: make unit\n`,
      errors: [
        { messageId: 'dindInherited', at: 'build', data: { inheritedFrom: 'top-level' }, fix: 'rewrite' },
        { messageId: 'dindInherited', at: 'test', data: { job: 'test', inheritedFrom: 'top-level' }, fix: { refused: /image build is hidden in `make test`/ } },
      ],
    },
    {
      name: 'hidden job + extends',
      path: GL,
      text: `.docker:\n  image: docker:24\n  services:\n    - docker:24-dind\nbuild:\n  extends: .docker\n  script: docker build .\n`,
      errors: [{ messageId: 'dindInherited', at: 'build', data: { job: 'build', inheritedFrom: '.docker' }, fix: 'rewrite' }],
    },
    {
      name: 'extends chain, list form, job overrides with its own dind',
      path: GL,
      text: `.base:\n  services: [postgres:15]\n.mid:\n  extends: [.base]\nbuild:\n  extends:\n    - .mid\n  services:\n    - docker:dind\n  script: x\n`,
      errors: [{ messageId: 'dind', at: 'docker:dind', data: { job: 'build' }, fix: { refused: /runs no docker build/ } }],
    },
    {
      name: 'hidden template not extended in this file (corpus gitlab/07)',
      path: GL,
      text: `.docker_build:\n  image: docker:latest\n  services:\n    - docker:dind\n  script:\n    - source build.sh\n`,
      errors: [{ messageId: 'dindTemplate', at: 'docker:dind', data: { job: '.docker_build' }, fix: { refused: /image build is hidden in `source build\.sh`/ } }],
    },
    {
      name: 'default dind with no jobs in this file',
      path: GL,
      text: `default:\n  services:\n    - docker:dind\n`,
      errors: [{ messageId: 'dindTemplate', at: 'docker:dind', data: { job: 'default' }, fix: null }],
    },
    {
      name: 'anchor and merge key',
      path: GL,
      text: `.dind: &dind\n  services:\n    - docker:dind\nbuild:\n  <<: *dind\n  script: docker build .\n`,
      errors: [{ messageId: 'dindInherited', at: 'build', data: { job: 'build', inheritedFrom: '&dind' }, fix: 'rewrite' }],
    },
    {
      name: 'alias of a service list',
      path: GL,
      text: `.svc: &svcs\n  - docker:dind\nbuild:\n  services: *svcs\n  script: docker build .\n`,
      errors: [{ messageId: 'dindInherited', at: 'build', data: { inheritedFrom: '&svcs' }, fix: 'rewrite' }],
    },
    {
      name: '!reference to a template service list',
      path: GL,
      text: `.dind:\n  services:\n    - docker:dind\nbuild:\n  services: !reference [.dind, services]\n  script: docker build .\n`,
      errors: [{ messageId: 'dindInherited', at: 'build', data: { inheritedFrom: '.dind' }, fix: 'rewrite' }],
    },
    {
      name: 'unresolved extends does not hide the job own service',
      path: GL,
      text: `include:\n  - local: other.yml\nbuild:\n  extends: .from-include\n  services: [docker:dind]\n  script: x\n`,
      errors: [{ messageId: 'dind', at: 'docker:dind', fix: { refused: /extends '\.from-include', which is not defined in this file/ } }],
    },
    {
      name: 'job named pages is a job',
      path: GL,
      text: `pages:\n  services: [docker:dind]\n  script: x\n`,
      errors: [{ messageId: 'dind', at: 'docker:dind', data: { job: 'pages' }, fix: { refused: /runs no docker build/ } }],
    },
    {
      name: 'GitHub Actions dind service',
      path: GHA,
      text: `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    services:\n      docker:\n        image: docker:24-dind\n        options: --privileged\n    steps:\n      - run: docker build .\n`,
      errors: [{ messageId: 'dind', at: 'docker:\n        image: docker:24-dind\n        options: --privileged', data: { job: 'build', image: 'docker:24-dind' }, fix: 'rewrite' }],
    },
    {
      name: 'Kubernetes pod with a dind sidecar',
      path: 'k8s/pod.yaml',
      text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n    - name: build\n      image: docker:24\n    - name: dind\n      image: docker:24-dind\n      securityContext:\n        privileged: true\n`,
      errors: [{ messageId: 'dindPod', at: 'docker:24-dind', data: { container: 'dind', kind: 'Pod', workload: 'builder' }, fix: { refused: /no container in the pod runs a visible docker build/ } }],
    },
  ],
});

test('rootless DinD is reported as information, other DinD at the rule severity', () => {
  const text = `a:\n  services: [docker:dind-rootless]\n  script: x\nb:\n  services: [docker:dind]\n  script: x\n`;
  const { findings } = lintFile({ path: GL, text }, {}, [ciDindService]);
  assert.deepEqual(findings.map((f) => [f.data.job, f.severity]), [['a', 'info'], ['b', 'warning']]);
});

test('job findings carry the Kaniko rewrite for their job; a bare default does not', () => {
  const text = `default:\n  services: [docker:dind]\nbuild:\n  script: x\n`;
  const { findings } = lintFile({ path: GL, text }, {}, [ciDindService]);
  assert.equal(findings.length, 1);
  const outcome = findings[0].fix?.();
  assert.ok(outcome, 'a fix is offered');
  assert.ok(outcome.type === 'fix' || outcome.type === 'refusal');
  const orphan = lintFile({ path: GL, text: `default:\n  services: [docker:dind]\n` }, {}, [ciDindService]).findings;
  assert.equal(orphan.length, 1);
  assert.equal(orphan[0].fix, undefined);
});

test('corpus: DinD jobs are reported, Kaniko jobs and shell-runner jobs are not', { skip: sharedSkip('corpus') }, () => {
  const dir = sharedDir('corpus', 'gitlab');
  const run = (name: string) =>
    lintFile({ path: name, text: readFileSync(join(dir, name), 'utf8') }, {}, [ciDindService]).findings.map((f) => `${f.messageId}:${f.data.job}`);
  assert.deepEqual(run('01-gitlab-template-docker-dind.gitlab-ci.yml'), ['dind:docker-build-master', 'dind:docker-build']);
  assert.deepEqual(run('02-gitlab-template-kaniko-target.gitlab-ci.yml'), []);
  assert.deepEqual(run('05-veloren-kaniko-real-world-target.gitlab-ci.yml'), []);
  assert.deepEqual(run('07-meltano-hidden-docker-build-template-sourced-scripts.gitlab-ci.yml'), ['dindTemplate:.docker_build']);
  assert.deepEqual(run('08-skeleton-shell-runner-script-file-not-dind.gitlab-ci.yml'), []);
  assert.equal(run('06-tokend-werf-dind-anchors-merge-key-refuse.gitlab-ci.yml').length, 5);
});
