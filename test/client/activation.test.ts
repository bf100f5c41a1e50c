// The extension activates in every workspace holding a kind daemonless recognises (package.json
// activationEvents, matched as VS Code matches workspaceContains globs), and the client's quick
// bail-out (client/src/recognise.ts) tells real manifests from other YAML cheaply.
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { minimatch } from 'minimatch';
import { isKnownByName, looksLikeManifest, SNIFF_BYTES, MAX_SNIFFED } from '../../client/src/recognise.js';
import { classify } from '../../server/src/engine/classify.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';

const repoRoot = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const events: string[] = pkg.activationEvents;
const globs = events.filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));

const WORKSPACES: [string, string][] = [
  ['a Dockerfile', 'Dockerfile'],
  ['a nested Dockerfile', 'services/api/Dockerfile'],
  ['a named Dockerfile', 'build/web.Dockerfile'],
  ['a Dockerfile variant', 'Dockerfile.prod'],
  ['a Containerfile', 'Containerfile'],
  ['a named Containerfile', 'images/base.Containerfile'],
  ['a root .gitlab-ci.yml', '.gitlab-ci.yml'],
  ['an included *.gitlab-ci.yml anywhere', 'ci/templates/build.gitlab-ci.yml'],
  ['a GitHub workflow', '.github/workflows/ci.yml'],
  ['a GitHub workflow (.yaml)', '.github/workflows/release.yaml'],
  ['a Jenkinsfile', 'Jenkinsfile'],
  ['a named Jenkinsfile', 'ci/release.Jenkinsfile'],
  ['a pipeline library step', 'vars/buildImage.groovy'],
  ['a GitLab Runner config', 'deploy/gitlab-runner/config.toml'],
  ['only Kubernetes manifests', 'deploy/pod.yaml'],
  ['only Kubernetes manifests (.yml)', 'k8s/base/deployment.yml'],
];

for (const [what, path] of WORKSPACES) {
  test(`activates in a workspace holding ${what} (${path})`, () => {
    const matching = globs.filter((g) => minimatch(path, g, { dot: true }));
    assert.ok(matching.length > 0, `no workspaceContains glob matches ${path}: ${globs.join(', ')}`);
  });
}

test('activates when a Dockerfile or YAML document is opened', () => {
  assert.ok(events.includes('onLanguage:dockerfile'));
  assert.ok(events.includes('onLanguage:yaml'));
});

test('the bail-out recognises names as the server does', () => {
  for (const [, path] of WORKSPACES.filter(([what]) => !what.includes('Kubernetes'))) {
    assert.ok(isKnownByName(path), path);
    assert.notEqual(classify(path, ''), 'unknown', `the server recognises ${path} too`);
  }
  for (const path of ['deploy/pod.yaml', 'docs/Dockerfile.md', 'mkdocs.yml', '.github/dependabot.yml']) assert.ok(!isKnownByName(path), path);
});

test('the bail-out sniff: manifests yes, other YAML no', () => {
  assert.ok(looksLikeManifest('# a pod\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n'));
  assert.ok(looksLikeManifest('---\nkind: Deployment\napiVersion: apps/v1\n'));
  assert.ok(!looksLikeManifest('site_name: docs\nnav:\n  - index.md\n'));
  assert.ok(!looksLikeManifest('version: 2\nupdates:\n  - package-ecosystem: npm\n'));
  assert.ok(!looksLikeManifest('apiVersion: v1\n'), 'kind is needed too');
});

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out;
}

test('on the real corpus, the sniff finds the manifests the server finds, in a few milliseconds', { skip: sharedSkip('corpus') }, (t) => {
  const dir = sharedDir('corpus');
  const files = yamlFiles(dir).slice(0, MAX_SNIFFED);
  const buf = Buffer.alloc(SNIFF_BYTES);
  const started = process.hrtime.bigint();
  let sniffed = 0;
  for (const file of files) {
    const fd = openSync(file, 'r');
    const n = readSync(fd, buf, 0, SNIFF_BYTES, 0);
    closeSync(fd);
    if (looksLikeManifest(buf.subarray(0, n).toString('utf8'))) sniffed++;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let missed = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (classify(relative(dir, file), text) === 'k8s' && !looksLikeManifest(text.slice(0, SNIFF_BYTES))) missed++;
  }
  t.diagnostic(`${files.length} YAML files, ${sniffed} look like manifests, ${missed} manifests missed by the sniff; ${ms.toFixed(1)} ms`);
  assert.ok(files.length > 0);
  assert.ok(sniffed > 0, 'the sniff recognises real manifests');
  // Stopping at the first manifest is what the extension does; the whole scan bounds its cost.
  assert.ok(ms < 2000, `sniffing ${files.length} files took ${ms.toFixed(0)} ms`);
});
