// A refused rewrite lists every reason, the decisive one first, whatever the script order: a
// capability the builder lacks, then something the job does that the rewrite cannot keep (docker run,
// compose, a daemon-driven tool), then what can be settled in the file (a literal password, a wrapper,
// an unknown flag, a template that is not in the file). Each case writes the weaker reason first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintFile, type FixOutcome, type Refusal } from '../../server/src/engine/index.js';

function gitlabJob(script: string[], extra = ''): string {
  return `build:\n${extra}  image: docker:27\n  services:\n    - docker:dind\n  script:\n${script.map((l) => `    - ${l}\n`).join('')}`;
}

function outcomeOf(path: string, text: string): FixOutcome {
  const finding = lintFile({ path, text }).findings.find((f) => f.ruleId === 'ci-dind-service' || f.ruleId === 'ci-privileged');
  assert.ok(finding?.fix, `a finding that offers the rewrite in ${text}`);
  return finding.fix();
}

function refusalOf(path: string, text: string): Refusal {
  const outcome = outcomeOf(path, text);
  assert.equal(outcome.type, 'refusal', `refused: ${JSON.stringify(outcome)}`);
  return outcome as Refusal;
}

const PASSWORD = 'hunter2secret';

/** Each case: the job's script (weaker reason first) and what each reason is about, in the expected order. */
const CASES: { name: string; text: string; reasons: RegExp[] }[] = [
  {
    name: 'a literal password (in the file) after docker run (cannot keep)',
    text: gitlabJob([`docker login -u me -p ${PASSWORD} registry.example.com`, 'docker build -t app .', 'docker run --rm app true']),
    reasons: [/^`docker run --rm app true`: docker run needs a Docker daemon/, /^`docker login -u me -p hun\*+ registry\.example\.com`: the registry password is written in the file/],
  },
  {
    name: 'docker run (cannot keep) after several platforms (capability)',
    text: gitlabJob(['docker run --rm alpine true', 'docker buildx build --platform linux/amd64,linux/arm64 -t app --push .']),
    reasons: [/^`docker buildx build --platform linux\/amd64,linux\/arm64 -t app --push \.`: builds for several platforms/, /^`docker run --rm alpine true`: docker run needs/],
  },
  {
    name: 'a wrapper (in the file) after docker manifest (capability)',
    text: gitlabJob(['sudo docker build -t app .', 'docker manifest create app app-amd64 app-arm64']),
    reasons: [/^`docker manifest create app app-amd64 app-arm64`: docker manifest assembles multi-platform manifests/, /^`sudo docker build -t app \.`: docker build runs through sudo/],
  },
  {
    name: 'compose (cannot keep) after a Dockerfile on stdin (capability)',
    text: gitlabJob(['docker compose up -d', 'docker build -t app -f - .']),
    reasons: [/^`docker build -t app -f - \.`: the Dockerfile comes from stdin/, /^`docker compose up -d`: docker compose needs a Docker daemon/],
  },
  {
    name: 'an unknown build flag (in the file) after werf (cannot keep)',
    text: gitlabJob(['docker build --frobnicate -t app .', 'werf build']),
    reasons: [/^`werf build`: werf drives the Docker daemon itself/, /^`docker build --frobnicate -t app \.`: uses a docker build flag the rewrite does not know/],
  },
  {
    name: 'reasons of one kind keep their script order',
    text: gitlabJob(['docker build -t app .', 'docker compose up -d', 'docker run --rm app true']),
    reasons: [/^`docker compose up -d`: docker compose/, /^`docker run --rm app true`: docker run/],
  },
  {
    name: 'a missing template (in the file) and several platforms (capability)',
    text: gitlabJob(['docker buildx build --platform linux/amd64,linux/arm64 -t app --push .'], '  extends: .from-include\n'),
    reasons: [/^`docker buildx build --platform linux\/amd64,linux\/arm64 -t app --push \.`: builds for several platforms/, /^the job extends '\.from-include', which is not defined in this file.*first\.$/],
  },
];

for (const c of CASES) {
  test(`refusal order: ${c.name}`, () => {
    const refusal = refusalOf('.gitlab-ci.yml', c.text);
    const reasons = refusal.reasons ?? [];
    assert.equal(reasons.length, c.reasons.length, JSON.stringify(reasons));
    c.reasons.forEach((re, i) => assert.match(reasons[i], re));
    assert.equal(refusal.subject, "job 'build'");
    assert.equal(refusal.title, "Rewrite job 'build' to build with Kaniko");
    // The joined text is the list, as the CLI prints it.
    assert.equal(refusal.reason, reasons.length === 1 ? reasons[0] : `${reasons[0]} Also: ${reasons.slice(1).join(' ')}`);
    assert.ok(!refusal.reason.includes(PASSWORD), 'no literal password echoed');
  });
}

test('refusal order: GitHub Actions run steps follow the same order', () => {
  const text = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    services:
      docker:
        image: docker:dind
        options: --privileged
    steps:
      - uses: actions/checkout@v4
      - run: |
          docker login -u me -p ${PASSWORD} registry.example.com
          docker build -t app .
          docker run --rm app true
`;
  const refusal = refusalOf('.github/workflows/ci.yml', text);
  assert.equal(refusal.subject, "job 'build'");
  assert.equal(refusal.title, "Rewrite job 'build' to build with Kaniko");
  const reasons = refusal.reasons ?? [];
  assert.equal(reasons.length, 2, JSON.stringify(reasons));
  assert.match(reasons[0], /^`docker run --rm app true`: docker run needs/);
  assert.match(reasons[1], /^`docker login -u me -p hun\*+ registry\.example\.com`: /);
  assert.ok(!JSON.stringify(refusal).includes(PASSWORD), 'no literal password echoed anywhere in the refusal');
});

test('a refusal with one reason lists that reason', () => {
  const refusal = refusalOf('.gitlab-ci.yml', gitlabJob(['echo no build here']));
  assert.deepEqual(refusal.reasons, [refusal.reason]);
  assert.match(refusal.reason, /^The job runs no docker build/);
});

test('a floating configured builder image is refused alike by every placement, as one reason', () => {
  const options = { rewrite: { image: 'gcr.io/kaniko-project/executor:latest' } };
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n    - name: dind\n      image: docker:27-dind\n      securityContext:\n        privileged: true\n    - name: build\n      image: docker:27\n      command: ["sh", "-c", "docker build -t app ."]\n';
  const workflow = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    container:\n      image: docker:27\n      options: --privileged\n    steps:\n      - run: docker build -t app .\n';
  const reasons = [
    ['.gitlab-ci.yml', gitlabJob(['docker build -t app .'])],
    ['.github/workflows/b.yml', workflow],
    ['pod.yaml', pod],
  ].map(([path, text]) => {
    const finding = lintFile({ path, text }, options).findings.find((f) => ['ci-dind-service', 'ci-privileged'].includes(f.ruleId) && f.fix);
    assert.ok(finding?.fix, `a rewrite offered in ${path}`);
    const outcome = finding.fix();
    assert.equal(outcome.type, 'refusal', `${path}: ${JSON.stringify(outcome)}`);
    const refusal = outcome as Refusal;
    assert.deepEqual(refusal.reasons, [refusal.reason], path);
    // GitLab's refusals start with a capital, as all its reasons do; the words must be the same.
    return refusal.reason.replace(/^T/, 't');
  });
  assert.match(reasons[0], /floating tag; set daemonless\.kaniko\.image to a pinned version such as \S+\.$/);
  assert.deepEqual(new Set(reasons).size, 1, JSON.stringify(reasons, null, 1));
});
