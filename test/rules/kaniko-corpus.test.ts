// The Kaniko rules on the real-world corpus (../shared/corpus): every file yields exactly the kaniko-*
// findings its content warrants, written from the files (and SOURCES.tsv), not from the linter's output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/engine/registry.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';

const skip = sharedSkip('corpus');
const root = sharedDir('corpus');
const KANIKO_RULES = allRules.filter((r) => r.id.startsWith('kaniko-'));

/** `ruleId messageId «covered text» fix`, where fix is `no fix`, `fix → <new text>` or `refused`. */
const EXPECTED: Record<string, string[]> = {
  // GitLab's own template and veloren: the bare :debug upstream image; config.json from CI variables only.
  'gitlab/02-gitlab-template-kaniko-target.gitlab-ci.yml': [
    'kaniko-executor-archived archived «gcr.io/kaniko-project/executor:debug» fix → ghcr.io/osscontainertools/kaniko:v1.28.5-debug',
    'kaniko-executor-unpinned floating «gcr.io/kaniko-project/executor:debug» no fix',
  ],
  'gitlab/05-veloren-kaniko-real-world-target.gitlab-ci.yml': [
    'kaniko-executor-archived archived «gcr.io/kaniko-project/executor:debug» fix → ghcr.io/osscontainertools/kaniko:v1.28.5-debug',
    'kaniko-executor-unpinned floating «gcr.io/kaniko-project/executor:debug» no fix',
  ],
  // The kubernetes-plugin's Kaniko examples (pod YAML inside the Jenkinsfile): the archived upstream
  // image and `--insecure --skip-tls-verify` in the sh step that runs the executor. The projected
  // regcred volume at /kaniko/.docker has no readOnly, but the kubelet mounts projected volumes
  // read-only anyway, so it is not a finding.
  'jenkins/02-k8s-plugin-kaniko-target.groovy': [
    'kaniko-executor-archived archived «gcr.io/kaniko-project/executor:v1.6.0-debug» fix → ghcr.io/osscontainertools/kaniko:v1.28.5-debug',
    'kaniko-insecure-registry insecure «--insecure» no fix',
    'kaniko-insecure-registry skipTls «--skip-tls-verify» no fix',
  ],
  'jenkins/06-k8s-plugin-kaniko-declarative-target.groovy': [
    'kaniko-executor-archived archived «gcr.io/kaniko-project/executor:v1.6.0-debug» fix → ghcr.io/osscontainertools/kaniko:v1.28.5-debug',
    'kaniko-insecure-registry insecure «--insecure» no fix',
    'kaniko-insecure-registry skipTls «--skip-tls-verify» no fix',
  ],
  // Upstream examples/pod.yaml: :latest. Its regcred secret at /kaniko/.docker has no readOnly, which
  // is not a finding: the kubelet mounts secret volumes read-only anyway.
  'kubernetes/01-kaniko-upstream-pod-target.yaml': [
    'kaniko-executor-archived archived «gcr.io/kaniko-project/executor:latest» fix → ghcr.io/osscontainertools/kaniko:v1.28.5',
    'kaniko-executor-unpinned floating «gcr.io/kaniko-project/executor:latest» no fix',
  ],
  // Upstream kaniko-test.yaml: :latest; `--cache` with `--cache-dir` is a working cache; the GCP key is mounted at /secret.
  'kubernetes/03-kaniko-upstream-pod-cache-gcr-target.yaml': [
    'kaniko-executor-archived archived «gcr.io/kaniko-project/executor:latest» fix → ghcr.io/osscontainertools/kaniko:v1.28.5',
    'kaniko-executor-unpinned floating «gcr.io/kaniko-project/executor:latest» no fix',
  ],
  // Tekton catalog task: BUILDER_IMAGE defaults to the archived image pinned by digest; the fix belongs on the parameter.
  'tekton/02-catalog-kaniko-task-target.yaml': ['kaniko-executor-archived archived «$(params.BUILDER_IMAGE)» refused'],
};

const files = skip === false
  ? readFileSync(join(root, 'SOURCES.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0]).filter(Boolean)
  : [];

test('every corpus file that shows Kaniko has an expectation', { skip }, () => {
  for (const path of Object.keys(EXPECTED)) assert.ok(files.includes(path), `${path} is in SOURCES.tsv`);
});

for (const path of files) {
  test(`${path}: exactly the kaniko-* findings its content warrants`, () => {
    const text = readFileSync(join(root, path), 'utf8');
    const actual = lintFile({ path, text }, {}, KANIKO_RULES).findings.map((f) => {
      const outcome = f.fix?.();
      const fix = !outcome ? 'no fix' : outcome.type === 'refusal' ? 'refused' : `fix → ${outcome.edits.map((e) => e.text).join(' ')}`;
      return `${f.ruleId} ${f.messageId} «${text.slice(f.start, f.end)}» ${fix}`;
    });
    assert.deepEqual(actual, EXPECTED[path] ?? []);
  });
}
