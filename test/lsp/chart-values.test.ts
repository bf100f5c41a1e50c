// The language server hands an open chart template the values.yaml of its chart, as the CLI does.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileUri, TestClient } from './lsp-client.js';

test("an open chart template's image is filled from the chart's values.yaml", async () => {
  const root = mkdtempSync(join(tmpdir(), 'daemonless-lsp-chart-'));
  mkdirSync(join(root, 'templates'));
  writeFileSync(join(root, 'Chart.yaml'), 'apiVersion: v2\nname: builder\nversion: 0.1.0\n');
  writeFileSync(join(root, 'values.yaml'), 'image:\n  repository: docker\n  tag: 24-dind\n');
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: builder\n      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n';
  const client = await TestClient.start({ folders: [] });
  try {
    const uri = fileUri(join(root, 'templates', 'pod.yaml'));
    client.open(uri, 'yaml', text, 1);
    const published = await client.waitForPublish(uri, { version: 1 });
    const dind = published.diagnostics.filter((d) => d.code === 'ci-dind-service');
    assert.deepEqual(dind.map((d) => d.range.start), [{ line: 7, character: 13 }]);
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
