// Drone and Woodpecker: what the pipeline dialects yield (a workload per pipeline document, steps and
// services as containers, commands as scripts, host volumes as bind mounts at the host path, plugin
// images that run a daemon) and how their files are recognised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '../../server/src/engine/classify.js';
import { isCandidatePath } from '../../server/src/engine/classify.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { describeFile } from './describe.js';

const classified: [string, string, string][] = [
  ['.drone.yml', '', 'drone'],
  ['sub/.drone.yaml', '', 'drone'],
  ['.woodpecker.yml', '', 'woodpecker'],
  ['.woodpecker/build.yaml', '', 'woodpecker'],
  ['repo/.woodpecker/release.yml', '', 'woodpecker'],
  ['ci/pipeline.yml', 'kind: pipeline\ntype: docker\nname: x\nsteps:\n- name: a\n  image: alpine\n', 'drone'],
  ['ci/wp.yml', 'when:\n  event: push\nsteps:\n  build:\n    image: alpine\n    commands: [make]\n', 'woodpecker'],
  ['ci/other.yml', 'kind: secret\nname: x\n', 'unknown'],
  ['ci/plain.yml', 'steps:\n  - one\n  - two\n', 'unknown'],
];
for (const [path, text, kind] of classified) {
  test(`drone/woodpecker: classify ${path} ${JSON.stringify(text.slice(0, 24))} → ${kind}`, () => assert.equal(classify(path, text), kind));
}

test('drone/woodpecker: their files are workspace candidates by name', () => {
  for (const p of ['.drone.yml', '.woodpecker/build.yaml', '.woodpecker.yml']) assert.ok(isCandidatePath(p), p);
});

interface Case {
  name: string;
  path: string;
  text: string;
  workloads: string[];
  facts: string[];
}

const cases: Case[] = [
  {
    name: 'Drone: two pipelines with `---` and `...`, a host socket volume by name, plugins/docker, a privileged dind service',
    path: '.drone.yml',
    text: `---\nkind: pipeline\nname: build\nsteps:\n- name: test\n  image: docker:27-cli\n  commands:\n  - docker run --rm alpine true\n  volumes:\n  - name: sock\n    path: /var/run/docker.sock\n- name: publish\n  image: plugins/docker:20\n  settings:\n    repo: acme/app\nservices:\n- name: docker\n  image: docker:27-dind\n  privileged: true\nvolumes:\n- name: sock\n  host:\n    path: /var/run/docker.sock\n...\n---\nkind: pipeline\nsteps:\n- name: lint\n  image: golang:1.23\n  commands: [go vet ./...]\n---\nkind: secret\nname: token\n`,
    workloads: [
      'drone pipeline build job | step:test:docker:27-cli step:publish:plugins/docker:20 service:docker:docker:27-dind | commands@step',
      'drone pipeline default job | step:lint:golang:1.23 | commands@step',
    ],
    facts: [
      'build: noun=pipeline test.bind="/var/run/docker.sock" publish.daemon="plugins/docker:20" docker.privileged="true" script="docker run --rm alpine true"',
      'default: noun=pipeline script="go vet ./..."',
    ],
  },
  {
    name: 'Woodpecker: steps as a map, volume strings, the buildx plugin, named after the file',
    path: '.woodpecker/release.yml',
    text: `steps:\n  build:\n    image: docker:27-cli\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    commands:\n      - docker build .\n  push:\n    image: woodpeckerci/plugin-docker-buildx:5\n    settings:\n      repo: acme/app\nservices:\n  cache:\n    image: redis:7\n`,
    workloads: ['woodpecker pipeline release job | step:build:docker:27-cli step:push:woodpeckerci/plugin-docker-buildx:5 service:cache:redis:7 | commands@step'],
    facts: [
      'release: noun=pipeline build.privileged="true" build.bind="/var/run/docker.sock:/var/run/docker.sock" push.daemon="woodpeckerci/plugin-docker-buildx:5" script="docker build ."',
    ],
  },
  {
    name: 'Woodpecker: steps as a list, older `pipeline:` key',
    path: '.woodpecker.yml',
    text: `pipeline:\n  - name: test\n    image: node:22\n    commands: [npm test]\n`,
    workloads: ['woodpecker pipeline woodpecker job | step:test:node:22 | commands@step'],
    facts: ['woodpecker: noun=pipeline script="npm test"'],
  },
  {
    name: 'half-typed Drone pipeline',
    path: '.drone.yml',
    text: `kind: pipeline\nsteps:\n- name: a\n  volumes:\n  - name: nowhere\n    path: /x\n  - 3\n  commands:\n-\nvolumes:\n- host:\n    path: /var/run/docker.sock\n`,
    workloads: ['drone pipeline default job | step:a: | '],
    facts: ['default: noun=pipeline'],
  },
];

for (const c of cases) {
  test(`drone/woodpecker workloads: ${c.name}`, () => {
    const d = describeFile(c.path, c.text);
    assert.deepEqual(d.workloads, c.workloads);
    assert.deepEqual(d.facts, c.facts);
  });
}

test('drone: findings in a later document land at their own words', () => {
  const text = `kind: pipeline\nname: a\nsteps:\n- name: x\n  image: alpine\n...\n---\nkind: pipeline\nname: b\nsteps:\n- name: y\n  image: alpine\n  privileged: true\n`;
  const f = lintFile({ path: '.drone.yml', text }).findings.filter((x) => x.ruleId === 'ci-privileged');
  assert.equal(f.length, 1);
  assert.equal(f[0].start, text.lastIndexOf('true'));
  assert.equal(f[0].data.job, 'b');
});

test('drone/woodpecker: bad files are a finding or none, never a throw', () => {
  for (const [path, text] of [
    ['.drone.yml', '...\n...\n---\n...\n'],
    ['.drone.yml', 'kind: pipeline\nsteps: &s\n- name: a\n  image: *s\n'],
    ['.woodpecker.yml', 'steps:\n  a: [\n'],
    ['.woodpecker/x.yml', 'steps: 3\n'],
  ]) {
    const { findings } = lintFile({ path, text });
    assert.ok(!findings.some((x) => x.ruleId === 'internal-error'), JSON.stringify(findings));
  }
});
