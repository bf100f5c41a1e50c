import ciPrivileged from '../../server/src/engine/rules/ci/ci-privileged.js';
import { runRuleTests } from './rule-tester.js';

const GL = '.gitlab-ci.yml';
const GHA = '.github/workflows/build.yml';
const RUNNER = 'gitlab-runner/config.toml';
/** A Kubernetes-executor runner whose `[runners.kubernetes]` table holds `settings`. */
const k8sRunner = (settings: string): string => `[[runners]]\n  name = "k8s"\n  executor = "kubernetes"\n  [runners.kubernetes]\n    namespace = "ci"\n${settings}`;
/** The runner chart's values embedding such a runner in `runners.config`. */
const chartValues = (settings: string): string =>
  `gitlabUrl: https://gitlab.example.com/\nrunners:\n  config: |\n    [[runners]]\n      executor = "kubernetes"\n      [runners.kubernetes]\n${settings}`;

runRuleTests(ciPrivileged, {
  valid: [
    { name: 'kaniko job', path: GL, text: `build:\n  image:\n    name: gcr.io/kaniko-project/executor:debug\n    entrypoint: [""]\n  script: /kaniko/executor --no-push\n` },
    { name: 'flag after the image belongs to the container command', path: GL, text: `t:\n  script:\n    - docker run --rm alpine echo --privileged\n` },
    { name: '--privileged=false', path: GHA, text: `on: push\njobs:\n  b:\n    runs-on: x\n    container:\n      image: node:20\n      options: --privileged=false --cpus 2\n    steps:\n      - run: make\n` },
    { name: 'other commands mentioning the flag', path: GL, text: `t:\n  script:\n    - echo "--privileged"\n    - docker build --build-arg X=--privileged .\n` },
    { name: 'half-typed', path: GHA, text: `on: push\njobs:\n  b:\n    container:\n      options:\n    services:\n      s:\n        image: x\n        options: [--privileged]\n    steps:\n      -\n` },
    { name: 'dind service alone is ci-dind-service, not this rule', path: GL, text: `b:\n  services: [docker:dind]\n  script: docker build .\n` },
    // Unset, the runner writes no allowPrivilegeEscalation and the cluster's own default stands.
    { name: 'runner: allow_privilege_escalation unset', path: RUNNER, text: k8sRunner('    image = "alpine:3.20"\n') },
    { name: 'runner: allow_privilege_escalation = false', path: RUNNER, text: k8sRunner('    allow_privilege_escalation = false\n') },
    { name: 'runner: the key in a docker executor table is no docker setting', path: RUNNER, text: `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    allow_privilege_escalation = true\n` },
    { name: 'runner: a shell executor reads no kubernetes table', path: RUNNER, text: `[[runners]]\n  executor = "shell"\n  [runners.kubernetes]\n    allow_privilege_escalation = true\n` },
  ],
  invalid: [
    {
      name: 'Jenkins docker agent: --privileged in args starts the steps\' container privileged on the agent',
      path: 'Jenkinsfile',
      text: `pipeline {\n  agent {\n    docker {\n      image 'docker:27-cli'\n      args '--privileged --network host'\n    }\n  }\n  stages { stage('b') { steps { sh 'make' } } }\n}\n`,
      errors: [{ messageId: 'options', at: '--privileged', data: { where: 'container "docker:27-cli"', kind: 'pipeline', job: 'Jenkinsfile', host: 'Jenkins agent', flag: '--privileged' }, fix: null }],
    },
    {
      name: 'Jenkins agent any: docker run --privileged in a sh step runs on the agent host',
      path: 'Jenkinsfile',
      text: `pipeline {\n  agent any\n  stages {\n    stage('e2e') {\n      steps {\n        sh 'docker run --rm --privileged img make e2e'\n      }\n    }\n  }\n}\n`,
      errors: [{ messageId: 'run', at: '--privileged', data: { tool: 'docker', kind: 'pipeline', job: 'Jenkinsfile', host: 'Jenkins agent' }, fix: null }],
    },
    {
      name: 'Jenkins pod agent: a sh step outside container() runs in jnlp',
      path: 'Jenkinsfile',
      text: `pipeline {\n  agent {\n    kubernetes {\n      yaml '''\nspec:\n  containers:\n  - name: node\n    image: node:22\n'''\n    }\n  }\n  stages { stage('t') { steps { sh 'docker run --privileged img' } } }\n}\n`,
      errors: [{ messageId: 'runInPod', at: '--privileged', data: { role: 'container', container: 'jnlp', kind: 'Pod' }, fix: null }],
    },
    {
      name: 'Drone: a privileged step in the second document',
      path: '.drone.yml',
      text: `kind: pipeline\nname: a\nsteps:\n- name: x\n  image: alpine\n---\nkind: pipeline\nname: b\nsteps:\n- name: y\n  image: docker:27\n  privileged: true\n`,
      errors: [{ messageId: 'privileged', at: 'true', data: { where: 'step "y"', kind: 'pipeline', job: 'b', host: 'runner' }, fix: null }],
    },
    {
      name: 'Compose: privileged: true on a service',
      path: 'docker-compose.yml',
      text: `services:\n  builder:\n    image: docker:27-dind\n    privileged: true\n  web:\n    image: nginx:1.27\n    privileged: false\n`,
      errors: [{ messageId: 'privileged', at: 'true', data: { where: 'service "builder"', kind: 'Compose file', job: 'docker-compose.yml', host: 'Docker host' }, fix: null }],
    },
    {
      name: 'runner: allow_privilege_escalation = true in [runners.kubernetes]',
      path: RUNNER,
      text: k8sRunner('    allow_privilege_escalation = true\n'),
      errors: [{ messageId: 'escalation', at: 'true', data: { where: 'job container', kind: 'runner', job: 'k8s', host: 'Kubernetes node (every job the runner takes inherits it)' }, fix: null }],
    },
    {
      name: 'runner: beside privileged = true only privileged mode is reported (it always allows escalation)',
      path: RUNNER,
      text: k8sRunner('    privileged = true\n    allow_privilege_escalation = true\n'),
      errors: [{ messageId: 'privileged', at: 'true', data: { where: 'job container', kind: 'runner', job: 'k8s' }, fix: null }],
    },
    {
      name: 'runner chart values: the same setting inside runners.config, at the value in the string',
      path: 'values.yaml',
      text: chartValues('        allow_privilege_escalation = true\n'),
      errors: [{ messageId: 'escalation', at: 'true', data: { kind: 'runner', job: 'runners[0]', host: 'Kubernetes node (every job the runner takes inherits it)' }, fix: null }],
    },
    {
      name: 'GitHub Actions container and service options',
      path: GHA,
      text: `on: push\njobs:\n  build:\n    runs-on: self-hosted\n    container:\n      image: docker:24\n      options: --privileged --cpus 2\n    services:\n      docker:\n        image: docker:dind\n        options: >-\n          --cpus 1\n          --privileged=true\n    steps:\n      - run: docker build .\n`,
      errors: [
        { messageId: 'options', at: '--privileged', data: { where: 'job container', flag: '--privileged', job: 'build' }, fix: 'rewrite' },
        { messageId: 'options', at: '--privileged=true', data: { where: 'service "docker"' }, fix: 'rewrite' },
      ],
    },
    {
      name: 'docker run --privileged in a GitLab script',
      path: GL,
      text: `test:\n  image: docker:24\n  services: [docker:24-dind]\n  script:\n    - docker run --rm --privileged -v "$PWD:/w" img make\n`,
      errors: [{ messageId: 'run', at: '--privileged', data: { tool: 'docker', job: 'test' }, fix: { refused: /docker run needs a Docker daemon/ } }],
    },
    {
      name: 'two privileged runs in one block scalar map to successive occurrences',
      path: GL,
      text: `test:\n  script:\n    - |\n      docker run --privileged a\n      sudo podman run -it --privileged b\n`,
      errors: [
        { messageId: 'run', at: '--privileged', data: { tool: 'docker' }, fix: { refused: /docker run needs a Docker daemon/ } },
        { messageId: 'run', at: '--privileged', occurrence: 1, data: { tool: 'podman' }, fix: { refused: /docker run needs a Docker daemon/ } },
      ],
    },
    {
      name: 'GitLab service command and entrypoint',
      path: GL,
      text: `b:\n  services:\n    - name: registry.example.com/sandbox:1\n      entrypoint: ["run.sh", "--privileged"]\n    - name: other:2\n      command: ["--privileged=true --debug"]\n  script: x\n`,
      errors: [
        { messageId: 'service', at: '--privileged', data: { image: 'registry.example.com/sandbox:1' }, fix: { refused: /runs no docker build/ } },
        { messageId: 'service', at: '--privileged=true', data: { image: 'other:2' }, fix: { refused: /runs no docker build/ } },
      ],
    },
    {
      name: 'hidden template script reached through extends: one finding, attributed to the job',
      path: GL,
      text: `.e2e:\n  script:\n    - docker container run --privileged img\na:\n  extends: .e2e\nb:\n  extends: .e2e\n`,
      errors: [{ messageId: 'run', at: '--privileged', data: { job: 'a' }, fix: { refused: /docker run needs a Docker daemon/ } }],
    },
    {
      name: '!reference script lines',
      path: GL,
      text: `.setup:\n  script:\n    - docker run --privileged img\nb:\n  script:\n    - !reference [.setup, script]\n    - echo done\n`,
      errors: [{ messageId: 'run', at: '--privileged', data: { job: 'b' }, fix: { refused: /docker run needs a Docker daemon/ } }],
    },
    {
      name: 'docker run --privileged in a Tekton step script: named by step and Task',
      path: 'task.yaml',
      text: `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: e2e\nspec:\n  steps:\n    - name: test\n      image: docker:27-cli\n      script: |\n        #!/bin/sh\n        docker run --rm --privileged img make test\n`,
      errors: [
        {
          messageId: 'runInPod',
          at: '--privileged',
          data: { tool: 'docker', role: 'step', container: 'test', kind: 'Task', workload: 'e2e', flag: '--privileged' },
          fix: null,
        },
      ],
    },
  ],
});
