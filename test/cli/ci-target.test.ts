// The CLI over a tree: a CI file's `--target` decides which stage of a Dockerfile ships, when every
// build of that Dockerfile agrees; `.daemonless.json`'s dockerfile.target wins; the note says where
// the stage came from. The Dockerfile's non-last stage `runtime` runs as root, the last one does not,
// so df-user-root appears exactly when `runtime` is judged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli, scratch } from './helpers.js';

const DOCKERFILE = 'FROM alpine:3.20 AS runtime\nUSER root\nFROM runtime AS tests\nUSER 10001\n';
const gitlab = (...scripts: string[]) => `build:\n  image: docker:27\n  script:\n${scripts.map((s) => `    - ${s}\n`).join('')}`;

interface JsonFinding {
  ruleId: string;
  file: string;
  range: { start: { line: number } };
}

function userRoot(stdout: string): string[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.ruleId === 'df-user-root').map((f) => `${f.file}:${f.range.start.line}`);
}

function notes(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('daemonless: note:'));
}

// [name, files besides the Dockerfile at app/Dockerfile, df-user-root findings, notes]
const CASES: [string, Record<string, string>, string[], string[]][] = [
  ['no CI file: the last stage ships', {}, [], []],
  [
    'GitLab builds the runtime stage',
    { '.gitlab-ci.yml': gitlab('docker build --target runtime -f app/Dockerfile app') },
    ['app/Dockerfile:1'],
    ["daemonless: note: app/Dockerfile: stage 'runtime' is judged as the one that ships (built with --target by .gitlab-ci.yml line 4)"],
  ],
  [
    'GitHub build-push-action with a working-directory elsewhere (inputs are from the root)',
    { '.github/workflows/ci.yml': 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    defaults: {run: {working-directory: app}}\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: app\n          target: runtime\n' },
    ['app/Dockerfile:1'],
    ["daemonless: note: app/Dockerfile: stage 'runtime' is judged as the one that ships (built with target: by .github/workflows/ci.yml line 10)"],
  ],
  [
    'GitHub run step in its working-directory',
    { '.github/workflows/ci.yml': 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build --target runtime .\n        working-directory: app\n' },
    ['app/Dockerfile:1'],
    ["daemonless: note: app/Dockerfile: stage 'runtime' is judged as the one that ships (built with --target by .github/workflows/ci.yml line 6)"],
  ],
  [
    'Azure Pipelines Docker@2 build with --target in its arguments',
    { 'azure-pipelines.yml': 'steps:\n  - task: Docker@2\n    inputs:\n      command: build\n      Dockerfile: app/Dockerfile\n      arguments: --target runtime\n' },
    ['app/Dockerfile:1'],
    ["daemonless: note: app/Dockerfile: stage 'runtime' is judged as the one that ships (built with --target by azure-pipelines.yml line 6)"],
  ],
  [
    'Azure Pipelines Docker@2 buildAndPush ignores its arguments: the last stage ships',
    { 'azure-pipelines.yml': 'steps:\n  - task: Docker@2\n    inputs:\n      command: buildAndPush\n      Dockerfile: app/Dockerfile\n      arguments: --target runtime\n' },
    [],
    [],
  ],
  [
    'an Azure Docker@2 task with its default command (buildAndPush) builds the last stage: with a GitLab --target, ambiguous',
    { '.gitlab-ci.yml': gitlab('docker build --target runtime -f app/Dockerfile app'), 'azure-pipelines.yml': 'steps:\n  - task: Docker@2\n    inputs:\n      Dockerfile: app/Dockerfile\n' },
    [],
    ['daemonless: note: app/Dockerfile: the CI files build it as different stages (--target runtime at .gitlab-ci.yml line 4, the last stage at azure-pipelines.yml line 2); its last stage is judged as the one that ships'],
  ],
  [
    'Jenkins docker.build with --target in its arguments',
    { 'Jenkinsfile': "node {\n  stage('b') {\n    docker.build('app:1', '--target runtime -f app/Dockerfile app')\n  }\n}\n" },
    ['app/Dockerfile:1'],
    ["daemonless: note: app/Dockerfile: stage 'runtime' is judged as the one that ships (built with --target by Jenkinsfile line 3)"],
  ],
  [
    'two targets: ambiguous, the last stage ships',
    { '.gitlab-ci.yml': gitlab('docker build --target runtime app', 'docker build --target tests app') },
    [],
    ['daemonless: note: app/Dockerfile: the CI files build it as different stages (--target runtime at .gitlab-ci.yml line 4, --target tests at .gitlab-ci.yml line 5); its last stage is judged as the one that ships'],
  ],
  [
    'a build without --target builds the last stage: ambiguous',
    { '.gitlab-ci.yml': gitlab('docker build --target runtime app'), 'Jenkinsfile': "pipeline { agent any\n  stages { stage('b') { steps { sh 'docker build -t x app' } } } }\n" },
    [],
    ['daemonless: note: app/Dockerfile: the CI files build it as different stages (--target runtime at .gitlab-ci.yml line 4, the last stage at Jenkinsfile line 2); its last stage is judged as the one that ships'],
  ],
  [
    'a build without --target and one naming the last stage agree',
    { '.gitlab-ci.yml': gitlab('docker build --target tests app', 'docker build app') },
    [],
    [],
  ],
  [
    'the target is a variable the file does not set: the build is skipped',
    { '.gitlab-ci.yml': gitlab('docker build --target "$STAGE" app') },
    [],
    [],
  ],
  [
    'a variable the file sets resolves',
    { '.gitlab-ci.yml': `variables:\n  STAGE: runtime\n${gitlab('docker build --target "$STAGE" "$CI_PROJECT_DIR/app"')}` },
    ['app/Dockerfile:1'],
    ["daemonless: note: app/Dockerfile: stage 'runtime' is judged as the one that ships (built with --target by .gitlab-ci.yml line 6)"],
  ],
  [
    'a stage the Dockerfile does not have: its last stage ships',
    { '.gitlab-ci.yml': gitlab('docker build --target prod app') },
    [],
    [],
  ],
  [
    'the config target wins over the CI one',
    { '.gitlab-ci.yml': gitlab('docker build --target runtime app'), '.daemonless.json': JSON.stringify({ dockerfile: { target: 'tests' } }) },
    [],
    [],
  ],
];

describe('the stage a CI file builds, over a tree', () => {
  for (const [name, files, expected, expectedNotes] of CASES) {
    test(name, () => {
      const dir = scratch({ 'app/Dockerfile': DOCKERFILE, ...files });
      const run = runCli(['lint', '--format', 'json', '.'], dir);
      assert.notEqual(run.code, 2, run.stderr);
      assert.deepEqual(userRoot(run.stdout), expected);
      assert.deepEqual(notes(run.stderr), expectedNotes);
    });
  }

  test('the folder given on the command line is the root the CI file resolves from', () => {
    const dir = scratch({ 'repo/app/Dockerfile': DOCKERFILE, 'repo/.gitlab-ci.yml': gitlab('docker build --target runtime app') });
    const run = runCli(['lint', '--format', 'json', 'repo'], dir);
    assert.deepEqual(userRoot(run.stdout), ['repo/app/Dockerfile:1']);
  });

  test('the output keeps the walk order and the note comes before the Dockerfile is judged', () => {
    const dir = scratch({
      'a/Dockerfile': DOCKERFILE,
      'app/Dockerfile': DOCKERFILE,
      '.gitlab-ci.yml': gitlab('docker build --target runtime a', 'docker build --target runtime app'),
    });
    const first = runCli(['lint', '.'], dir);
    const second = runCli(['lint', '.'], dir);
    assert.equal(first.stdout, second.stdout);
    assert.equal(first.stderr, second.stderr);
    assert.deepEqual(notes(first.stderr).map((n) => n.split(':')[2].trim()), ['a/Dockerfile', 'app/Dockerfile']);
    const lines = first.stdout.split('\n').filter((l) => l.includes('df-user-root'));
    assert.deepEqual(lines.map((l) => l.split(':')[0]), ['a/Dockerfile', 'app/Dockerfile']);
  });
});
