// The conformance matrix: the same fact written in each dialect gives the same finding, at the
// words that state it. This is what keeps "a new system is a new dialect, not a rule edit" true: a
// dialect joins by adding its column, and no rule file may need to change for its cells to pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintFile } from '../../server/src/engine/runner.js';

type DialectColumn = 'gitlab-ci' | 'github-actions' | 'kubernetes' | 'tekton' | 'compose' | 'drone' | 'woodpecker' | 'bitbucket' | 'circleci' | 'azure-pipelines' | 'jenkins' | 'gitlab-runner' | 'actions-runner-controller';

interface Cell {
  path: string;
  text: string;
  /** The text the finding must cover exactly; `occurrence` picks among repeats (0-based). */
  at: string;
  occurrence?: number;
}

interface Fact {
  fact: string;
  /** The rule each scope reports the fact with: CI jobs and pod specs have their own rule families for some facts. */
  rule: { job: string; pod: string };
  /** One cell per dialect, or the reason the dialect cannot state the fact. */
  cells: Record<DialectColumn, Cell | { na: string }>;
}

const SCOPE: Record<DialectColumn, 'job' | 'pod'> = {
  'gitlab-ci': 'job',
  'github-actions': 'job',
  kubernetes: 'pod',
  tekton: 'pod',
  compose: 'job',
  drone: 'job',
  woodpecker: 'job',
  bitbucket: 'job',
  circleci: 'job',
  'azure-pipelines': 'job',
  jenkins: 'pod',
  'gitlab-runner': 'job',
  'actions-runner-controller': 'job',
};

const gl = (body: string): Cell['text'] => `build:\n${body}`;
const gha = (body: string): Cell['text'] => `on: push\njobs:\n  build:\n    runs-on: self-hosted\n${body}    steps:\n      - run: make\n`;
const pod = (containers: string, extra = ''): Cell['text'] =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n${containers}${extra}`;
const task = (steps: string, extra = ''): Cell['text'] =>
  `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: build\nspec:\n  steps:\n${steps}${extra}`;
const argo = (source: string): Cell['text'] =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: build\nspec:\n  entrypoint: main\n  templates:\n    - name: main\n      script:\n        image: docker:27-cli\n        command: [sh]\n        source: |\n          ${source}\n`;

const compose = (services: string): Cell['text'] => `services:\n${services}`;

const drone = (steps: string, extra = ''): Cell['text'] => `kind: pipeline\nname: build\nsteps:\n${steps}${extra}`;
const woodpecker = (steps: string, extra = ''): Cell['text'] => `steps:\n${steps}${extra}`;

const bitbucket = (step: string, extra = ''): Cell['text'] => `${extra}pipelines:\n  default:\n    - step:\n${step}`;

const circle = (job: string): Cell['text'] => `version: 2.1\njobs:\n  build:\n${job}`;

const azure = (container: string, steps = '  - script: docker build .\n'): Cell['text'] =>
  `resources:\n  containers:\n${container}jobs:\n- job: build\n  container: builder\n  steps:\n${steps}`;

// Pod YAML embedded in a scripted pipeline, and the steps that run in its container "b".
const jenkins = (containers: string, extra = '', steps = "      sh 'docker build .'\n"): Cell['text'] =>
  `podTemplate(yaml: '''\n  apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n${containers}${extra}''') {\n  node(POD_LABEL) {\n    container('b') {\n${steps}    }\n  }\n}\n`;

// A GitLab Runner config.toml: what its docker executor table says applies to every job it takes.
const runner = (docker: string, extra = ''): Cell['text'] =>
  `concurrent = 1\n\n[[runners]]\n  name = "builds"\n  executor = "docker"\n  [runners.docker]\n    image = "docker:27-cli"\n${docker}${extra}`;

const RUN_PRIVILEGED = 'docker run --rm --privileged alpine true';
const RUN_SOCKET = 'docker run --rm -v /var/run/docker.sock:/var/run/docker.sock alpine true';

const matrix: Fact[] = [
  {
    fact: 'a Docker-in-Docker daemon beside the build',
    rule: { job: 'ci-dind-service', pod: 'ci-dind-service' },
    cells: {
      jenkins: { path: 'Jenkinsfile', text: jenkins('    - name: b\n      image: docker:27-cli\n    - name: dind\n      image: docker:27-dind\n'), at: 'docker:27-dind' },
      'gitlab-runner': { path: 'gitlab-runner/config.toml', text: runner('', '  [[runners.docker.services]]\n    name = "docker:27-dind"\n'), at: 'name = "docker:27-dind"' },
      'actions-runner-controller': {
        path: 'values.yaml',
        text: 'githubConfigUrl: https://github.com/org\ngithubConfigSecret: gh\ncontainerMode:\n  type: dind\n',
        at: 'dind',
        occurrence: 0,
      },
      'gitlab-ci': { path: '.gitlab-ci.yml', text: gl('  services: [docker:27-dind]\n  script: docker build .\n'), at: 'docker:27-dind' },
      'github-actions': {
        path: '.github/workflows/b.yml',
        text: gha('    services:\n      dind:\n        image: docker:27-dind\n'),
        at: 'dind:\n        image: docker:27-dind',
      },
      kubernetes: { path: 'pod.yaml', text: pod('    - name: dind\n      image: docker:27-dind\n'), at: 'docker:27-dind' },
      tekton: {
        path: 'task.yaml',
        text: task('    - name: b\n      image: docker:27-cli\n      script: docker build .\n', '  sidecars:\n    - name: dind\n      image: docker:27-dind\n'),
        at: 'docker:27-dind',
      },
      compose: {
        path: 'docker-compose.yml',
        text: compose('  dind:\n    image: docker:27-dind\n  build:\n    image: docker:27-cli\n'),
        at: 'dind:\n    image: docker:27-dind',
      },
      drone: {
        path: '.drone.yml',
        text: drone('- name: b\n  image: docker:27-cli\n  commands: [docker build .]\n', 'services:\n- name: dind\n  image: docker:27-dind\n'),
        at: 'name: dind\n  image: docker:27-dind',
      },
      woodpecker: {
        path: '.woodpecker.yml',
        text: woodpecker('  b:\n    image: docker:27-cli\n    commands: [docker build .]\n', 'services:\n  dind:\n    image: docker:27-dind\n'),
        at: 'dind:\n    image: docker:27-dind',
      },
      bitbucket: {
        path: 'bitbucket-pipelines.yml',
        text: bitbucket('        services: [dind]\n        script: [docker build .]\n', 'definitions:\n  services:\n    dind:\n      image: docker:27-dind\n'),
        at: 'dind',
        occurrence: 2,
      },
      circleci: { na: 'CircleCI docker executors give secondary images no privileged mode, so a dind image there cannot start; setup_remote_docker is its daemon (information only)' },
      'azure-pipelines': {
        path: 'azure-pipelines.yml',
        text: `resources:\n  containers:\n  - container: dind\n    image: docker:27-dind\njobs:\n- job: build\n  services:\n    docker: dind\n  steps:\n  - script: docker build .\n`,
        at: 'docker: dind',
      },
    },
  },
  {
    fact: 'the host runtime socket mounted into the build container',
    rule: { job: 'ci-docker-socket', pod: 'k8s-docker-socket' },
    cells: {
      jenkins: {
        path: 'Jenkinsfile',
        text: jenkins(
          '    - name: b\n      image: docker:27-cli\n      volumeMounts:\n        - name: sock\n          mountPath: /var/run/docker.sock\n',
          '    volumes:\n      - name: sock\n        hostPath:\n          path: /var/run/docker.sock\n',
        ),
        at: '/var/run/docker.sock',
        occurrence: 1,
      },
      'gitlab-runner': {
        path: 'gitlab-runner/config.toml',
        text: runner('    volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]\n'),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      'actions-runner-controller': { na: 'Runner scale sets mount host paths only through a pod template, which is k8s-docker-socket\'s' },
      'gitlab-ci': { na: 'GitLab jobs cannot mount host paths; the runner configuration does' },
      'github-actions': {
        path: '.github/workflows/b.yml',
        text: gha('    container:\n      image: docker:27-cli\n      volumes:\n        - /var/run/docker.sock:/var/run/docker.sock\n'),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      kubernetes: {
        path: 'pod.yaml',
        text: pod(
          '    - name: b\n      image: docker:27-cli\n      volumeMounts:\n        - name: sock\n          mountPath: /var/run/docker.sock\n',
          '  volumes:\n    - name: sock\n      hostPath:\n        path: /var/run/docker.sock\n',
        ),
        at: '/var/run/docker.sock',
        occurrence: 1,
      },
      tekton: {
        path: 'task.yaml',
        text: task(
          '    - name: b\n      image: docker:27-cli\n      volumeMounts:\n        - name: sock\n          mountPath: /var/run/docker.sock\n',
          '  volumes:\n    - name: sock\n      hostPath:\n        path: /var/run/docker.sock\n',
        ),
        at: '/var/run/docker.sock',
        occurrence: 1,
      },
      compose: {
        path: 'docker-compose.yml',
        text: compose('  build:\n    image: docker:27-cli\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n'),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      drone: {
        path: '.drone.yml',
        text: drone(
          '- name: b\n  image: docker:27-cli\n  volumes:\n  - name: sock\n    path: /var/run/docker.sock\n',
          'volumes:\n- name: sock\n  host:\n    path: /var/run/docker.sock\n',
        ),
        at: '/var/run/docker.sock',
        occurrence: 1,
      },
      woodpecker: {
        path: '.woodpecker.yml',
        text: woodpecker('  b:\n    image: docker:27-cli\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n'),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      bitbucket: { na: 'Bitbucket steps cannot mount host paths, and its Docker service refuses host mounts' },
      circleci: { na: 'CircleCI executors cannot mount host paths' },
      'azure-pipelines': {
        path: 'azure-pipelines.yml',
        text: azure('  - container: builder\n    image: docker:27-cli\n    options: -v /var/run/docker.sock:/var/run/docker.sock\n'),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
    },
  },
  {
    fact: 'a privileged build container',
    rule: { job: 'ci-privileged', pod: 'k8s-privileged' },
    cells: {
      jenkins: { path: 'Jenkinsfile', text: jenkins('    - name: b\n      image: docker:27-cli\n      securityContext:\n        privileged: true\n'), at: 'true' },
      'gitlab-runner': { path: 'gitlab-runner/config.toml', text: runner('    privileged = true\n'), at: 'true' },
      'actions-runner-controller': { na: 'A privileged runner container is written in its pod template, which is k8s-privileged\'s' },
      'gitlab-ci': { na: 'GitLab jobs cannot ask for privileged mode; the runner configuration does' },
      'github-actions': {
        path: '.github/workflows/b.yml',
        text: gha('    container:\n      image: docker:27-cli\n      options: --privileged\n'),
        at: '--privileged',
      },
      kubernetes: {
        path: 'pod.yaml',
        text: pod('    - name: b\n      image: docker:27-cli\n      securityContext:\n        privileged: true\n'),
        at: 'true',
      },
      tekton: {
        path: 'task.yaml',
        text: task('    - name: b\n      image: docker:27-cli\n      securityContext:\n        privileged: true\n'),
        at: 'true',
      },
      compose: { path: 'docker-compose.yml', text: compose('  build:\n    image: docker:27-cli\n    privileged: true\n'), at: 'true' },
      drone: { path: '.drone.yml', text: drone('- name: b\n  image: docker:27-cli\n  privileged: true\n'), at: 'true' },
      woodpecker: { path: '.woodpecker.yml', text: woodpecker('  b:\n    image: docker:27-cli\n    privileged: true\n'), at: 'true' },
      bitbucket: { na: 'Bitbucket steps cannot ask for privileged mode; the platform refuses it' },
      circleci: { na: 'CircleCI docker executors cannot ask for privileged mode' },
      'azure-pipelines': {
        path: 'azure-pipelines.yml',
        text: azure('  - container: builder\n    image: docker:27-cli\n    options: --privileged\n'),
        at: '--privileged',
      },
    },
  },
  {
    fact: 'privilege escalation allowed in the build container',
    rule: { job: 'ci-privileged', pod: 'k8s-allow-privilege-escalation' },
    cells: {
      jenkins: { path: 'Jenkinsfile', text: jenkins('    - name: b\n      image: docker:27-cli\n      securityContext:\n        allowPrivilegeEscalation: true\n'), at: 'true' },
      'gitlab-runner': {
        path: 'gitlab-runner/config.toml',
        text: '[[runners]]\n  name = "builds"\n  executor = "kubernetes"\n  [runners.kubernetes]\n    allow_privilege_escalation = true\n',
        at: 'true',
      },
      'actions-runner-controller': { na: 'A runner container\'s securityContext is written in its pod template, which is k8s-allow-privilege-escalation\'s' },
      'gitlab-ci': { na: 'GitLab jobs cannot set the container\'s security context; the runner configuration does' },
      'github-actions': { na: 'A job container\'s no_new_privs is off unless options say otherwise; no setting turns escalation on beyond the default' },
      kubernetes: { path: 'pod.yaml', text: pod('    - name: b\n      image: docker:27-cli\n      securityContext:\n        allowPrivilegeEscalation: true\n'), at: 'true' },
      tekton: { path: 'task.yaml', text: task('    - name: b\n      image: docker:27-cli\n      securityContext:\n        allowPrivilegeEscalation: true\n'), at: 'true' },
      compose: { na: 'Compose containers allow escalation unless security_opt says no-new-privileges; no setting turns it on beyond the default' },
      drone: { na: 'Drone steps have no privilege-escalation setting' },
      woodpecker: { na: 'Woodpecker steps have no privilege-escalation setting' },
      bitbucket: { na: 'Bitbucket steps have no privilege-escalation setting' },
      circleci: { na: 'CircleCI executors have no privilege-escalation setting' },
      'azure-pipelines': { na: 'A container resource\'s no_new_privs is off unless options say otherwise; no setting turns escalation on beyond the default' },
    },
  },
  {
    fact: '`docker run --privileged` in a script',
    rule: { job: 'ci-privileged', pod: 'ci-privileged' },
    cells: {
      jenkins: { path: 'Jenkinsfile', text: jenkins('    - name: b\n      image: docker:27-cli\n', '', `      sh '${RUN_PRIVILEGED}'\n`), at: '--privileged' },
      'gitlab-runner': { na: 'A runner configuration runs no scripts; its jobs\' scripts are in their CI files' },
      'actions-runner-controller': { na: 'Runner deployments run no scripts; the workflows their runners take do' },
      'gitlab-ci': { path: '.gitlab-ci.yml', text: gl(`  script:\n    - ${RUN_PRIVILEGED}\n`), at: '--privileged' },
      'github-actions': {
        path: '.github/workflows/b.yml',
        text: `on: push\njobs:\n  build:\n    runs-on: self-hosted\n    steps:\n      - run: ${RUN_PRIVILEGED}\n`,
        at: '--privileged',
      },
      kubernetes: { path: 'wf.yaml', text: argo(RUN_PRIVILEGED), at: '--privileged' },
      tekton: { path: 'task.yaml', text: task(`    - name: b\n      image: docker:27-cli\n      script: |\n        ${RUN_PRIVILEGED}\n`), at: '--privileged' },
      compose: { na: 'Compose services run no scripts: `command:` is the container\'s own process, not a shell the file writes' },
      drone: { path: '.drone.yml', text: drone(`- name: b\n  image: docker:27-cli\n  commands:\n  - ${RUN_PRIVILEGED}\n`), at: '--privileged' },
      woodpecker: { path: '.woodpecker.yml', text: woodpecker(`  b:\n    image: docker:27-cli\n    commands:\n      - ${RUN_PRIVILEGED}\n`), at: '--privileged' },
      bitbucket: { path: 'bitbucket-pipelines.yml', text: bitbucket(`        script:\n          - ${RUN_PRIVILEGED}\n`), at: '--privileged' },
      circleci: {
        path: '.circleci/config.yml',
        text: circle(`    machine: true\n    steps:\n      - run: ${RUN_PRIVILEGED}\n`),
        at: '--privileged',
      },
      'azure-pipelines': {
        path: 'azure-pipelines.yml',
        text: azure('  - container: builder\n    image: docker:27-cli\n', `  - script: ${RUN_PRIVILEGED}\n`),
        at: '--privileged',
      },
    },
  },
  {
    fact: '`docker run -v <socket>` in a script',
    rule: { job: 'ci-docker-socket', pod: 'ci-docker-socket' },
    cells: {
      jenkins: { path: 'Jenkinsfile', text: jenkins('    - name: b\n      image: docker:27-cli\n', '', `      sh "${RUN_SOCKET}"\n`), at: '/var/run/docker.sock:/var/run/docker.sock' },
      'gitlab-runner': { na: 'A runner configuration runs no scripts; its jobs\' scripts are in their CI files' },
      'actions-runner-controller': { na: 'Runner deployments run no scripts; the workflows their runners take do' },
      'gitlab-ci': { path: '.gitlab-ci.yml', text: gl(`  script:\n    - ${RUN_SOCKET}\n`), at: '/var/run/docker.sock:/var/run/docker.sock' },
      'github-actions': {
        path: '.github/workflows/b.yml',
        text: `on: push\njobs:\n  build:\n    runs-on: self-hosted\n    steps:\n      - run: ${RUN_SOCKET}\n`,
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      kubernetes: { path: 'wf.yaml', text: argo(RUN_SOCKET), at: '/var/run/docker.sock:/var/run/docker.sock' },
      tekton: {
        path: 'task.yaml',
        text: task(`    - name: b\n      image: docker:27-cli\n      script: |\n        ${RUN_SOCKET}\n`),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      compose: { na: 'Compose services run no scripts: `command:` is the container\'s own process, not a shell the file writes' },
      drone: {
        path: '.drone.yml',
        text: drone(`- name: b\n  image: docker:27-cli\n  commands:\n  - ${RUN_SOCKET}\n`),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      woodpecker: {
        path: '.woodpecker.yml',
        text: woodpecker(`  b:\n    image: docker:27-cli\n    commands:\n      - ${RUN_SOCKET}\n`),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      bitbucket: {
        path: 'bitbucket-pipelines.yml',
        text: bitbucket(`        script:\n          - ${RUN_SOCKET}\n`),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      circleci: {
        path: '.circleci/config.yml',
        text: circle(`    machine: true\n    steps:\n      - run: ${RUN_SOCKET}\n`),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
      'azure-pipelines': {
        path: 'azure-pipelines.yml',
        text: azure('  - container: builder\n    image: docker:27-cli\n', `  - bash: ${RUN_SOCKET}\n`),
        at: '/var/run/docker.sock:/var/run/docker.sock',
      },
    },
  },
];

for (const row of matrix) {
  for (const [dialect, cell] of Object.entries(row.cells) as [DialectColumn, Cell | { na: string }][]) {
    if ('na' in cell) {
      test(`conformance: ${row.fact} — ${dialect}`, { skip: cell.na }, () => {});
      continue;
    }
    test(`conformance: ${row.fact} — ${dialect}`, () => {
      const rule = row.rule[SCOPE[dialect]];
      const { findings } = lintFile({ path: cell.path, text: cell.text });
      const own = findings.filter((f) => f.ruleId === rule);
      assert.equal(own.length, 1, `${rule} findings: ${JSON.stringify(findings.map((f) => [f.ruleId, f.message]))}`);
      let start = -1;
      for (let n = 0; n <= (cell.occurrence ?? 0); n++) start = cell.text.indexOf(cell.at, start + 1);
      assert.ok(start >= 0, `case lacks ${cell.at}`);
      assert.deepEqual(
        { text: cell.text.slice(own[0].start, own[0].end), start: own[0].start },
        { text: cell.at, start },
        'the finding covers the words that state the fact',
      );
      assert.ok(!findings.some((f) => f.ruleId === 'internal-error' || f.ruleId === 'parse-error'), 'the case parses and no rule throws');
    });
  }
}

test('conformance: every dialect has a column in every row', () => {
  for (const row of matrix) assert.deepEqual(Object.keys(row.cells).sort(), Object.keys(SCOPE).sort(), row.fact);
});
