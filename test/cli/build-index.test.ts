// BuildIndex, the adapters' record of which CI file builds which Dockerfile: paths resolved from the
// root and placed where a file exists, the Dockerfiles a change affects, agreement across CI files,
// the config's target first, and reading the lint's own parse gives the same builds as a parse of its own.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { lintDocuments } from '../../server/src/engine/index.js';
import { BuildIndex } from '../../server/src/workspace/build-targets.js';

const root = mkdtempSync(join(tmpdir(), 'daemonless-build-index-'));
function write(rel: string, text: string): string {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
  return join(root, rel);
}
const DOCKERFILE = 'FROM alpine:3.20 AS runtime\nFROM runtime AS tests\n';
const dockerfile = write('app/Dockerfile', DOCKERFILE);
const containerfile = write('pod/Containerfile', DOCKERFILE);
const gitlab = (...script: string[]) => `build:\n  image: docker:27\n  script:\n${script.map((s) => `    - ${s}\n`).join('')}`;

describe('BuildIndex', () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a change reports the Dockerfiles whose builds changed, and only those', () => {
    const index = new BuildIndex();
    const ci = join(root, '.gitlab-ci.yml');
    assert.deepEqual(index.set(ci, root, gitlab('docker build --target runtime app'), 'gitlab-ci'), [dockerfile]);
    assert.deepEqual(index.set(ci, root, gitlab('docker build --target runtime app'), 'gitlab-ci'), [], 'the same text');
    assert.deepEqual(index.set(ci, root, `# a comment\n${gitlab('docker build --target runtime app', 'podman build --target tests pod')}`, 'gitlab-ci'), [dockerfile, containerfile], 'a moved line changes the note');
    assert.deepEqual(index.set(ci, root, gitlab('podman build --target tests pod'), 'gitlab-ci').sort(), [dockerfile, containerfile].sort());
    assert.deepEqual(index.remove(root), [containerfile], 'a deleted folder takes its CI files');
    assert.deepEqual(index.buildsOf(containerfile), []);
  });

  test('Podman builds the Containerfile that exists', () => {
    const index = new BuildIndex();
    index.set(join(root, '.gitlab-ci.yml'), root, gitlab('podman build --target tests pod'), 'gitlab-ci');
    assert.equal(index.buildsOf(containerfile).length, 1);
  });

  test('agreement across CI files, and the config first', () => {
    const index = new BuildIndex();
    index.set(join(root, '.gitlab-ci.yml'), root, gitlab('docker build --target runtime app'), 'gitlab-ci');
    index.set(join(root, 'Jenkinsfile'), root, "pipeline { agent any\n  stages { stage('b') { steps { sh 'docker build --target runtime app' } } } }\n", 'jenkins');
    const applied = index.apply(dockerfile, DOCKERFILE, {});
    assert.equal(applied.options.dockerfileTarget, 'runtime');
    assert.equal(applied.target?.origin, 'built with --target by .gitlab-ci.yml line 4');
    assert.deepEqual(index.apply(dockerfile, DOCKERFILE, { dockerfileTarget: 'tests' }), { options: { dockerfileTarget: 'tests' } });
    index.set(join(root, 'Jenkinsfile'), root, "pipeline { agent any\n  stages { stage('b') { steps { sh 'docker build app' } } } }\n", 'jenkins');
    const ambiguous = index.apply(dockerfile, DOCKERFILE, {});
    assert.equal(ambiguous.options.dockerfileTarget, undefined);
    assert.match(ambiguous.ambiguous?.message ?? '', /^the CI files build it as different stages \(--target runtime at \.gitlab-ci\.yml line 4, the last stage at Jenkinsfile line 2\)/);
  });

  test("the lint's own parse gives the same builds", () => {
    // A DinD service: the file has findings, whose parsed file is read again.
    const text = `build:\n  image: docker:27\n  services: [docker:27-dind]\n  script:\n    - docker build --target runtime app\n`;
    const ci = join(root, '.gitlab-ci.yml');
    const lint = lintDocuments({ path: ci, text, kind: 'gitlab-ci' });
    assert.ok(lint.findings.some((f) => f.file), 'the lint holds its parse');
    const shared = new BuildIndex();
    const own = new BuildIndex();
    shared.set(ci, root, text, 'gitlab-ci', lint);
    own.set(ci, root, text, 'gitlab-ci');
    assert.deepEqual(shared.buildsOf(dockerfile), own.buildsOf(dockerfile));
    assert.equal(own.buildsOf(dockerfile).length, 1);
  });
});
