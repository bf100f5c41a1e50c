import ciDockerSocket from '../../server/src/engine/rules/ci/ci-docker-socket.js';
import { runRuleTests } from './rule-tester.js';

const GL = '.gitlab-ci.yml';
const GHA = '.github/workflows/build.yml';

runRuleTests(ciDockerSocket, {
  valid: [
    // A GitHub-hosted runner's VM is the job's own and thrown away after it: the socket it mounts is no shared host.
    { name: 'GitHub-hosted container job running docker', path: '.github/workflows/build.yml', text: `on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    container: docker:27-cli\n    steps:\n      - run: docker build .\n` },
    { name: 'kaniko job', path: GL, text: `build:\n  image:\n    name: gcr.io/kaniko-project/executor:debug\n    entrypoint: [""]\n  script:\n    - /kaniko/executor --context . --no-push\n` },
    { name: 'dind over TCP', path: GL, text: `build:\n  services: [docker:dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2376\n  script: docker run --rm -v "$PWD:/src" alpine ls /src\n` },
    { name: 'socket path only after the image (container command)', path: GL, text: `build:\n  script:\n    - docker run --rm alpine ls -v /var/run/docker.sock:/x\n` },
    { name: 'named volume and unrelated host path', path: GHA, text: `on: push\njobs:\n  b:\n    runs-on: x\n    container:\n      image: node:20\n      volumes:\n        - cache:/cache\n        - /opt/data:/data\n      options: -v /tmp:/tmp --cpus 2\n    steps:\n      - run: make\n` },
    { name: 'half-typed', path: GHA, text: `on: push\njobs:\n  b:\n    container:\n      volumes:\n      options:\n    services:\n      s:\n        image:\n    steps:\n      - run:\n` },
  ],
  invalid: [
    {
      name: 'Jenkins docker.image().inside(): the socket in its docker run options',
      path: 'Jenkinsfile',
      text: `node {\n  docker.image('docker:27-cli').inside('-u root -v /var/run/docker.sock:/var/run/docker.sock') {\n    sh 'docker build .'\n  }\n}\n`,
      errors: [{ messageId: 'options', at: '/var/run/docker.sock:/var/run/docker.sock', data: { where: 'container "docker:27-cli"', kind: 'pipeline', path: '/var/run/docker.sock', host: 'Jenkins agent' }, fix: null }],
    },
    {
      name: 'Jenkins agent any: DOCKER_HOST on the agent host socket in environment { }',
      path: 'Jenkinsfile',
      text: `pipeline {\n  agent { label 'linux' }\n  environment { DOCKER_HOST = 'unix:///var/run/docker.sock' }\n  stages { stage('b') { steps { sh 'docker build .' } } }\n}\n`,
      errors: [{ messageId: 'dockerHost', at: 'unix:///var/run/docker.sock', data: { Kind: 'Pipeline', job: 'Jenkinsfile', host: 'Jenkins agent' }, fix: null }],
    },
    {
      name: 'GitLab Runner config.toml: DOCKER_HOST on the host socket in environment, for every job the runner takes',
      path: 'gitlab-runner/config.toml',
      text: `[[runners]]\n  name = "shell"\n  executor = "docker"\n  environment = ["DOCKER_HOST=unix:///var/run/docker.sock"]\n`,
      errors: [{ messageId: 'dockerHost', at: 'unix:///var/run/docker.sock', data: { Kind: 'Runner', job: 'shell', path: '/var/run/docker.sock', host: 'runner host (every job the runner takes inherits it)' }, fix: null }],
    },
    {
      name: 'GitHub Actions self-hosted container job whose steps run docker: the socket the runner mounts, at the image',
      path: '.github/workflows/build.yml',
      text: `on: push\njobs:\n  build:\n    runs-on: [self-hosted, linux]\n    container:\n      image: docker:27-cli\n    steps:\n      - run: docker build -t app .\n`,
      errors: [{ messageId: 'runnerSocket', at: 'docker:27-cli', data: { where: 'job container', kind: 'job', job: 'build', path: '/var/run/docker.sock' }, fix: 'rewrite' }],
    },
    {
      name: 'Jenkins scripted node without a pod: the socket mount of a docker run on the agent',
      path: 'Jenkinsfile',
      text: `node {\n  stage('b') {\n    sh "docker run --rm -v /var/run/docker.sock:/var/run/docker.sock docker:27-cli docker ps"\n  }\n}\n`,
      errors: [{ messageId: 'runMount', at: '/var/run/docker.sock:/var/run/docker.sock', data: { tool: 'docker', kind: 'pipeline', job: 'Jenkinsfile', path: '/var/run/docker.sock' }, fix: null }],
    },
    {
      name: 'Drone: a host volume on the socket, reported once at the host path for two steps',
      path: '.drone.yml',
      text: `kind: pipeline\nname: ci\nsteps:\n- name: a\n  image: docker:27-cli\n  volumes:\n  - name: sock\n    path: /var/run/docker.sock\n- name: b\n  image: docker:27-cli\n  volumes:\n  - name: sock\n    path: /var/run/docker.sock\nvolumes:\n- name: sock\n  host:\n    path: /var/run/docker.sock\n`,
      errors: [{ messageId: 'volume', at: '/var/run/docker.sock', occurrence: 2, data: { where: 'step "a"', Kind: 'Pipeline', job: 'ci' }, fix: null }],
    },
    {
      name: 'Compose: socket bind in short and long syntax',
      path: 'compose.yaml',
      text: `services:\n  ci:\n    image: docker:27-cli\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - type: bind\n        source: /run/containerd/containerd.sock\n        target: /run/containerd/containerd.sock\n      - ./data:/data\n`,
      errors: [
        { messageId: 'volume', at: '/var/run/docker.sock:/var/run/docker.sock', data: { where: 'service "ci"', Kind: 'Compose file', path: '/var/run/docker.sock' }, fix: null },
        { messageId: 'volume', at: '/run/containerd/containerd.sock', data: { path: '/run/containerd/containerd.sock' }, fix: null },
      ],
    },
    {
      name: 'docker run -v in a script line',
      path: GL,
      text: `build:\n  image: docker:24\n  script:\n    - docker run --rm -v /var/run/docker.sock:/var/run/docker.sock alpine true\n`,
      errors: [{ messageId: 'runMount', at: '/var/run/docker.sock:/var/run/docker.sock', data: { job: 'build', tool: 'docker', path: '/var/run/docker.sock' }, fix: { refused: /docker run needs a Docker daemon/ } }],
    },
    {
      name: 'block scalar with --volume= and --mount',
      path: GL,
      text: `build:\n  script:\n    - |\n      set -e\n      sudo podman run --volume=/run/podman/podman.sock:/s:ro img\n      docker run --mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock img\n`,
      errors: [
        { messageId: 'runMount', at: '--volume=/run/podman/podman.sock:/s:ro', data: { tool: 'podman' }, fix: { refused: /^`sudo podman run --volume=\S+ img`: podman run needs a container engine/ } },
        { messageId: 'runMount', at: 'type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock', data: { tool: 'docker' }, fix: { refused: /^`sudo podman run --volume=\S+ img`: podman run needs a container engine/ } },
      ],
    },
    {
      name: 'DOCKER_HOST unix socket in job and top-level variables',
      path: GL,
      text: `variables:\n  DOCKER_HOST: unix:///run/containerd/containerd.sock\nbuild:\n  variables:\n    DOCKER_HOST: unix:///var/run/docker.sock\n  script: docker build .\n`,
      errors: [
        { messageId: 'dockerHostGlobal', at: 'unix:///run/containerd/containerd.sock', data: { path: '/run/containerd/containerd.sock' }, fix: null },
        { messageId: 'dockerHost', at: 'unix:///var/run/docker.sock', data: { job: 'build' }, fix: 'rewrite' },
      ],
    },
    {
      name: 'default before_script shared by two jobs: one finding, on the first job',
      path: GL,
      text: `default:\n  before_script:\n    - docker run -d -v /var/run/docker.sock:/var/run/docker.sock watcher\na:\n  script: x\nb:\n  script: y\n`,
      errors: [{ messageId: 'runMount', at: '/var/run/docker.sock:/var/run/docker.sock', data: { job: 'a' }, fix: { refused: /docker run needs a Docker daemon/ } }],
    },
    {
      name: 'GitLab service volumes if present',
      path: GL,
      text: `build:\n  services:\n    - name: docker:dind\n      volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n  script: x\n`,
      errors: [{ messageId: 'volume', at: '"/var/run/docker.sock:/var/run/docker.sock"', fix: { refused: /runs no docker build/ } }],
    },
    {
      name: 'GitHub Actions container options and volumes, service options',
      path: GHA,
      text: `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    container:\n      image: docker:24\n      options: --cpus 1 -v /var/run/docker.sock:/var/run/docker.sock\n      volumes:\n        - /var/run:/host-run\n    services:\n      helper:\n        image: alpine:3\n        options: "--volume /var/run/docker.sock:/var/run/docker.sock"\n    steps:\n      - run: docker build .\n`,
      errors: [
        { messageId: 'options', at: '/var/run/docker.sock:/var/run/docker.sock', data: { where: 'job container', path: '/var/run/docker.sock' }, fix: 'rewrite' },
        { messageId: 'volume', at: '/var/run:/host-run', data: { path: '/var/run' }, fix: 'rewrite' },
        { messageId: 'options', at: '/var/run/docker.sock:/var/run/docker.sock', occurrence: 1, data: { where: 'service "helper"' }, fix: 'rewrite' },
      ],
    },
    {
      name: 'GitHub Actions run step',
      path: GHA,
      text: `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --rm -v "/var/run/docker.sock:/var/run/docker.sock" -v $PWD:/w img\n`,
      errors: [{ messageId: 'runMount', at: '/var/run/docker.sock:/var/run/docker.sock', fix: { refused: /docker run needs a Docker daemon/ } }],
    },
    {
      name: 'mount text not exactly mappable (escape in a quoted scalar): the whole script entry',
      path: GL,
      text: `build:\n  script:\n    - "docker run -v /var/run/docker\\u002esock:/s img"\n`,
      errors: [{ messageId: 'runMount', at: '"docker run -v /var/run/docker\\u002esock:/s img"', data: { path: '/var/run/docker.sock' }, fix: { refused: /docker run needs a Docker daemon/ } }],
    },
    {
      name: 'malformed YAML: what parsed is still checked, nothing throws',
      path: GL,
      text: `build:\n  script: [docker run -v /var/run/docker.sock:/var/run/docker.sock\n`,
      errors: [{ messageId: 'runMount', at: '/var/run/docker.sock:/var/run/docker.sock', fix: { refused: /is not valid YAML/ } }],
    },
    {
      name: 'socket mount in an Argo script template: named by the template',
      path: 'wf.yaml',
      text: `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: ci\nspec:\n  templates:\n    - name: build\n      script:\n        image: docker:27-cli\n        command: [sh]\n        source: |\n          docker run -v /var/run/docker.sock:/var/run/docker.sock img\n`,
      errors: [
        {
          messageId: 'runMountInPod',
          at: '/var/run/docker.sock:/var/run/docker.sock',
          data: { tool: 'docker', role: 'container', container: '(unnamed)', kind: 'Workflow', workload: 'ci/build', path: '/var/run/docker.sock' },
          fix: null,
        },
      ],
    },
  ],
});
