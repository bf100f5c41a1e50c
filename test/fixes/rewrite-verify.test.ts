// The check every rewrite goes through (rewrite/verify.ts), fed deliberately broken placements: each
// must come back as a refusal that is never applied, while a sound placement passes unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daemonlessRewrite, type RewriteTarget, type Place } from '../../server/src/engine/rewrite/index.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { UNVERIFIED } from '../../server/src/engine/rewrite/verify.js';
import type { Edit, FileKind, FixOutcome } from '../../server/src/engine/types.js';

const GITLAB = `stages: [build]

build:
  image: docker:24
  services:
    - docker:24-dind
  script:
    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"

test:
  image: alpine:3.20
  script:
    - echo ok
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
    - name: docker
      image: docker:24
      workingDir: /workspace
      command: ["sh", "-c", "docker build -t registry.example.com/app:1 . && docker push registry.example.com/app:1"]
      env:
        - name: DOCKER_HOST
          value: tcp://localhost:2375
    - name: dind
      image: docker:24-dind
      securityContext:
        privileged: true
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: other
`;

const BUILD: RewriteTarget = { system: 'gitlab-ci', job: 'build' };

/** A placement that returns fixed edits, computed from the file text. */
function placing(edits: (text: string) => Edit[]): Place {
  return (file) => ({ type: 'fix', kind: 'rewrite', title: "Rewrite job 'build' to build with Kaniko", edits: edits(file.text) });
}

/** Replaces the first occurrence of `from` (searched after `after`) with `to`. */
function replace(from: string, to: string, after = ''): (text: string) => Edit[] {
  return (text) => {
    const start = text.indexOf(from, text.indexOf(after));
    assert.ok(start >= 0, `${from} not in the input`);
    return [{ start, end: start + from.length, text: to }];
  };
}

function rewrite(text: string, kind: FileKind, target: RewriteTarget, place?: Place): FixOutcome {
  return daemonlessRewrite(new ParsedFile({ path: kind === 'gitlab-ci' ? '.gitlab-ci.yml' : 'pod.yaml', text }, kind), target, {}, place);
}

function assertUnverified(outcome: FixOutcome, detail: RegExp): void {
  assert.equal(outcome.type, 'refusal', 'a broken placement must never come back as a fix');
  if (outcome.type !== 'refusal') return;
  assert.ok(outcome.reason.startsWith(UNVERIFIED.replace('this job', outcome.reason.includes('this pod') ? 'this pod' : 'this job')), outcome.reason);
  assert.match(outcome.reason, detail);
}

test('a sound placement passes the check unchanged', () => {
  const outcome = rewrite(GITLAB, 'gitlab-ci', BUILD);
  assert.equal(outcome.type, 'fix', outcome.type === 'refusal' ? outcome.reason : '');
  const pod = rewrite(POD, 'k8s', { system: 'k8s', document: 0 });
  assert.equal(pod.type, 'fix', pod.type === 'refusal' ? pod.reason : '');
});

test('a placement that writes invalid YAML is refused', () => {
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, placing(replace('image: docker:24', 'image: [docker:24'))), /not valid YAML/);
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, placing(replace('  services:\n', '  services:\n\t'))), /not valid YAML/);
});

test('a placement that leaves the daemon in the job is refused, naming the rule', () => {
  const keepsService = placing(replace('docker:24\n', 'ghcr.io/osscontainertools/kaniko:v1.28.5-debug\n'));
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, keepsService), /ci-dind-service/);
  const keepsPrivileged = placing(replace('image: docker:24-dind', 'image: busybox:1.36'));
  assertUnverified(rewrite(POD, 'k8s', { system: 'k8s', document: 0 }, keepsPrivileged), /k8s-privileged/);
});

test('a placement that changes bytes outside the job is refused', () => {
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, placing(replace('echo ok', 'echo changed'))), /outside the job/);
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, placing(replace('stages: [build]', 'stages: [build, test]'))), /outside the job/);
  const otherDocument = placing(replace('name: other', 'name: changed'));
  assertUnverified(rewrite(POD, 'k8s', { system: 'k8s', document: 0 }, otherDocument), /outside the job/);
});

test('a placement that splits the job into others, or overlaps its edits, is refused', () => {
  const real = rewrite(GITLAB, 'gitlab-ci', BUILD);
  assert.equal(real.type, 'fix');
  if (real.type !== 'fix') return;
  // The real rewrite, plus a line that dedents into a new top-level job.
  const extra = placing((text) => {
    const at = text.indexOf('  script:', text.indexOf('build:'));
    return [...real.edits, { start: at, end: at, text: 'sneaky:\n  script: [echo]\n' }];
  });
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, extra), /other jobs|not valid YAML|missing/);
  const overlapping = placing((text) => {
    const at = text.indexOf('docker build');
    return [{ start: at, end: at + 6, text: 'x' }, { start: at + 2, end: at + 8, text: 'y' }];
  });
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, overlapping), /overlap/);
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, placing(() => [{ start: 0, end: GITLAB.length + 5, text: '' }])), /outside the file/);
});

test('a placement that throws is refused instead of failing the code action', () => {
  const throwing: Place = () => {
    throw new Error('boom');
  };
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, throwing), /boom/);
});

test('the fix a finding carries is the checked rewrite (the CLI and the editor both call it)', () => {
  const finding = lintFile({ path: '.gitlab-ci.yml', text: GITLAB }).findings.find((f) => f.ruleId === 'ci-dind-service');
  assert.ok(finding?.fix);
  assert.deepEqual(finding.fix(), rewrite(GITLAB, 'gitlab-ci', BUILD));
});

/** A placement that replaces the whole `build` job with the given lines. */
function replacingJob(lines: string[]): Place {
  return placing((text) => {
    const start = text.indexOf('build:\n');
    return [{ start, end: text.indexOf('\n\ntest:\n') + 1, text: lines.join('\n') + '\n' }];
  });
}

const KANIKO_IMAGE = ['build:', '  image:', '    name: ghcr.io/osscontainertools/kaniko:v1.28.5-debug', '    entrypoint: [""]', '  script:'];

test('a placement whose result parses but would not run is refused', () => {
  const sound = replacingJob([...KANIKO_IMAGE, '    - /kaniko/executor --context "$CI_PROJECT_DIR" --destination "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"']);
  const control = rewrite(GITLAB, 'gitlab-ci', BUILD, sound);
  assert.equal(control.type, 'fix', control.type === 'refusal' ? control.reason : '');
  // The executor indented under the item before it: YAML reads one plain scalar, `echo building /kaniko/executor …`.
  const joined = replacingJob([...KANIKO_IMAGE, '    - echo building', '      /kaniko/executor --context "$CI_PROJECT_DIR" --destination "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"']);
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, joined), /\/kaniko\/executor is not a command of its own in script/);
  // A docker push left behind, with no daemon to push from.
  const leftover = replacingJob([...KANIKO_IMAGE, '    - /kaniko/executor --context "$CI_PROJECT_DIR" --no-push', '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"']);
  assertUnverified(rewrite(GITLAB, 'gitlab-ci', BUILD, leftover), /`docker push` is still run/);
});

test('a refusal of a pod rewrite names the pod, as its title does', () => {
  const keepsPrivileged = placing(replace('image: docker:24-dind', 'image: busybox:1.36'));
  const outcome = rewrite(POD, 'k8s', { system: 'k8s', document: 0 }, keepsPrivileged);
  assert.equal(outcome.type, 'refusal');
  if (outcome.type !== 'refusal') return;
  assert.equal(outcome.subject, "Pod 'builder'");
  const thrown = rewrite(POD, 'k8s', { system: 'k8s', document: 0 }, () => {
    throw new Error('placement bug');
  });
  assert.equal(thrown.type, 'refusal');
  if (thrown.type !== 'refusal') return;
  assert.equal(thrown.title, "Rewrite Pod 'builder' to build with Kaniko");
  assert.equal(thrown.subject, "Pod 'builder'");
});
