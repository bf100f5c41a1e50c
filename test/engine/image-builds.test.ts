// dockerfileBuilds: the Dockerfile builds each CI system's file names — where the Dockerfile is (from
// the repository root, in the order the tool looks), the context, the target, and the words the build
// is reported at — and builtStage: the stage a Dockerfile ships when its builds agree.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, test } from 'node:test';
import { builtStage, classify, dockerfileBuilds, ParsedFile, type DockerfileBuild } from '../../server/src/engine/index.js';
import { sharedDir, sharedRoot, sharedSkip } from '../support/shared-data.js';

/** [Dockerfile candidates joined by '|', context, target or '-', the text the range covers] */
type Expected = [string, string, string, string];

function read(path: string, text: string): Expected[] {
  const file = new ParsedFile({ path, text }, classify(path, text));
  return dockerfileBuilds(file).map((b) => [b.dockerfile.join('|'), b.context, b.target ?? '-', text.slice(b.range.start, b.range.end)]);
}

// Single-quoted YAML where the script has double quotes, so that its words are placed exactly.
const yamlString = (s: string) => (s.includes('"') ? `'${s.replace(/'/g, "''")}'` : JSON.stringify(s));
const gitlab = (...script: string[]) => `build:\n  image: docker:27\n  script:\n${script.map((s) => `    - ${yamlString(s)}\n`).join('')}`;
const azure = (...tasks: string[]) => `steps:\n${tasks.map((t) => `  - ${t.replace(/\n/g, '\n    ')}\n`).join('')}`;
const jenkins = (...steps: string[]) => `node {\n  stage('b') {\n${steps.map((s) => `    ${s}\n`).join('')}  }\n}\n`;
const github = (steps: string, defaults = '') => `on: push\n${defaults}jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;

// [name, path, text, builds]
const CASES: [string, string, string, Expected[]][] = [
  // Command forms (GitLab scripts).
  ['docker build -f and --target', '.gitlab-ci.yml', gitlab('docker build -f docker/app.Dockerfile --target runtime -t app .'), [['docker/app.Dockerfile', '.', 'runtime', 'runtime']]],
  ['no -f: the context\'s Dockerfile', '.gitlab-ci.yml', gitlab('docker build -t app services/api'), [['services/api/Dockerfile', 'services/api', '-', 'docker build -t app services/api']]],
  ['--file= and --target= forms', '.gitlab-ci.yml', gitlab('docker build --file=ci/Dockerfile --target=prod ./ctx/'), [['ci/Dockerfile', 'ctx', 'prod', '--target=prod']]],
  ['docker buildx build with value options before the context', '.gitlab-ci.yml', gitlab('docker buildx build --platform linux/amd64 --cache-from type=registry,ref=x --target app --push .'), [['Dockerfile', '.', 'app', 'app']]],
  ['docker image build, global options first', '.gitlab-ci.yml', gitlab('docker --context remote image build --target app .'), [['Dockerfile', '.', 'app', 'app']]],
  ['sudo docker build', '.gitlab-ci.yml', gitlab('sudo -E docker build --target app .'), [['Dockerfile', '.', 'app', 'app']]],
  ['podman build looks for a Containerfile first', '.gitlab-ci.yml', gitlab('podman build --target app ctx'), [['ctx/Containerfile|ctx/Dockerfile', 'ctx', 'app', 'app']]],
  ['buildah bud without a context', '.gitlab-ci.yml', gitlab('buildah bud -f Containerfile --target app'), [['Containerfile', '.', 'app', 'app']]],
  ['buildah build', '.gitlab-ci.yml', gitlab('buildah build --layers --target app .'), [['Containerfile|Dockerfile', '.', 'app', 'app']]],
  ['a build under a shell condition still builds', '.gitlab-ci.yml', gitlab('if [ "$CI_COMMIT_BRANCH" = main ]; then docker build --target prod .; fi'), [['Dockerfile', '.', 'prod', 'prod']]],
  ['the last --target is the one used', '.gitlab-ci.yml', gitlab('docker build --target a --target b .'), [['Dockerfile', '.', 'b', 'b']]],
  [
    'a cd or an assignment inside ( … ) ends with the subshell; adjacent and nested subshells each keep their own',
    '.gitlab-ci.yml',
    gitlab(
      '(cd sub && docker build --target a .)',
      'docker build --target b .',
      '(cd x && docker build --target c .); (cd y && docker build --target d .)',
      '(cd p; (cd q; docker build --target e .); docker build --target f .)',
      '(T=prod; docker build --target $T .); docker build --target $T .',
    ),
    [['sub/Dockerfile', 'sub', 'a', 'a'], ['Dockerfile', '.', 'b', 'b'], ['x/Dockerfile', 'x', 'c', 'c'], ['y/Dockerfile', 'y', 'd', 'd'], ['p/q/Dockerfile', 'p/q', 'e', 'e'], ['p/Dockerfile', 'p', 'f', 'f'], ['Dockerfile', '.', 'prod', '$T']],
  ],
  ['not a build', '.gitlab-ci.yml', gitlab('docker run --rm app build', 'echo docker build --target x .', 'docker buildx create --use'), []],
  // Variables and directories.
  [
    'variables the file sets resolve',
    '.gitlab-ci.yml',
    `variables:\n  DOCKERFILE: docker/Dockerfile\n  STAGE: runtime\n${gitlab('docker build -f "$DOCKERFILE" --target "${STAGE}" "$CI_PROJECT_DIR"')}`,
    [['docker/Dockerfile', '.', 'runtime', '"${STAGE}"']],
  ],
  ['a variable set in the script', '.gitlab-ci.yml', gitlab('export STAGE=prod', 'docker build --target $STAGE .'), [['Dockerfile', '.', 'prod', '$STAGE']]],
  ['unset variables: the build is skipped', '.gitlab-ci.yml', gitlab('docker build --target "$STAGE" .', 'docker build -f "$DF" .', 'docker build "$CONTEXT"'), []],
  ['an absolute path of the runner is skipped; the root variable is the repository', '.gitlab-ci.yml', gitlab('docker build -f /builds/app/Dockerfile .', 'docker build -f "$CI_PROJECT_DIR/app/Dockerfile" app'), [['app/Dockerfile', 'app', '-', 'docker build -f "$CI_PROJECT_DIR/app/Dockerfile" app']]],
  ['stdin and remote contexts are skipped', '.gitlab-ci.yml', gitlab('docker build -f - .', 'docker build - < Dockerfile', 'docker build https://github.com/acme/app.git'), []],
  ['a path that leaves the repository is skipped', '.gitlab-ci.yml', gitlab('docker build ../other'), []],
  ['cd carries to the next script line (one shell)', '.gitlab-ci.yml', gitlab('cd services/api', 'docker build --target app .'), [['services/api/Dockerfile', 'services/api', 'app', 'app']]],
  ['cd $(pwd)-relative paths', '.gitlab-ci.yml', gitlab('cd web && docker build -f "$(pwd)/Dockerfile" --target app .'), [['web/Dockerfile', 'web', 'app', 'app']]],
  ['cd somewhere unknown: relative paths are skipped after it', '.gitlab-ci.yml', gitlab('cd "$SUBDIR"', 'docker build --target app .', 'docker build -f "$CI_PROJECT_DIR/Dockerfile" --target app "$CI_PROJECT_DIR"'), [['Dockerfile', '.', 'app', 'app']]],
  ['a hidden job alone never runs', '.gitlab-ci.yml', `.tpl:\n  script:\n    - docker build --target app .\n`, []],
  // Kaniko.
  [
    'Kaniko in GitLab',
    '.gitlab-ci.yml',
    'build:\n  image:\n    name: gcr.io/kaniko-project/executor:debug\n    entrypoint: [""]\n  script:\n    - /kaniko/executor --context "${CI_PROJECT_DIR}/app" --dockerfile "${CI_PROJECT_DIR}/app/Dockerfile" --target runtime --destination x\n',
    [['app/Dockerfile', 'app', 'runtime', 'runtime']],
  ],
  [
    'Kaniko: a relative --dockerfile is looked for from where it runs, then in the context',
    '.gitlab-ci.yml',
    'build:\n  image: {name: gcr.io/kaniko-project/executor:debug, entrypoint: [""]}\n  script:\n    - executor --context=dir://$CI_PROJECT_DIR/app --dockerfile=Dockerfile.prod --no-push\n',
    [['Dockerfile.prod|app/Dockerfile.prod', 'app', '-', 'executor --context=dir://$CI_PROJECT_DIR/app --dockerfile=Dockerfile.prod --no-push']],
  ],
  ['Kaniko without --context (its /workspace/) is skipped', '.gitlab-ci.yml', 'build:\n  image: {name: gcr.io/kaniko-project/executor:debug, entrypoint: [""]}\n  script:\n    - /kaniko/executor --dockerfile Dockerfile --destination x\n', []],
  // GitHub Actions.
  ['GitHub run step', '.github/workflows/ci.yml', github('      - run: docker build --target test .\n'), [['Dockerfile', '.', 'test', 'test']]],
  ['GitHub run step with its working-directory', '.github/workflows/ci.yml', github('      - run: docker build --target test .\n        working-directory: web\n'), [['web/Dockerfile', 'web', 'test', 'test']]],
  ['GitHub workflow defaults.run.working-directory', '.github/workflows/ci.yml', github('      - run: docker build -f ../ci/Dockerfile ..\n', 'defaults:\n  run:\n    working-directory: web\n'), [['ci/Dockerfile', '.', '-', 'docker build -f ../ci/Dockerfile ..']]],
  ['GitHub env of the step and ${{ github.workspace }}', '.github/workflows/ci.yml', github('      - run: docker build -f ${{ github.workspace }}/app/Dockerfile --target "$STAGE" app\n        env:\n          STAGE: runtime\n'), [['app/Dockerfile', 'app', 'runtime', '"$STAGE"']]],
  ['GitHub expression known only at run time: skipped', '.github/workflows/ci.yml', github('      - run: docker build --target ${{ matrix.stage }} .\n'), []],
  [
    'build-push-action: context, file, target',
    '.github/workflows/ci.yml',
    github('      - uses: docker/build-push-action@v6\n        with:\n          context: web\n          file: web/prod.Dockerfile\n          target: prod\n'),
    [['web/prod.Dockerfile', 'web', 'prod', 'prod']],
  ],
  ['build-push-action: the Git context is the repository', '.github/workflows/ci.yml', github('      - uses: docker/build-push-action@v6\n        with:\n          push: true\n'), [['Dockerfile', '.', '-', 'docker/build-push-action@v6']]],
  ['build-push-action: {{defaultContext}}:folder', '.github/workflows/ci.yml', github('      - uses: docker/build-push-action@v6\n        with:\n          context: "{{defaultContext}}:api"\n          target: app\n'), [['api/Dockerfile', 'api', 'app', 'app']]],
  ['build-push-action: a remote context is skipped', '.github/workflows/ci.yml', github('      - uses: docker/build-push-action@v6\n        with:\n          context: https://github.com/acme/app.git\n'), []],
  // Other systems.
  ['Jenkinsfile sh step', 'Jenkinsfile', "pipeline {\n  agent any\n  stages { stage('b') { steps { sh 'docker build --target release -f ci/Dockerfile .' } } }\n}\n", [['ci/Dockerfile', '.', 'release', 'release']]],
  ['CircleCI run step', '.circleci/config.yml', 'version: 2.1\njobs:\n  build:\n    docker: [{image: cimg/base:current}]\n    steps:\n      - checkout\n      - run: docker build --target app .\n', [['Dockerfile', '.', 'app', 'app']]],
  ['Bitbucket Pipelines script', 'bitbucket-pipelines.yml', 'pipelines:\n  default:\n    - step:\n        script:\n          - docker build --target app -f $BITBUCKET_CLONE_DIR/Dockerfile .\n', [['Dockerfile', '.', 'app', 'app']]],
  ['Drone commands', '.drone.yml', 'kind: pipeline\ntype: docker\nname: d\nsteps:\n  - name: b\n    image: docker:27\n    commands:\n      - docker build --target app .\n', [['Dockerfile', '.', 'app', 'app']]],
  ['Woodpecker commands', '.woodpecker.yml', 'steps:\n  build:\n    image: docker:27\n    commands:\n      - docker build --target app .\n', [['Dockerfile', '.', 'app', 'app']]],
  ['Azure Pipelines script with a macro for the sources', 'azure-pipelines.yml', 'steps:\n  - script: docker build --target app -f $(Build.SourcesDirectory)/x/Dockerfile x\n', [['x/Dockerfile', 'x', 'app', 'app']]],
  ['Azure Pipelines: $(Pipeline.Workspace)/s is the sources', 'azure-pipelines.yml', 'steps:\n  - bash: docker build --target app $(Pipeline.Workspace)/s/x\n', [['x/Dockerfile', 'x', 'app', 'app']]],
  // Azure Pipelines Docker tasks.
  [
    'Docker@2 build: Dockerfile, buildContext, --target in arguments',
    'azure-pipelines.yml',
    azure('task: Docker@2\ninputs:\n  command: build\n  Dockerfile: app/Dockerfile\n  buildContext: .\n  arguments: --build-arg V=1 --target runtime'),
    [['app/Dockerfile', '.', 'runtime', 'runtime']],
  ],
  ['Docker@2: the context defaults to the Dockerfile\'s directory; --target=', 'azure-pipelines.yml', azure("task: Docker@2\ninputs:\n  command: build\n  Dockerfile: web/Dockerfile\n  arguments: '--target=prod'"), [['web/Dockerfile', 'web', 'prod', '--target=prod']]],
  ['Docker@2 buildAndPush (the default command) ignores arguments: the last stage', 'azure-pipelines.yml', azure('task: Docker@2\ninputs:\n  repository: app\n  Dockerfile: web/Dockerfile\n  arguments: --target test'), [['web/Dockerfile', 'web', '-', 'Docker@2']]],
  [
    'Docker@2 with $(Build.SourcesDirectory) paths, in a stage\'s job',
    'azure-pipelines.yml',
    'stages:\n  - stage: b\n    jobs:\n      - job: img\n        steps:\n          - task: Docker@2\n            inputs:\n              command: build\n              Dockerfile: $(Build.SourcesDirectory)/api/Dockerfile\n              buildContext: $(Build.SourcesDirectory)\n              arguments: --target app\n',
    [['api/Dockerfile', '.', 'app', 'app']],
  ],
  [
    'Docker@2: a glob Dockerfile (the default **/Dockerfile, also when empty), a macro the file does not set, other commands: skipped',
    'azure-pipelines.yml',
    azure('task: Docker@2\ninputs:\n  command: build', 'task: Docker@2\ninputs:\n  command: build\n  Dockerfile: ""', 'task: Docker@2\ninputs:\n  command: build\n  Dockerfile: "**/api/Dockerfile"', 'task: Docker@2\ninputs:\n  command: build\n  Dockerfile: $(dockerfilePath)', 'task: Docker@2\ninputs:\n  command: push\n  Dockerfile: Dockerfile', 'task: Docker@2\ninputs:\n  command: build\n  Dockerfile: Dockerfile\n  arguments: --target $(stage)'),
    [],
  ],
  ['Docker@1: dockerFile, the default context, --target', 'azure-pipelines.yml', azure('task: Docker@1\ninputs:\n  dockerFile: ci/Dockerfile\n  imageName: app\n  arguments: --target runtime'), [['ci/Dockerfile', 'ci', 'runtime', 'runtime']]],
  [
    'Docker@1: useDefaultContext false takes buildContext; other commands are not builds',
    'azure-pipelines.yml',
    azure("task: Docker@1\ninputs:\n  command: 'Build an image'\n  dockerFile: ci/Dockerfile\n  useDefaultContext: false\n  buildContext: .", 'task: Docker@1\ninputs:\n  command: Push an image\n  dockerFile: ci/Dockerfile'),
    [['ci/Dockerfile', '.', '-', 'Docker@1']],
  ],
  // Jenkins Docker Pipeline.
  ['docker.build with arguments: -f, --target, the context last', 'Jenkinsfile', jenkins("docker.build('app:1', '--target runtime -f ci/Dockerfile .')"), [['ci/Dockerfile', '.', 'runtime', 'runtime']]],
  ['docker.build with one argument: ./Dockerfile, whatever the image GString holds', 'Jenkinsfile', jenkins('def img = docker.build("app:${env.BUILD_ID}")'), [['Dockerfile', '.', '-', 'docker.build("app:${env.BUILD_ID}")']]],
  ['docker.build with a context folder', 'Jenkinsfile', jenkins('docker.build("app", "services/api")'), [['services/api/Dockerfile', 'services/api', '-', 'docker.build("app", "services/api")']]],
  ['docker.build: a GString interpolation where the build does not need it', 'Jenkinsfile', jenkins('docker.build("app", "--build-arg V=${env.V} --target=prod .")'), [['Dockerfile', '.', 'prod', '--target=prod']]],
  [
    'docker.build: a single-quoted $NAME is the shell\'s, set by environment { }',
    'Jenkinsfile',
    "pipeline {\n  agent any\n  environment { STAGE = 'runtime' }\n  stages { stage('b') { steps { script { docker.build('app', '--target $STAGE .') } } } }\n}\n",
    [['Dockerfile', '.', 'runtime', '$STAGE']],
  ],
  [
    'docker.build: an interpolated target, a non-literal argument, a concatenation, another object\'s build: skipped',
    'Jenkinsfile',
    jenkins('docker.build("app", "--target ${params.STAGE} .")', 'docker.build(name, args)', "docker.build('app', '--target ' + stage + ' .')", "gradle.build('--target runtime .')"),
    [],
  ],
  // Jenkins dir('…') { }: the steps inside run in that folder.
  ['docker.build inside dir(): paths from that folder', 'Jenkinsfile', jenkins("dir('web') { docker.build('app', '--target runtime .') }"), [['web/Dockerfile', 'web', 'runtime', 'runtime']]],
  [
    'sh inside dir(), nested dir() blocks join; a step after the block is back at the root',
    'Jenkinsfile',
    jenkins("dir('app') { sh 'docker build --target runtime -f Dockerfile .' }", "dir('services') { dir('api') { sh 'docker build --target api .' } }", "sh 'docker build --target tests .'"),
    [['app/Dockerfile', 'app', 'runtime', 'runtime'], ['services/api/Dockerfile', 'services/api', 'api', 'api'], ['Dockerfile', '.', 'tests', 'tests']],
  ],
  [
    'dir() whose folder is a GString, is absolute or leaves the repository: its builds are skipped',
    'Jenkinsfile',
    jenkins('dir("${env.APP}") { sh \'docker build --target a .\' }', "dir('/srv/app') { sh 'docker build --target b .' }", "dir('..') { docker.build('x', '--target c .') }", "dir('a') { dir(folder) { sh 'docker build --target d .' } }"),
    [],
  ],
  [
    'Tekton Kaniko step: the workspace is the repository',
    'task.yaml',
    'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  steps:\n    - name: k\n      image: gcr.io/kaniko-project/executor:v1.23.2\n      args: ["--dockerfile=$(workspaces.source.path)/Dockerfile", "--context=$(workspaces.source.path)", "--target=prod"]\n',
    [['Dockerfile', '.', 'prod', '"--target=prod"']],
  ],
  [
    'Tekton script with a relative path: where the step starts is not known',
    'task.yaml',
    'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  steps:\n    - name: b\n      image: quay.io/buildah/stable\n      script: |\n        buildah bud --target prod .\n',
    [],
  ],
];

describe('dockerfileBuilds', () => {
  for (const [name, path, text, expected] of CASES) {
    test(name, () => assert.deepEqual(read(path, text), expected));
  }
  test('a Dockerfile names no builds', () => {
    assert.deepEqual(dockerfileBuilds(new ParsedFile({ path: 'Dockerfile', text: 'FROM a AS build\n' }, 'dockerfile')), []);
  });
});

describe('builtStage', () => {
  const DOCKERFILE = 'FROM alpine:3.20 AS build\nFROM alpine:3.20 AS Runtime\nFROM alpine:3.20 AS tests\n';
  const build = (target: string | undefined): DockerfileBuild => ({ tool: 'docker', dockerfile: ['Dockerfile'], written: undefined, context: '.', target, range: { start: 0, end: 0 } });
  // [name, targets of the builds, the stage that ships ('last' or 'ambiguous' or the name)]
  const STAGES: [string, (string | undefined)[], string][] = [
    ['no build', [], 'last'],
    ['one target', ['runtime'], 'runtime'],
    ['the same target, compared as Docker does', ['runtime', 'RUNTIME'], 'runtime'],
    ['two targets', ['runtime', 'build'], 'ambiguous'],
    ['a target and a build of the last stage', ['runtime', undefined], 'ambiguous'],
    ['the last stage by name and without a target agree', ['tests', undefined], 'last'],
    ['a stage the file does not have', ['prod'], 'last'],
  ];
  for (const [name, targets, expected] of STAGES) {
    test(name, () => {
      const stage = builtStage(targets.map(build), DOCKERFILE);
      assert.equal(stage.kind === 'target' ? stage.target : stage.kind, expected);
      if (stage.kind === 'target') assert.deepEqual(stage.stageRange, { start: { line: 1, character: 20 }, end: { line: 1, character: 27 } });
      if (stage.kind === 'ambiguous') assert.deepEqual(stage.stageRange, { start: { line: 2, character: 20 }, end: { line: 2, character: 25 } });
    });
  }
  test('a single-stage Dockerfile ships its only stage', () => {
    assert.equal(builtStage([build('app')], 'FROM alpine:3.20 AS app\n').kind, 'last');
  });
});

// The builds read from the real pipelines of ../shared (every CI file with one; the others name none),
// reviewed against each file: [file under ../shared, each build as "tool Dockerfile context target"].
const REAL: [string, string[]][] = [
  ['corpus/azure-pipelines/03-msdocs-docker2-build-then-local-image-scan.yml', ['azure-docker-task app/Dockerfile app -']],
  ['corpus/bitbucket/01-connectomemapper-atlassian-docker-template-two-branches.yml', ['docker Dockerfile . -', 'docker Dockerfile . -']],
  ['corpus/bitbucket/02-gitops-anchors-parallel-gcr-json-key.yml', ['docker Dockerfile . -']],
  ['corpus/circleci/01-tugger-setup-remote-docker-multitag.yml', ['docker Dockerfile . -']],
  ['corpus/circleci/02-syncserver-build-docker-run-tests-push-script.yml', ['docker Dockerfile . -']],
  ['corpus/github-actions/01-starter-aws-ecr-build-push-run-step.yml', ['docker Dockerfile . -']],
  ['corpus/github-actions/02-starter-docker-publish-build-push-action-cosign.yml', ['build-push-action Dockerfile . -']],
  ['corpus/gitlab/01-gitlab-template-docker-dind.gitlab-ci.yml', ['docker Dockerfile . -', 'docker Dockerfile . -']],
  ['corpus/gitlab/03-islibraryopen-dind-tag-conditional-retag-push.gitlab-ci.yml', ['docker Dockerfile . -']],
  ['corpus/gitlab/05-veloren-kaniko-real-world-target.gitlab-ci.yml', ['kaniko server-cli/Dockerfile . -']],
  ['corpus/jenkins/03-dind-sidecar-docker-build-dsl-withregistry-kubectl.groovy', ['docker-pipeline Dockerfile . -']],
  ['corpus/jenkins/04-declarative-yamlfile-dind-build-push-insecure-registry.Jenkinsfile', ['docker deploy/Dockerfile . -']],
  [
    'real/daemonless-ci/N03-caddy-docker.yml',
    [
      'docker 2.11/alpine/Dockerfile 2.11/alpine -',
      'docker 2.11/builder/Dockerfile 2.11/builder -',
      'docker 2.11/windows/ltsc2022/Dockerfile 2.11/windows/ltsc2022 -',
      'docker 2.11/windows-nanoserver/ltsc2022/Dockerfile 2.11/windows-nanoserver/ltsc2022 -',
    ],
  ],
  ['real/daemonless-ci/N05-node-red-main.yml', ['build-push-action .docker/Dockerfile.alpine . -', 'build-push-action .docker/Dockerfile.debian . -']],
  ['real/daemonless-ci/N06-umami-cd.yml', ['build-push-action Dockerfile . -', 'build-push-action Dockerfile . -']],
  ['real/daemonless-ci/N07-btcd-dimagespub.yml', ['build-push-action .github/workflows/Dockerfile . -']],
  ['real/daemonless-ci/N11-action-kaniko-executor.yml', ['build-push-action deploy/Dockerfile . kaniko-executor']],
  ['real/daemonless-ci/N13-ghcr-buildah-main.yml', ['build-push-action Dockerfile . -']],
  ['real/daemonless-ci/N14-radix-deploy.yml', ['build-push-action Dockerfile . -']],
  ['real/daemonless-ci/N18-pomverte-kaniko.gitlab-ci.yml', ['kaniko Dockerfile . -', 'kaniko Dockerfile . -', 'kaniko Dockerfile . -']],
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

describe('dockerfileBuilds on the real pipelines', { skip: sharedSkip('corpus') || sharedSkip('real') }, () => {
  test('every CI file of ../shared/corpus and ../shared/real/daemonless-ci names the builds stated for it, and no other file names one', () => {
    const found: [string, string[]][] = [];
    for (const file of [...filesUnder(sharedDir('corpus')), ...filesUnder(sharedDir('real', 'daemonless-ci'))].sort()) {
      const text = readFileSync(file, 'utf8');
      const kind = classify(file, text);
      if (kind === 'unknown' || kind === 'dockerfile') continue;
      const builds = dockerfileBuilds(new ParsedFile({ path: file, text }, kind)).map((b) => `${b.tool} ${b.dockerfile.join('|')} ${b.context} ${b.target ?? '-'}`);
      if (builds.length > 0) found.push([relative(sharedRoot(), file).split(sep).join('/'), builds]);
    }
    assert.deepEqual(found, [...REAL].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  });
});
