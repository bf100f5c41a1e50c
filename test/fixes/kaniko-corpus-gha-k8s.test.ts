// The Kaniko rewrite over every daemon-based job or pod in the shared corpus (GitHub Actions,
// Kubernetes, Tekton, the Jenkins companion pod): each is rewritten into output the system's own
// parser accepts, or refused with a reason; never damaged. The table says what each file should get,
// written from its content and its SOURCES.tsv note.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { daemonlessRewrite } from '../../server/src/engine/rewrite/index.js';
import { githubActionsModel } from '../../server/src/engine/dialects/github-actions/model.js';
import { podSpecs, usesDockerDaemon } from '../../server/src/engine/model/k8s/pod-spec.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';
import { applyChecked, assertParses, kanikoScripts } from './golden.js';
import { githubWorkflowErrors, validateKubernetes } from './system-parsers.js';

const corpusRoot = sharedDir('corpus');
const skip = sharedSkip('corpus');

type Expect = { rewritten: true } | { refused: RegExp };
const DAEMON_STEP = /docker\/build-push-action|^\s*(docker|docker buildx) (build|push|login)\b/m;

const githubActions: Record<string, Record<string, Expect>> = {
  '01-starter-aws-ecr-build-push-run-step.yml': { deploy: { rewritten: true } },
  '02-starter-docker-publish-build-push-action-cosign.yml': { build: { rewritten: true } },
  // The Kaniko target itself (int128/kaniko-action): no daemon job.
  '03-int128-kaniko-action-target.yaml': {},
  '04-kaniko-images-multiarch-qemu-matrix-target-gha-cache.yaml': { 'build-images': { refused: /platforms/ } },
};

const k8s: Record<string, Record<number, Expect>> = {
  'kubernetes/01-kaniko-upstream-pod-target.yaml': {},
  'kubernetes/02-buildkit-rootless-job-alternative-target.yaml': {},
  'kubernetes/03-kaniko-upstream-pod-cache-gcr-target.yaml': {},
  'tekton/01-catalog-docker-build-dind-sidecar.yaml': { 0: { refused: /Tekton tasks are not rewritten.*catalog kaniko Task/ } },
  'tekton/02-catalog-kaniko-task-target.yaml': {},
  'tekton/03-catalog-buildah-task-alternative-target.yaml': {},
  'tekton/04-catalog-kind-dind-sidecar-refuse.yaml': { 0: { refused: /kind \(Kubernetes in Docker\)/ } },
  'tekton/05-catalog-dockerslim-dind-refuse.yaml': { 0: { refused: /docker-slim needs a Docker daemon/ } },
  'jenkins/04b-declarative-yamlfile-companion-pod.yaml': { 0: { refused: /Jenkins agent pod.*Jenkinsfile/ } },
};

function read(rel: string): string {
  return readFileSync(join(corpusRoot, rel), 'utf8');
}

test('the tables cover every GitHub Actions, Kubernetes and Tekton corpus file', { skip }, () => {
  assert.deepEqual(readdirSync(join(corpusRoot, 'github-actions')).sort(), Object.keys(githubActions).sort());
  const dirs = ['kubernetes', 'tekton'].flatMap((d) => readdirSync(join(corpusRoot, d)).map((f) => `${d}/${f}`));
  assert.deepEqual([...dirs, 'jenkins/04b-declarative-yamlfile-companion-pod.yaml'].sort(), Object.keys(k8s).sort());
});

for (const [name, jobs] of Object.entries(githubActions)) {
  test(`github-actions/${name}: every daemon job is rewritten or refused as expected`, { skip }, () => {
    const path = `.github/workflows/${name}`;
    const text = read(`github-actions/${name}`);
    const file = new ParsedFile({ path, text }, 'github-actions');
    const daemonJobs = githubActionsModel(file).jobs.filter((j) => j.steps.some((s) => DAEMON_STEP.test(s.uses?.value ?? '') || DAEMON_STEP.test(s.run?.text ?? '')) || j.services.length > 0);
    assert.deepEqual(daemonJobs.map((j) => j.name).sort(), Object.keys(jobs).sort());
    for (const job of daemonJobs) {
      const outcome = daemonlessRewrite(file, { system: 'github-actions', job: job.name }, {});
      const expected = jobs[job.name];
      if ('refused' in expected) {
        assert.equal(outcome.type, 'refusal', job.name);
        if (outcome.type === 'refusal') assert.match(outcome.reason, expected.refused);
        continue;
      }
      assert.equal(outcome.type, 'fix', outcome.type === 'refusal' ? outcome.reason : '');
      if (outcome.type !== 'fix') continue;
      const output = applyChecked(text, outcome.edits);
      for (const e of outcome.edits) assert.ok(e.start >= job.range.start - 200 && e.end <= job.range.end + 1, 'edit inside the job');
      assert.equal(output.slice(0, text.indexOf('jobs:')), text.slice(0, text.indexOf('jobs:')), 'text before the jobs is untouched');
      assertParses(output, name);
      // The corpus keeps the starter-workflow placeholders ($default-branch, $cron-daily), which parse as plain strings.
      assert.deepEqual(githubWorkflowErrors(output), githubWorkflowErrors(text));
      assert.match(output, /uses: docker:\/\/\S*kaniko\S*/);
      const scripts = kanikoScripts(output);
      assert.equal(scripts.length, 1);
      assert.ok(!scripts[0].includes('${{'), `an expression in KANIKO_SCRIPT: ${scripts[0]}`);
      assert.doesNotMatch(output, /uses: docker\/(build-push-action|setup-buildx-action)|^\s*docker (build|push) /m);
    }
  });
}

for (const [rel, documents] of Object.entries(k8s)) {
  test(`${rel}: every daemon pod is rewritten or refused as expected`, { skip }, () => {
    const text = read(rel);
    const file = new ParsedFile({ path: rel, text }, 'k8s');
    const daemonDocs = [...new Set(podSpecs(file).filter(usesDockerDaemon).map((p) => p.document))];
    assert.deepEqual(daemonDocs.map(String).sort(), Object.keys(documents).sort());
    for (const document of daemonDocs) {
      const outcome = daemonlessRewrite(file, { system: 'k8s', document }, {});
      const expected = documents[document];
      if ('refused' in expected) {
        assert.equal(outcome.type, 'refusal');
        if (outcome.type === 'refusal') assert.match(outcome.reason, expected.refused);
        continue;
      }
      assert.equal(outcome.type, 'fix');
      if (outcome.type !== 'fix') continue;
      const output = applyChecked(text, outcome.edits);
      assertParses(output, rel);
      assert.ok(validateKubernetes(output) > 0);
    }
  });
}
