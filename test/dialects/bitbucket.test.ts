// Bitbucket Pipelines: what the dialect yields (a workload per distinct step, anchored steps once,
// the platform's Docker daemon as a host daemon, defined services as containers, script lines as
// scripts) and how its files are recognised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, isCandidatePath } from '../../server/src/engine/classify.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { describeFile } from './describe.js';

const classified: [string, string, string][] = [
  ['bitbucket-pipelines.yml', '', 'bitbucket'],
  ['sub/bitbucket-pipelines.yaml', '', 'bitbucket'],
  ['ci/bb.yml', 'image: node:22\npipelines:\n  default:\n    - step:\n        script: [make]\n', 'bitbucket'],
  ['ci/other.yml', 'pipelines:\n  - a\n', 'unknown'],
];
for (const [path, text, kind] of classified) {
  test(`bitbucket: classify ${path} → ${kind}`, () => assert.equal(classify(path, text), kind));
}
test('bitbucket: bitbucket-pipelines.yml is a workspace candidate by name', () => assert.ok(isCandidatePath('bitbucket-pipelines.yml')));

const P = 'bitbucket-pipelines.yml';

const cases: { name: string; text: string; workloads: string[]; facts: string[] }[] = [
  {
    name: 'anchored step reused in parallel and a branch pipeline is one workload; the docker service is the platform daemon',
    text: `image: node:22\ndefinitions:\n  services:\n    dind:\n      image: docker:27-dind\n  steps:\n    - step: &build\n        name: build\n        services: [docker]\n        script:\n          - docker build .\npipelines:\n  default:\n    - parallel:\n        - step: *build\n        - step:\n            image: alpine:3.20\n            services: [dind]\n            script: [echo hi]\n  branches:\n    main:\n      - step: *build\n  custom:\n    release:\n      - variables:\n          - name: V\n      - stage:\n          steps:\n            - step:\n                name: publish\n                after-script: [docker logout]\n`,
    workloads: [
      'bitbucket step build job | job::node:22<top-level | script@job',
      'bitbucket step default parallel step 2 job | job::alpine:3.20 service:dind:docker:27-dind | script@job',
      'bitbucket step publish job | job::node:22<top-level | after-script@job',
    ],
    facts: [
      'build: noun=step hostDaemon="docker" script="docker build ."',
      'default parallel step 2: noun=step script="echo hi"',
      'publish: noun=step script="docker logout"',
    ],
  },
  {
    name: 'global options: docker: true reaches every step; a custom docker-type service is the daemon too',
    text: `options:\n  docker: true\ndefinitions:\n  services:\n    docker-big:\n      type: docker\n      memory: 4096\npipelines:\n  default:\n    - step:\n        script: [make]\n    - step:\n        services: [docker-big]\n        script: [docker build .]\n`,
    workloads: ['bitbucket step default step 1 job | job:: | script@job', 'bitbucket step default step 2 job | job:: | script@job'],
    facts: ['default step 1: noun=step hostDaemon="true" script="make"', 'default step 2: noun=step hostDaemon="docker-big" script="docker build ."'],
  },
  {
    name: 'half-typed',
    text: `pipelines:\n  default:\n    - step:\n    - step: 3\n    - parallel:\n  branches: 4\n`,
    workloads: [],
    facts: [],
  },
];

for (const c of cases) {
  test(`bitbucket workloads: ${c.name}`, () => {
    const d = describeFile(P, c.text);
    assert.deepEqual(d.workloads, c.workloads);
    assert.deepEqual(d.facts, c.facts);
  });
}

test('bitbucket: an anchored step is reported once, at its definition', () => {
  const text = `definitions:\n  steps:\n    - step: &b\n        services: [docker]\n        script:\n          - docker run --privileged alpine true\npipelines:\n  default:\n    - step: *b\n  branches:\n    main:\n      - step: *b\n`;
  const { findings } = lintFile({ path: P, text });
  const ids = findings.map((f) => `${f.ruleId}:${f.severity}:${text.slice(f.start, f.end)}`);
  assert.deepEqual(ids, ['ci-dind-service:info:docker', 'ci-privileged:error:--privileged']);
});

test('bitbucket: bad files are a finding or none, never a throw', () => {
  for (const text of ['pipelines: [\n', 'definitions:\n  steps:\n    - step: &a\n        <<: *a\npipelines:\n  default:\n    - step: *a\n', 'pipelines:\n  default: &d\n    - parallel: *d\n']) {
    const { findings } = lintFile({ path: P, text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
  }
});
