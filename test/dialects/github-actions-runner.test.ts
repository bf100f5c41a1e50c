// GitHub Actions on self-hosted runners: the runner mounts its host's Docker socket into a job's
// `container:` and into `uses: docker://…` step containers, so docker in such a job drives the host
// daemon every job shares. GitHub-hosted runners are disposable VMs and get no finding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runsDockerCli } from '../../server/src/engine/dialects/github-actions/runner-socket.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { describeFile } from './describe.js';

const PATH = '.github/workflows/build.yml';
const containerJob = (runsOn: string, steps: string) => `on: push\njobs:\n  build:\n    runs-on: ${runsOn}\n    container: docker:27-cli\n    steps:\n${steps}`;

interface Case {
  name: string;
  text: string;
  facts: string[];
  findings: string[];
}

const cases: Case[] = [
  {
    name: 'a container job on a self-hosted runner whose step runs docker',
    text: containerJob('[self-hosted, linux]', '      - run: docker build -t app .\n'),
    facts: ['build: runner=self-hosted runner=linux job.runner-socket="docker:27-cli" script="docker build -t app ."'],
    findings: ['ci-docker-socket@docker:27-cli'],
  },
  {
    name: 'the same job on a GitHub-hosted runner',
    text: containerJob('ubuntu-latest', '      - run: docker build -t app .\n'),
    facts: ['build: runner=ubuntu-latest script="docker build -t app ."'],
    findings: [],
  },
  {
    name: 'a self-hosted container job that never runs docker',
    text: containerJob('self-hosted', '      - run: make test\n      - run: echo docker is not used here\n'),
    facts: ['build: runner=self-hosted script="make test" script="echo docker is not used here"'],
    findings: [],
  },
  {
    name: 'docker behind sudo in a multi-line script',
    text: containerJob('self-hosted', '      - run: |\n          set -e\n          sudo -E docker push app\n'),
    facts: ['build: runner=self-hosted job.runner-socket="docker:27-cli" script="set -e\\nsudo -E docker push app\\n"'],
    findings: ['ci-docker-socket@docker:27-cli'],
  },
  {
    name: 'docker/build-push-action in a self-hosted container job',
    text: containerJob('self-hosted', '      - uses: docker/build-push-action@v6\n'),
    facts: ['build: runner=self-hosted job.runner-socket="docker:27-cli"'],
    findings: ['ci-docker-socket@docker:27-cli'],
  },
  {
    name: 'a docker:// step with a docker CLI image on a self-hosted runner, and one with another image',
    text: `on: push\njobs:\n  build:\n    runs-on: self-hosted\n    steps:\n      - name: image\n        uses: "docker://docker:27-cli"\n        with:\n          args: build .\n      - uses: docker://alpine:3.20\n`,
    facts: ['build: runner=self-hosted image.runner-socket="docker:27-cli" script="docker build ."'],
    findings: ['ci-docker-socket@docker:27-cli'],
  },
  {
    name: "a docker:// docker CLI step's args are its docker command line, on any runner",
    text: `on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker://docker:27\n        with:\n          args: run --privileged -v /var/run/docker.sock:/var/run/docker.sock alpine true\n`,
    facts: ['build: runner=ubuntu-24.04 script="docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock alpine true"'],
    findings: ['ci-privileged@--privileged', 'ci-docker-socket@/var/run/docker.sock:/var/run/docker.sock'],
  },
  {
    name: 'args of a docker:// step with another image are not a docker command line',
    text: `on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker://alpine:3.20\n        with:\n          args: run --privileged\n`,
    facts: ['build: runner=ubuntu-24.04'],
    findings: [],
  },
  {
    name: 'a docker:// step on a GitHub-hosted runner',
    text: `on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: docker://docker:27-cli\n`,
    facts: ['build: runner=ubuntu-24.04'],
    findings: [],
  },
];

for (const c of cases) {
  test(`github-actions runner socket: ${c.name}`, () => {
    const d = describeFile(PATH, c.text);
    assert.equal(d.kind, 'github-actions');
    assert.deepEqual(d.facts, c.facts);
    const { findings } = lintFile({ path: PATH, text: c.text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error' || f.ruleId === 'parse-error'), JSON.stringify(findings));
    const got = findings.filter((f) => f.ruleId === 'ci-docker-socket' || f.ruleId === 'ci-privileged').map((f) => `${f.ruleId}@${c.text.slice(f.start, f.end)}`);
    assert.deepEqual(got, c.findings);
  });
}

test('github-actions runner socket: the message says the runner mounts the socket, not the job', () => {
  const text = containerJob('self-hosted', '      - run: docker build .\n');
  const f = lintFile({ path: PATH, text }).findings.find((x) => x.ruleId === 'ci-docker-socket');
  assert.equal(f?.messageId, 'runnerSocket');
  assert.equal(
    f?.message,
    'The runner mounts its host\'s container-runtime socket /var/run/docker.sock into the job container of job "build" (the file writes no such mount), and the job\'s steps use it: they drive the daemon of the runner\'s host, so any step can start a privileged container there, which is root on a machine the runner\'s other jobs share.',
  );
  const step = `on: push\njobs:\n  build:\n    runs-on: self-hosted\n    steps:\n      - name: image\n        uses: docker://docker:27-cli\n`;
  const g = lintFile({ path: PATH, text: step }).findings.find((x) => x.ruleId === 'ci-docker-socket');
  assert.match(g?.message ?? '', /^The runner mounts its host's container-runtime socket \/var\/run\/docker\.sock into the step "image" of job "build" /);
});

const cli: [string, boolean][] = [
  ['docker build .', true],
  ['/usr/bin/docker push x', true],
  ['sudo -E docker info', true],
  ['make docker', false],
  ['echo docker', false],
  ['podman build .', false],
  ['', false],
];
for (const [script, expected] of cli) {
  test(`github-actions runner socket: ${JSON.stringify(script)} runs the docker CLI: ${expected}`, () => assert.equal(runsDockerCli(script), expected));
}
