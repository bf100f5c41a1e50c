// Pipelines that already build without a daemon (../shared/real/daemonless-ci: Kaniko, Buildah,
// BuildKit and hosted-runner builds): whatever dialect reads them, the DinD, socket and privileged
// rules stay quiet, and no file is misread as a system it is not.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lintFile } from '../../server/src/engine/runner.js';
import { sharedDir, sharedMissing } from '../support/shared-data.js';

const root = sharedDir('real', 'daemonless-ci');
const skip = existsSync(root) ? false : sharedMissing('real');
const QUIET = ['ci-dind-service', 'ci-dind-no-tls', 'ci-docker-socket', 'ci-privileged', 'k8s-privileged', 'k8s-docker-socket'];

const files = skip === false ? readdirSync(root).filter((f) => /\.ya?ml$/i.test(f)).sort() : [];

test('daemonless pipelines: the folder holds files', { skip }, () => assert.ok(files.length > 0));

for (const name of files) {
  test(`daemonless pipelines: ${name} has no DinD, socket or privileged finding`, () => {
    const text = readFileSync(join(root, name), 'utf8');
    const result = lintFile({ path: name, text });
    // The files are GitHub workflows and GitLab pipelines, named by their content or .gitlab-ci.yml suffix.
    assert.ok(['github-actions', 'gitlab-ci'].includes(result.kind), `${name} read as ${result.kind}`);
    const noisy = result.findings.filter((f) => QUIET.includes(f.ruleId) || f.ruleId === 'internal-error');
    assert.deepEqual(noisy.map((f) => `${f.ruleId}: ${f.message}`), []);
  });
}
