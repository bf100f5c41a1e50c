import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { findRule } from '../../server/src/engine/registry.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { applyChecked, assertParses, checkOutcome, loadCases, runRewrite } from './golden.js';
import { validateKubernetes } from './system-parsers.js';

const PATH = 'build.yaml';
const RULES = ['ci-dind-service', 'k8s-privileged', 'k8s-docker-socket'];

/** Rule ids firing in one YAML document of the file. */
function firing(text: string, document: number): string[] {
  const rules = RULES.map((id) => findRule(id)).filter((r) => r !== undefined);
  const file = new ParsedFile({ path: PATH, text }, 'k8s');
  const doc = file.yaml.documents[document];
  const [start, , end] = doc.range;
  return lintFile(file, {}, rules).findings.filter((f) => f.start >= start && f.end <= end).map((f) => f.ruleId);
}

function documentSlices(text: string): string[] {
  const file = new ParsedFile({ path: PATH, text }, 'k8s');
  return file.yaml.documents.map((d) => text.slice(d.range[0], d.range[2]));
}

for (const c of loadCases(join(__dirname, 'kaniko-k8s'))) {
  const document = c.target.system === 'k8s' ? c.target.document : 0;
  const input = { ...c, inputName: PATH };
  test(`kaniko-k8s/${c.name}: ${c.refused ? 'refused' : 'rewritten'}`, () => {
    assert.notDeepEqual(firing(c.input, document), [], 'a daemon rule fires on the input document');
    const checked = checkOutcome(input, 'k8s');
    if (!checked) return;
    const { output } = checked;
    assertParses(output, c.name);
    assert.ok(validateKubernetes(output) > 0, 'kubernetes-models validated the rewritten objects');
    assert.deepEqual(firing(output, document), [], 'no daemon rule fires on the rewritten document');
    // Other documents are byte-identical.
    const before = documentSlices(c.input);
    const after = documentSlices(output);
    assert.equal(after.length, before.length);
    before.forEach((d, i) => { if (i !== document) assert.equal(after[i], d, `document ${i + 1} changed`); });
    const rewritten = after[document];
    assert.doesNotMatch(rewritten, /privileged|docker\.sock|-dind/);
    assert.match(rewritten, /--context=dir:\/\//);
    assert.equal(runRewrite({ ...input, input: output }, 'k8s').type, 'refusal', 'a second rewrite is refused');
  });
}

test('a pushing pod mounts the registry secret read-only at /kaniko/.docker; a build-only one mounts none', () => {
  const cases = loadCases(join(__dirname, 'kaniko-k8s'));
  const push = cases.find((c) => c.name === 'pod-dind-sidecar')!.expected!;
  assert.match(push, /mountPath: \/kaniko\/\.docker\n\s+readOnly: true/);
  assert.match(push, /- key: \.dockerconfigjson\n\s+path: config\.json/);
  assert.match(push, /restartPolicy: Never/);
  const buildOnly = cases.find((c) => c.name === 'job-socket-hostpath')!.expected!;
  assert.doesNotMatch(buildOnly, /kaniko\/\.docker/);
  assert.match(buildOnly, /"--no-push"/);
});

test('the pod executor image is the non-debug form of the configured image', () => {
  const c = loadCases(join(__dirname, 'kaniko-k8s')).find((x) => x.name === 'job-socket-hostpath')!;
  const r = runRewrite({ ...c, inputName: PATH, options: { rewrite: { image: 'registry.example.com/kaniko:v1.24.0-debug' } } }, 'k8s');
  assert.equal(r.type, 'fix');
  if (r.type === 'fix') assert.match(applyChecked(c.input, r.edits), /image: registry\.example\.com\/kaniko:v1\.24\.0\n/);
});
