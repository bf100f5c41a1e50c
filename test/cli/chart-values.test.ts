// The CLI hands a chart template the values.yaml of its chart (Chart.yaml beside templates/), so a
// DinD image named through values is reported at the template's image line; without Chart.yaml the
// folder is no chart and nothing is filled.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, scratch } from './helpers.js';

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "builder.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: builder
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`;
const CHART = 'apiVersion: v2\nname: builder\nversion: 0.1.0\n';
const VALUES = 'image:\n  repository: docker\n  tag: 24-dind\n';

function dindLines(dir: string): string[] {
  const run = runCli(['lint', '--format', 'json', '--fail-on', 'never', '.'], dir);
  assert.equal(run.code, 0, run.stderr);
  const { findings } = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string; range: { start: { line: number } } }[] };
  return findings.filter((f) => f.ruleId === 'ci-dind-service').map((f) => `${f.file}:${f.range.start.line + 1}`);
}

test("a chart template's image filled from the chart's values.yaml is checked; outside a chart it is not", () => {
  const chart = scratch({ 'builder/Chart.yaml': CHART, 'builder/values.yaml': VALUES, 'builder/templates/deployment.yaml': TEMPLATE });
  const noChart = scratch({ 'builder/values.yaml': VALUES, 'builder/templates/deployment.yaml': TEMPLATE });
  try {
    assert.deepEqual(dindLines(chart), ['builder/templates/deployment.yaml:10']);
    assert.deepEqual(dindLines(join(chart, 'builder')), ['templates/deployment.yaml:10'], 'from inside the chart too');
    assert.deepEqual(dindLines(noChart), []);
  } finally {
    rmSync(chart, { recursive: true, force: true });
    rmSync(noChart, { recursive: true, force: true });
  }
});
