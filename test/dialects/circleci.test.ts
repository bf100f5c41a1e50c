// CircleCI: what the dialect yields (a workload per job, docker executor images as containers,
// machine executors as runner labels, run steps as scripts, setup_remote_docker as the platform's
// remote engine, orb jobs and commands as unresolved) and how its files are recognised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, isCandidatePath } from '../../server/src/engine/classify.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { describeFile } from './describe.js';

const classified: [string, string, string][] = [
  ['.circleci/config.yml', '', 'circleci'],
  ['repo/.circleci/config.yaml', '', 'circleci'],
  ['ci.yml', 'version: 2.1\nworkflows:\n  w:\n    jobs: [b]\n', 'circleci'],
  ['ci.yml', 'version: 2\njobs:\n  b:\n    docker:\n      - image: x\n    steps:\n      - checkout\n', 'circleci'],
  ['example.yml', 'description: x\nusage:\n  version: 2.1\n  orbs:\n    docker: circleci/docker@2\n', 'circleci'],
  ['docker-stack.yml', 'version: "2"\nservices:\n  web:\n    image: nginx:1.27\n', 'compose'],
];
for (const [path, text, kind] of classified) {
  test(`circleci: classify ${path} ${JSON.stringify(text.slice(0, 20))} → ${kind}`, () => assert.equal(classify(path, text), kind));
}
test('circleci: .circleci/config.yml is a workspace candidate by name', () => assert.ok(isCandidatePath('.circleci/config.yml')));

const P = '.circleci/config.yml';

const cases: { name: string; text: string; workloads: string[]; facts: string[] }[] = [
  {
    name: 'docker executor with a service, a named machine executor, remote docker, orb command and orb job',
    text: `version: 2.1\norbs:\n  docker: circleci/docker@2\nexecutors:\n  vm:\n    machine:\n      image: ubuntu-2204:current\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n      - image: docker:27-dind\n        name: dind\n    steps:\n      - checkout\n      - setup_remote_docker:\n          version: default\n      - run: docker build .\n      - run:\n          name: push\n          command: docker push x\n      - docker/check\n  test:\n    executor: vm\n    steps:\n      - run: docker run --rm x\nworkflows:\n  main:\n    jobs:\n      - build\n      - test\n      - docker/publish:\n          image: x\n`,
    workloads: [
      'circleci job build job | job::cimg/base:2024.01 service:dind:docker:27-dind | run@job run@job',
      'circleci job test job | job:: | run@job',
      'circleci job docker/publish job |  | ',
    ],
    facts: [
      'build: hostDaemon="setup_remote_docker" unresolved=docker/check script="docker build ." script="docker push x"',
      'test: runner=machine ubuntu-2204:current script="docker run --rm x"',
      'docker/publish: unresolved=docker/publish',
    ],
  },
  {
    name: 'an orb example keeps the config under usage:',
    text: `description: x\nusage:\n  version: 2.1\n  orbs:\n    docker: circleci/docker@2\n  workflows:\n    w:\n      jobs:\n        - docker/publish:\n            image: x\n`,
    workloads: ['circleci job docker/publish job |  | '],
    facts: ['docker/publish: unresolved=docker/publish'],
  },
  { name: 'half-typed', text: `version: 2.1\njobs:\n  a:\n    docker:\n      -\n    steps:\n      - run:\n      - 3\n  b: 1\nworkflows: 2\n`, workloads: ['circleci job a job | job:: | '], facts: ['a: '] },
];

for (const c of cases) {
  test(`circleci workloads: ${c.name}`, () => {
    const d = describeFile(P, c.text);
    assert.deepEqual(d.workloads, c.workloads);
    assert.deepEqual(d.facts, c.facts);
  });
}

test('circleci: bad files are a finding or none, never a throw', () => {
  for (const text of ['version: 2.1\njobs: [\n', 'version: 2.1\nexecutors: &e\n  x: *e\njobs:\n  a:\n    executor: x\n    steps: *e\n']) {
    const { findings } = lintFile({ path: P, text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
  }
});
