// The GitHub Actions model: jobs, container, services, steps and env layering, on hand-written
// cases and on the real corpus.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { githubActionsModel } from '../../server/src/engine/dialects/github-actions/model.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';

const corpus = sharedDir('corpus', 'github-actions');
const skip = sharedSkip('corpus');

function model(text: string) {
  return githubActionsModel(new ParsedFile({ path: '.github/workflows/ci.yml', text }, 'github-actions'));
}

const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

test('container as a map: image, options, volumes, env; services by label; steps', () => {
  const text = `on: push
env:
  WF: 1
  SHARED: wf
jobs:
  build:
    runs-on: [self-hosted, linux]
    env:
      SHARED: job
    container:
      image: docker:24
      options: --privileged --cpus 2
      volumes:
        - /var/run/docker.sock:/var/run/docker.sock
      env:
        C: 1
      credentials:
        username: u
        password: \${{ secrets.P }}
    services:
      docker:
        image: docker:dind
        options: --privileged
        env:
          DOCKER_TLS_CERTDIR: ""
        ports: ["2375:2375"]
    steps:
      - uses: actions/checkout@v4
      - id: build
        name: Build
        if: github.event_name == 'push'
        run: docker build .
        env:
          S: 1
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: a/b:c
`;
  const m = model(text);
  assert.deepEqual(m.variables.map((v) => [v.name, v.inheritedFrom]), [['WF', 'workflow'], ['SHARED', 'workflow']]);
  const [job] = m.jobs;
  assert.equal(job.name, 'build');
  assert.equal(slice(text, job.keyRange), 'build');
  assert.deepEqual(job.runsOn.map((r) => r.value), ['self-hosted', 'linux']);
  assert.deepEqual(job.variables.map((v) => [v.name, v.value, v.inheritedFrom]), [['SHARED', 'job', undefined], ['WF', '1', 'workflow']]);
  assert.equal(job.image?.name, 'docker:24');
  assert.equal(job.containerOptions?.value, '--privileged --cpus 2');
  assert.equal(slice(text, job.containerOptions!.range), '--privileged --cpus 2');
  assert.deepEqual(job.volumes.map((v) => v.value), ['/var/run/docker.sock:/var/run/docker.sock']);
  assert.deepEqual(job.container?.variables.map((v) => v.name), ['C']);
  assert.equal(job.services.length, 1);
  const svc = job.services[0];
  assert.equal(svc.alias, 'docker');
  assert.equal(svc.image, 'docker:dind');
  assert.equal(svc.options?.value, '--privileged');
  assert.deepEqual(svc.variables.map((v) => [v.name, v.value]), [['DOCKER_TLS_CERTDIR', '']]);
  assert.ok(slice(text, svc.range).startsWith('docker:\n        image: docker:dind'));
  assert.ok(slice(text, svc.range).endsWith('ports: ["2375:2375"]'));
  assert.equal(job.steps.length, 3);
  assert.equal(job.steps[0].uses?.value, 'actions/checkout@v4');
  assert.equal(job.steps[1].id?.value, 'build');
  assert.equal(job.steps[1].name?.value, 'Build');
  assert.equal(job.steps[1].if?.value, "github.event_name == 'push'");
  assert.deepEqual(job.steps[1].env.map((v) => v.name), ['S']);
  assert.deepEqual([...job.steps[2].with].map(([k, v]) => [k, v.value]), [['push', 'true'], ['tags', 'a/b:c']]);
  assert.deepEqual(job.scripts.map((s) => [s.section, s.text, s.stepIndex]), [['run', 'docker build .', 1]]);
});

test('container as a string; runs-on as a group map', () => {
  const m = model(`on: push\njobs:\n  a:\n    runs-on: {group: big, labels: [gpu]}\n    container: node:20\n    steps: [{run: make}]\n`);
  assert.equal(m.jobs[0].image?.name, 'node:20');
  assert.deepEqual(m.jobs[0].runsOn.map((r) => r.value), ['gpu']);
  assert.equal(m.jobs[0].containerOptions, undefined);
});

test('half-typed and malformed workflows give partial models without throwing', () => {
  for (const text of [
    '',
    'on: push\n',
    'jobs: 3\n',
    'jobs:\n  a:\n',
    'jobs:\n  a:\n    container:\n    services:\n      s:\n      t: 5\n      u: {options: x}\n    steps:\n      -\n      - 3\n      - run:\n        with: [1]\n',
    'jobs:\n  a: {steps: [unclosed\n',
    'jobs: &j\n  a:\n    <<: *j\n',
  ]) {
    assert.doesNotThrow(() => model(text), JSON.stringify(text));
  }
  const partial = model('jobs:\n  a:\n    services:\n      s:\n      u: {options: x}\n    steps:\n      - run:\n');
  assert.deepEqual(partial.jobs.map((j) => [j.name, j.services.length, j.scripts.length]), [['a', 0, 0]]);
});

function corpusModel(name: string) {
  return model(readFileSync(join(corpus, name), 'utf8'));
}

test('corpus 01: ECR job with a docker build/push run step and workflow env', { skip }, () => {
  const m = corpusModel('01-starter-aws-ecr-build-push-run-step.yml');
  assert.deepEqual(m.jobs.map((j) => j.name), ['deploy']);
  const [job] = m.jobs;
  assert.deepEqual(job.runsOn.map((r) => r.value), ['ubuntu-latest']);
  assert.deepEqual(job.services, []);
  assert.equal(job.steps.length, 6);
  assert.deepEqual(job.steps.map((s) => s.uses?.value ?? null), [
    'actions/checkout@v2',
    'aws-actions/configure-aws-credentials@v1',
    'aws-actions/amazon-ecr-login@v1',
    null,
    'aws-actions/amazon-ecs-render-task-definition@v1',
    'aws-actions/amazon-ecs-deploy-task-definition@v1',
  ]);
  assert.equal(job.scripts.length, 1);
  assert.match(job.scripts[0].text, /docker build -t \$ECR_REGISTRY\/\$ECR_REPOSITORY:\$IMAGE_TAG \./);
  assert.equal(job.steps[3].id?.value, 'build-image');
  assert.deepEqual(job.steps[3].env.map((v) => v.name), ['ECR_REGISTRY', 'IMAGE_TAG']);
  assert.ok(job.variables.some((v) => v.name === 'ECR_REPOSITORY' && v.value === 'MY_ECR_REPOSITORY' && v.inheritedFrom === 'workflow'));
});

test('corpus 02: build-push-action inputs and a cosign run step', { skip }, () => {
  const [job] = corpusModel('02-starter-docker-publish-build-push-action-cosign.yml').jobs;
  assert.equal(job.name, 'build');
  const build = job.steps.find((s) => s.id?.value === 'build-and-push');
  assert.ok(build);
  assert.match(build.uses!.value, /^docker\/build-push-action@/);
  assert.deepEqual([...build.with.keys()], ['context', 'push', 'tags', 'labels']);
  assert.equal(build.with.get('tags')?.value, '${{ steps.meta.outputs.tags }}');
  assert.equal(job.scripts.length, 1);
  assert.match(job.scripts[0].text, /^cosign sign /);
});

test('corpus 03 and 04: the kaniko action jobs and the multi-arch build job', { skip }, () => {
  const three = corpusModel('03-int128-kaniko-action-target.yaml');
  assert.deepEqual(three.jobs.map((j) => j.name), ['test', 'generate']);
  const kaniko = three.jobs[0].steps.filter((s) => s.uses?.value === './');
  assert.deepEqual(kaniko.map((s) => s.id?.value), ['build', 'build-with-cache']);
  assert.equal(kaniko[1].with.get('cache-repository')?.value, 'ghcr.io/${{ github.repository }}/cache');
  const four = corpusModel('04-kaniko-images-multiarch-qemu-matrix-target-gha-cache.yaml');
  assert.deepEqual(four.jobs.map((j) => j.name), ['build-images']);
  const bp = four.jobs[0].steps.find((s) => s.id?.value === 'build-and-push');
  assert.equal(bp?.with.get('file')?.value, './deploy/Dockerfile');
  assert.equal(four.jobs[0].scripts.length, 4);
});
