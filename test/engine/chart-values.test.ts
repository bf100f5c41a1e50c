// Helm chart templates: plain values from the chart's values.yaml (LintOptions.chartValues) fill
// templated image names for the image rules, ranges stay on the template text, anything else stays
// as written, and no fix edits a filled value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintFile, type LintResult } from '../../server/src/engine/index.js';
import { defineRule } from '../../server/src/engine/rule.js';

// The shape of a public chart's deployment template (bitnami/stable style), written for this test.
const DEPLOYMENT = (builderImage: string, kanikoImage = '{{ .Values.kaniko.image }}') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "builder.fullname" . }}
  labels:
    {{- include "builder.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: builder
          image: ${builderImage}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
        - name: kaniko
          image: ${kanikoImage}
`;

const VALUES = `replicaCount: 1
image:
  repository: docker
  tag: 24-dind
  pullPolicy: IfNotPresent
  digest: {}
kaniko:
  image: gcr.io/kaniko-project/executor:latest
  version: 1.23
`;

const lint = (text: string, chartValues?: string): LintResult => lintFile({ path: 'charts/builder/templates/deployment.yaml', text }, chartValues === undefined ? {} : { chartValues });
const about = (r: LintResult, text: string, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId).map((f) => text.slice(f.start, f.end));

// [name, builder image as written, values.yaml, whether the DinD image is seen, kaniko image as written, whether the unpinned executor is seen]
const CASES: [string, string, string | undefined, boolean, string, boolean][] = [
  ['repository and tag, quoted', '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"', VALUES, true, '{{ .Values.kaniko.image }}', true],
  ['plain scalar, trim markers', '{{- .Values.image.repository -}}:{{ .Values.image.tag }}', VALUES, true, '"{{ .Values.kaniko.image }}"', true],
  ['a number fills as written', 'docker:{{ .Values.kaniko.version }}-dind', VALUES, true, 'gcr.io/kaniko-project/executor:{{ .Values.kaniko.version }}', false],
  ['without values.yaml nothing is filled', '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"', undefined, false, '{{ .Values.kaniko.image }}', false],
  ['a missing value leaves the template', '"{{ .Values.image.repository }}:{{ .Values.image.missing }}"', VALUES, false, '{{ .Values.kaniko.nope }}', false],
  ['a mapping is not a plain value', '"{{ .Values.image.repository }}@{{ .Values.image.digest }}"', VALUES, false, '{{ .Values.kaniko }}', false],
  ['a pipeline is not a bare reference', '"{{ .Values.image.repository }}:{{ .Values.image.tag | default "24-dind" }}"', VALUES, false, '{{ .Values.kaniko.image | quote }}', false],
  ['values.yaml that is not a mapping fills nothing', '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"', '- docker\n', false, '{{ .Values.kaniko.image }}', false],
  ['values.yaml with a syntax error fills nothing', '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"', 'image: [docker\n', false, '{{ .Values.kaniko.image }}', false],
];

describe('chart values fill templated image names', () => {
  for (const [name, builder, values, dind, kaniko, unpinned] of CASES) {
    test(name, () => {
      const text = DEPLOYMENT(builder, kaniko);
      const result = lint(text, values);
      assert.equal(result.kind, 'k8s');
      assert.deepEqual(about(result, text, 'ci-dind-service'), dind ? [builder] : [], 'the DinD image, at the template text');
      assert.deepEqual(about(result, text, 'kaniko-executor-unpinned'), unpinned ? [kaniko] : [], 'the unpinned executor, at the template text');
      assert.deepEqual(about(result, text, 'internal-error'), []);
    });
  }

  test('only image names are filled', () => {
    const text = DEPLOYMENT('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"').replace('      containers:', '      hostNetwork: {{ .Values.hostNetwork }}\n      containers:');
    const result = lint(text, `${VALUES}hostNetwork: true\n`);
    assert.deepEqual(about(result, text, 'k8s-host-namespaces'), []);
    assert.equal(about(result, text, 'ci-dind-service').length, 1);
  });

  test('no fix edits a filled value; findings elsewhere keep theirs', () => {
    const text = DEPLOYMENT('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"');
    const result = lint(text, VALUES);
    for (const f of result.findings) {
      const outcome = f.fix?.();
      if (outcome?.type !== 'fix') continue;
      const filled = [text.indexOf('"{{ .Values.image.repository'), text.indexOf('{{ .Values.kaniko.image }}')];
      for (const e of outcome.edits) for (const at of filled) assert.ok(e.end <= at || e.start >= at + 20, `${f.ruleId} edits a filled value`);
    }
  });

  test('a fix that would edit a filled value refuses; one beside it applies', () => {
    const text = DEPLOYMENT('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"');
    const at = text.indexOf('"{{ .Values.image.repository');
    const editor = defineRule({
      id: 'test-image-editor',
      targets: ['k8s'],
      severity: 'warning',
      docs: { description: 'test' },
      messages: { m: 'm' },
      check(ctx) {
        // Reads the parse so that the values are filled, as every image rule does.
        assert.ok(ctx.file.yaml.documents.length > 0);
        const fix = (start: number, end: number) => () => ({ type: 'fix' as const, title: 'edit', kind: 'quickfix' as const, edits: [{ start, end, text: 'x' }] });
        ctx.report({ messageId: 'm', start: at, end: at + 5, fix: fix(at + 1, at + 3) });
        ctx.report({ messageId: 'm', start: 0, end: 10, fix: fix(0, 10) });
      },
    });
    const findings = lintFile({ path: 'charts/builder/templates/deployment.yaml', text }, { chartValues: VALUES }, [editor]).findings;
    const outcomes = findings.map((f) => f.fix?.());
    assert.deepEqual(outcomes.map((o) => o?.type), ['fix', 'refusal']);
    const refusal = outcomes[1];
    assert.ok(refusal?.type === 'refusal' && /values\.yaml/.test(refusal.reason));
    const plain = lintFile({ path: 'charts/builder/templates/deployment.yaml', text }, {}, [editor]).findings.map((f) => f.fix?.().type);
    assert.deepEqual(plain, ['fix', 'fix'], 'without values nothing is filled, nothing refused');
  });

  test("an alias bomb in values.yaml stays small", () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n';
    const text = DEPLOYMENT('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"');
    assert.deepEqual(about(lint(text, bomb), text, 'ci-dind-service'), []);
  });
});
