// Docker Compose: what the dialect yields (one workload per document, a container per service, the
// facts a service asks of its host) and how its files are recognised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '../../server/src/engine/classify.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { describeFile } from './describe.js';

const classified: [string, string, string][] = [
  ['docker-compose.yml', '', 'compose'],
  ['deploy/docker-compose.prod.yaml', '', 'compose'],
  ['docker-compose-dev.yml', '', 'compose'],
  ['compose.yaml', '', 'compose'],
  ['compose.override.yml', '', 'compose'],
  ['stack.yml', 'services:\n  web:\n    image: nginx:1.27\n', 'compose'],
  ['stack.yml', 'version: "3.8"\nservices:\n  web:\n    build: .\n', 'compose'],
  // A top-level services: list (GitLab's global services) is not Compose shape.
  ['ci.yml', 'services:\n  - docker:dind\nbuild:\n  script: make\n', 'unknown'],
  ['ci.yml', 'stages: [b]\nservices:\n  web:\n    image: x\n', 'unknown'],
  ['values.yaml', 'services:\n  enabled: true\n', 'unknown'],
];
for (const [path, text, kind] of classified) {
  test(`compose: classify ${path} ${JSON.stringify(text.slice(0, 30))} → ${kind}`, () => assert.equal(classify(path, text), kind));
}

interface Case {
  name: string;
  text: string;
  workloads: string[];
  facts: string[];
}

const cases: Case[] = [
  {
    name: 'services with privileged, short and long socket binds, host namespaces and cap_add',
    text: `services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    pid: host\n  app:\n    image: alpine:3.20\n    network_mode: host\n    cap_add: [SYS_ADMIN]\n    volumes:\n      - ./src:/src\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - type: bind\n        source: /run/podman/podman.sock\n        target: /p.sock\n      - type: volume\n        source: data\n        target: /data\n`,
    workloads: ['compose compose docker-compose.yml job | service:dind:docker:27-dind service:app:alpine:3.20 | '],
    facts: [
      'docker-compose.yml: noun=Compose file dind.privileged="true" dind.host-pid="host" app.bind="./src:/src" app.bind="/var/run/docker.sock:/var/run/docker.sock:ro" app.bind="/run/podman/podman.sock" app.host-network="host" app.cap="SYS_ADMIN"',
    ],
  },
  {
    name: 'x-* extension fields, anchors and merge keys',
    text: `x-base: &base\n  privileged: true\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\nservices:\n  a:\n    <<: *base\n    image: docker:27\n  x-not-a-service:\n    image: y\n  b: *base\n`,
    workloads: ['compose compose docker-compose.yml job | service:a:docker:27 service:b: | '],
    facts: [
      'docker-compose.yml: noun=Compose file a.privileged="true" a.bind="/var/run/docker.sock:/var/run/docker.sock" b.privileged="true" b.bind="/var/run/docker.sock:/var/run/docker.sock"',
    ],
  },
  { name: 'half-typed services yield what they can', text: `services:\n  a:\n  b: 3\n  c:\n    volumes:\n      -\n    privileged:\n`, workloads: ['compose compose docker-compose.yml job | service:c: | '], facts: ['docker-compose.yml: noun=Compose file'] },
  { name: 'no services', text: `version: "3"\n`, workloads: [], facts: [] },
];

for (const c of cases) {
  test(`compose workloads: ${c.name}`, () => {
    const d = describeFile('docker-compose.yml', c.text);
    assert.deepEqual(d.workloads, c.workloads);
    assert.deepEqual(d.facts, c.facts);
  });
}

test('compose: an anchored service reused twice is reported once per fact, at the anchor', () => {
  const text = `x-base: &base\n  privileged: true\nservices:\n  a: *base\n  b: *base\n`;
  const privileged = lintFile({ path: 'compose.yaml', text }).findings.filter((f) => f.ruleId === 'ci-privileged');
  assert.equal(privileged.length, 1);
  assert.equal(text.slice(privileged[0].start, privileged[0].end), 'true');
});

test('compose: a bad file is a finding or none, never a throw', () => {
  for (const text of ['services: [\n', 'services:\n  a: &x\n    <<: *x\n', 'x-a: &a [*a]\nservices:\n  s:\n    <<: *a\n', '\u0000']) {
    const { findings } = lintFile({ path: 'compose.yaml', text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
  }
});
