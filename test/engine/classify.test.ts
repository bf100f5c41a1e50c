import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '../../server/src/engine/classify.js';

const cases: [string, string | undefined, string][] = [
  ['Dockerfile', undefined, 'dockerfile'],
  ['app/Containerfile', undefined, 'dockerfile'],
  ['build/api.Dockerfile', undefined, 'dockerfile'],
  ['Dockerfile.prod', undefined, 'dockerfile'],
  ['Dockerfile.md', undefined, 'unknown'],
  ['Dockerfile.dockerignore', undefined, 'unknown'],
  ['.gitlab-ci.yml', '', 'gitlab-ci'],
  ['ci/build.gitlab-ci.yml', '', 'gitlab-ci'],
  ['.gitlab/ci/docker.yml', '', 'gitlab-ci'],
  ['.github/workflows/ci.yaml', '', 'github-actions'],
  ['repo/.github/workflows/release.yml', '', 'github-actions'],
  ['deploy/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n', 'k8s'],
  ['deploy/multi.yaml', '# x\n---\napiVersion: apps/v1\nkind: Deployment\n', 'k8s'],
  ['wf.yml', 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n', 'github-actions'],
  ['values.yaml', 'replicaCount: 1\nimage:\n  tag: x\n', 'unknown'],
  ['README.md', 'apiVersion: v1\nkind: Pod\n', 'unknown'],
  ['package.json', '{}', 'unknown'],
  ['package.json', '{"name": "x", "kind": "module"}', 'unknown'],
  ['deploy/pod.json', '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "x"}\n}\n', 'k8s'],
  ['deploy/LIST.JSON', '{"kind": "List", "apiVersion": "v1", "items": []}', 'k8s'],
  ['deploy/array.json', '[{"apiVersion": "v1", "kind": "Pod"}]', 'unknown'],
  ['tsconfig.json', '{"compilerOptions": {}}', 'unknown'],
];

for (const [path, text, kind] of cases) {
  test(`classify ${path} → ${kind}`, () => assert.equal(classify(path, text), kind));
}
