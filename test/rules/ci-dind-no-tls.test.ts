import ciDindNoTls from '../../server/src/engine/rules/ci/ci-dind-no-tls.js';
import { runRuleTests } from './rule-tester.js';

const GL = '.gitlab-ci.yml';
const GHA = '.github/workflows/build.yml';

runRuleTests(ciDindNoTls, {
  valid: [
    // A credential or an interpolated value is not known from the file.
    { name: 'Jenkins: environment values the file does not spell out', path: 'Jenkinsfile', text: `pipeline {\n  agent any\n  environment {\n    DOCKER_HOST = credentials('dind-host')\n    DOCKER_TLS_CERTDIR = "\${CERTS}"\n  }\n  stages { stage('b') { steps { sh 'make' } } }\n}\n` },
    {
      name: 'Jenkins withEnv: an interpolated value, TLS kept, strings that set nothing',
      path: 'Jenkinsfile',
      text: `node {\n  withEnv(["DOCKER_HOST=\${env.DIND}", 'DOCKER_TLS_CERTDIR=/certs', 'NOEQUALS', '=x']) {\n    sh 'docker build .'\n  }\n}\n`,
    },
    { name: 'GitLab Runner: TLS kept in environment', path: 'gitlab-runner/config.toml', text: `[[runners]]\n  executor = "docker"\n  environment = ["DOCKER_TLS_CERTDIR=/certs", "NOEQUALS", "=x"]\n` },
    {
      name: 'TLS on: /certs and port 2376',
      path: GL,
      text: `build:\n  services: [docker:24-dind]\n  variables:\n    DOCKER_TLS_CERTDIR: "/certs"\n    DOCKER_HOST: tcp://docker:2376\n  script: docker build .\n`,
    },
    { name: 'kaniko job', path: GL, text: `build:\n  image:\n    name: gcr.io/kaniko-project/executor:debug\n    entrypoint: [""]\n  script: /kaniko/executor --no-push\n` },
    { name: 'other empty variables', path: GL, text: `variables:\n  EXTRA_ARGS: ""\nbuild:\n  variables: {DOCKER_DRIVER: overlay2}\n  script: x\n` },
    { name: 'non-daemon port', path: GL, text: `build:\n  variables:\n    DOCKER_HOST: tcp://docker:23750\n  script: x\n` },
    { name: 'service command without TLS flags', path: GL, text: `build:\n  services:\n    - name: docker:dind\n      command: ["--registry-mirror", "https://mirror.example.com"]\n  script: x\n` },
    { name: 'half-typed variables', path: GL, text: `build:\n  variables:\n    DOCKER_TLS_CERTDIR: [a]\n    DOCKER_HOST: {value: }\n  services:\n    - name: docker:dind\n      command:\n  script:\n` },
    { name: 'GitHub Actions TLS dind', path: GHA, text: `on: push\njobs:\n  b:\n    runs-on: x\n    services:\n      docker:\n        image: docker:dind\n        env:\n          DOCKER_TLS_CERTDIR: /certs\n    steps:\n      - run: docker info\n` },
  ],
  invalid: [
    {
      name: 'Jenkins yamlFile agent: environment { } reaches the steps in its pod',
      path: 'Jenkinsfile',
      text: `pipeline {\n  agent { kubernetes { yamlFile 'pod.yaml' } }\n  environment { DOCKER_HOST = 'tcp://localhost:2375' }\n  stages { stage('b') { steps { sh 'docker build .' } } }\n}\n`,
      errors: [{ messageId: 'plainHost', at: 'tcp://localhost:2375', fix: null }],
    },
    {
      name: 'Jenkins agent any: environment { } of the pipeline and of a stage',
      path: 'Jenkinsfile',
      text: `pipeline {\n  agent any\n  environment {\n    DOCKER_HOST = 'tcp://docker:2375'\n  }\n  stages {\n    stage('b') {\n      environment { DOCKER_TLS_CERTDIR = '' }\n      steps { sh 'docker build .' }\n    }\n  }\n}\n`,
      errors: [
        { messageId: 'plainHost', at: 'tcp://docker:2375', fix: null },
        { messageId: 'emptyCertDir', at: 'DOCKER_TLS_CERTDIR', fix: null },
      ],
    },
    {
      name: 'Jenkins withEnv([…]) around the steps: each string read at its words',
      path: 'Jenkinsfile',
      text: `node {\n  withEnv(['DOCKER_HOST=tcp://docker:2375', "DOCKER_TLS_CERTDIR="]) {\n    sh 'docker build .'\n  }\n}\n`,
      errors: [
        { messageId: 'plainHost', at: 'tcp://docker:2375', data: { value: 'tcp://docker:2375' }, fix: null },
        { messageId: 'emptyCertDir', at: 'DOCKER_TLS_CERTDIR', fix: null },
      ],
    },
    {
      name: 'GitLab Runner config.toml: environment in a [[runners]] entry reaches every job; each string read at its words',
      path: 'gitlab-runner/config.toml',
      text: `[[runners]]\n  name = "dind"\n  executor = "docker"\n  environment = ["DOCKER_TLS_CERTDIR=", 'DOCKER_HOST=tcp://docker:2375', "GIT_DEPTH=10"]\n  [runners.docker]\n    image = "docker:27"\n`,
      errors: [
        { messageId: 'emptyCertDir', at: 'DOCKER_TLS_CERTDIR', fix: null },
        { messageId: 'plainHost', at: 'tcp://docker:2375', data: { value: 'tcp://docker:2375' }, fix: null },
      ],
    },
    {
      name: 'job variables: empty cert dir and plain port',
      path: GL,
      text: `build:\n  services: [docker:24.0.5-dind]\n  variables:\n    DOCKER_TLS_CERTDIR: ""\n    DOCKER_HOST: tcp://docker:2375\n  script: docker build .\n`,
      errors: [
        { messageId: 'emptyCertDir', at: '""', fix: null },
        { messageId: 'plainHost', at: 'tcp://docker:2375', data: { value: 'tcp://docker:2375' }, fix: null },
      ],
    },
    {
      name: 'top-level variables inherited by two jobs: reported once at the definition',
      path: GL,
      text: `variables:\n  DOCKER_TLS_CERTDIR: ''\n  DOCKER_HOST: "tcp://localhost:2375/"\na:\n  services: [docker:dind]\n  script: x\nb:\n  services: [docker:dind]\n  script: y\n`,
      errors: [
        { messageId: 'emptyCertDir', at: "''", fix: null },
        { messageId: 'plainHost', at: '"tcp://localhost:2375/"', fix: null },
      ],
    },
    {
      name: 'empty value written without quotes (null) is reported at the key',
      path: GL,
      text: `build:\n  variables:\n    DOCKER_TLS_CERTDIR:\n  script: x\n`,
      errors: [{ messageId: 'emptyCertDir', at: 'DOCKER_TLS_CERTDIR', fix: null }],
    },
    {
      name: 'variable in {value:} form',
      path: GL,
      text: `variables:\n  DOCKER_TLS_CERTDIR:\n    value: ""\n    description: off\n`,
      errors: [{ messageId: 'emptyCertDir', at: '""', fix: null }],
    },
    {
      name: 'service variables and --tls=false command',
      path: GL,
      text: `build:\n  services:\n    - name: docker:dind\n      alias: docker\n      command: ["--tls=false", "--insecure-registry", "r:5000"]\n      variables:\n        DOCKER_TLS_CERTDIR: ""\n  script: x\n`,
      errors: [
        { messageId: 'tlsFalse', at: '"--tls=false"', data: { image: 'docker:dind', flag: '--tls=false' }, fix: null },
        { messageId: 'emptyCertDir', at: '""', fix: null },
      ],
    },
    {
      name: 'from a hidden template via extends, reported at the template',
      path: GL,
      text: `.dind:\n  services: [docker:dind]\n  variables:\n    DOCKER_TLS_CERTDIR: ""\nbuild:\n  extends: .dind\n  script: x\n`,
      errors: [{ messageId: 'emptyCertDir', at: '""', fix: null }],
    },
    {
      name: 'anchor merge key',
      path: GL,
      text: `.vars: &vars\n  DOCKER_HOST: tcp://docker:2375\nbuild:\n  variables:\n    <<: *vars\n    OTHER: 1\n  script: x\n`,
      errors: [{ messageId: 'plainHost', at: 'tcp://docker:2375', fix: null }],
    },
    {
      name: 'default services with --tls=false',
      path: GL,
      text: `default:\n  services:\n    - name: docker:dind\n      command: [--tls=false]\n`,
      errors: [{ messageId: 'tlsFalse', at: '--tls=false', fix: null }],
    },
    {
      name: 'GitHub Actions job, step and service env',
      path: GHA,
      text: `on: push\nenv:\n  DOCKER_HOST: tcp://localhost:2375\njobs:\n  b:\n    runs-on: x\n    services:\n      docker:\n        image: docker:dind\n        env:\n          DOCKER_TLS_CERTDIR: ""\n    steps:\n      - run: docker info\n        env:\n          DOCKER_HOST: tcp://docker:2375\n`,
      errors: [
        { messageId: 'plainHost', at: 'tcp://localhost:2375', fix: null },
        { messageId: 'emptyCertDir', at: '""', fix: null },
        { messageId: 'plainHost', at: 'tcp://docker:2375', fix: null },
      ],
    },
  ],
});
