// Helm chart templates (and other Go-templated YAML) are linted with their template actions masked:
// placeholders of the same length in values, blank lines for control actions, exact ranges, and an
// information finding for each line that cannot be masked safely. The charts here follow the
// structure `helm create` and public charts use, written for these tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintDocuments, lintFile, type Finding } from '../../server/src/engine/index.js';
import { maskTemplates } from '../../server/src/engine/parse/template-mask.js';
import { parseYaml } from '../../server/src/engine/parse/yaml.js';

const DEPLOYMENT = `{{- if .Values.builder.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "builder.fullname" . }}
  labels:
    {{- include "builder.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "builder.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .Chart.Name }}-dind
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          securityContext:
            privileged: true
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          volumeMounts:
            - name: docker-sock
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker-sock
          hostPath:
            path: /var/run/docker.sock
{{- end }}
`;

const at = (text: string, f: Finding) => text.slice(f.start, f.end);
const rows = (text: string, findings: Finding[]) => findings.map((f) => `${f.ruleId} ${JSON.stringify(at(text, f))}`);

test('masking keeps every offset and line break, and only touches template actions', () => {
  const { text, skipped } = maskTemplates(DEPLOYMENT);
  assert.equal(text.length, DEPLOYMENT.length);
  assert.deepEqual([...text.matchAll(/\n/g)].map((m) => m.index), [...DEPLOYMENT.matchAll(/\n/g)].map((m) => m.index));
  assert.deepEqual(skipped, []);
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== DEPLOYMENT[i]) assert.ok(/[_ ]/.test(text[i]), `offset ${i}: ${JSON.stringify(text[i])}`);
  }
  assert.ok(!text.includes('{{'));
  assert.match(text, /^ {2}name: _+$/m);
  assert.match(text, /^ {10}image: "_+:_+"$/m);
  // Control-only lines are blank.
  assert.equal(text.split('\n')[0].trim(), '');
  assert.deepEqual(parseYaml(text).errors, []);
});

test('a privileged DinD Deployment with a socket mount inside a chart template is reported at exact ranges', () => {
  const findings = lintFile({ path: 'charts/builder/templates/deployment.yaml', text: DEPLOYMENT }).findings;
  const found = rows(DEPLOYMENT, findings);
  assert.ok(found.includes('k8s-privileged "true"'), found.join('\n'));
  assert.ok(found.includes('k8s-docker-socket "/var/run/docker.sock"'), found.join('\n'));
  assert.ok(!found.some((r) => r.startsWith('parse-error') || r.startsWith('internal-error')), found.join('\n'));
  // Messages name what the author wrote, not the placeholders.
  const privileged = findings.find((f) => f.ruleId === 'k8s-privileged')!;
  assert.match(privileged.message, /"\{\{ \.Chart\.Name \}\}-dind" of Deployment "\{\{ include "builder\.fullname" \. \}\}"/);
  // The server's path gives the same findings.
  const split = lintDocuments({ path: 'charts/builder/templates/deployment.yaml', text: DEPLOYMENT, kind: 'k8s' });
  assert.deepEqual(split.findings.map((f) => f.finding.message), findings.map((f) => f.message));
  // No fix edits YAML seen through placeholders.
  const outcome = privileged.fix?.();
  assert.ok(outcome === undefined || outcome.type === 'refusal');
});

test('lines that cannot be masked are left out with an information finding naming the line', () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: {{ .Release.Name }}',
    'spec:',
    '  {{- if .Values.hostNetwork }}hostNetwork: true{{- end }}',
    '  containers:',
    '    - name: dind',
    '      image: docker:dind',
    '      args: {{ list "--a" (dict',
    '        "b" 1) | toJson }}',
    '      securityContext:',
    '        privileged: true',
    '      command: [{{ .Values.cmd',
    '',
  ].join('\n');
  const findings = lintFile({ path: 'templates/pod.yaml', text }).findings;
  const skipped = findings.filter((f) => f.ruleId === 'file-skipped');
  assert.deepEqual(skipped.map((f) => [f.messageId, f.severity, f.message]), [
    ['template', 'info', 'Template line not analysed: line 6: it mixes YAML with template control actions.'],
    ['template', 'info', 'Template line not analysed: line 10: a template action spans lines that hold YAML.'],
    ['template', 'info', 'Template line not analysed: line 14: a template action is not closed.'],
  ]);
  assert.deepEqual(skipped.map((f) => at(text, f)), [
    '  {{- if .Values.hostNetwork }}hostNetwork: true{{- end }}',
    '      args: {{ list "--a" (dict',
    '      command: [{{ .Values.cmd',
  ]);
  const found = rows(text, findings);
  assert.ok(found.includes('k8s-privileged "true"'), found.join('\n'));
  assert.ok(!found.some((r) => r.startsWith('k8s-host-namespaces')), 'a skipped line reports nothing');
});

test('StatefulSet and Job chart shapes: range loops, define blocks, comments, key placeholders', () => {
  const text = `{{/* A build runner per queue */}}
{{- range $name, $queue := .Values.queues }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ $name }}-build
  # owner: {{ $.Values.owner }}
spec:
  template:
    spec:
      {{- if $queue.hostPID }}
      hostPID: true
      {{- end }}
      containers:
        - name: build
          image: {{ $queue.image | quote }}
          env:
            - name: {{ $queue.envName }}
              value: "{{ $queue.envValue }}"
          securityContext:
            privileged: {{ $queue.privileged }}
{{- end }}
`;
  const findings = lintFile({ path: 'charts/runner/templates/jobs.yaml', text }).findings;
  const found = rows(text, findings);
  // The conditional hostPID line is YAML on its own line: checked as if the condition held.
  assert.ok(found.includes('k8s-host-namespaces "hostPID"') || found.some((r) => r.startsWith('k8s-host-namespaces')), found.join('\n'));
  // `privileged: {{ … }}` is not known to be true.
  assert.ok(!found.some((r) => r.startsWith('k8s-privileged')), found.join('\n'));
  assert.ok(!found.some((r) => /^(parse-error|internal-error|file-skipped)/.test(r)), found.join('\n'));
});

test('GitHub Actions expressions are not template actions; other templated YAML is masked only when it does not parse', () => {
  const workflow = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    container:\n      image: ${{ matrix.image }}\n      options: --privileged\n    steps:\n      - run: echo hi\n';
  const gha = lintFile({ path: '.github/workflows/ci.yml', text: workflow }).findings;
  assert.ok(!gha.some((f) => f.ruleId === 'file-skipped' || f.ruleId === 'parse-error'));
  // Valid YAML with `{{ }}` in strings keeps its values as written.
  const valid = 'build:\n  image: docker:24\n  script:\n    - echo "{{ not a template }}"\n    - docker run --privileged alpine\n';
  assert.equal(parseYaml(valid, { templates: 'onError' }).templateSkipped, undefined);
  const gitlab = 'build:\n  image: {{ .image }}\n  script:\n    - docker run --privileged alpine\n{{- if .extra }}\nextra:\n  script: [ls]\n{{- end }}\n';
  const parsed = parseYaml(gitlab, { templates: 'onError' });
  assert.deepEqual(parsed.errors, []);
  assert.ok(lintFile({ path: '.gitlab-ci.yml', text: gitlab }).findings.some((f) => f.ruleId === 'ci-privileged'));
});

test('masking is linear: thousands of actions and unclosed braces cost one pass', () => {
  const many = 'a: {{ x }}\n'.repeat(50_000);
  const unclosed = 'a: {{ x\n'.repeat(50_000);
  for (const text of [many, unclosed, '{{'.repeat(100_000)]) {
    const started = performance.now();
    const masked = maskTemplates(text);
    assert.equal(masked.text.length, text.length);
    assert.ok(performance.now() - started < 5_000);
  }
  assert.equal(maskTemplates(unclosed).skipped.length, 50_000);
  assert.equal(maskTemplates(unclosed).skipped[49_999].line, 49_999);
});

test('Kubernetes YAML whose actions all sit inside scalars is parsed as it is, and keeps its fixes', () => {
  const argo = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{workflow.name}}"\nspec:\n  containers:\n    - name: app-{{inputs.parameters.n}}\n      image: docker:dind\n      securityContext:\n        privileged: true\n';
  const parsed = parseYaml(argo, { templates: 'always' });
  assert.equal(parsed.templateSkipped, undefined);
  assert.ok(parsed.documents.every((d) => d.errors.length === 0));
  assert.ok(lintFile({ path: 'deploy/pod.yaml', text: argo }).findings.some((f) => f.ruleId === 'k8s-privileged'));
  // One action in a structural place is enough to mask the file.
  assert.ok(parseYaml(argo.replace('image: docker:dind', 'image: {{ .image }}'), { templates: 'always' }).templateSkipped);
});
