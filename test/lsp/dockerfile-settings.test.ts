// The Dockerfile settings through the protocol: daemonless.trustedRegistries over the folder's
// .daemonless.json (which also sets dockerfile.target), applied to an open Dockerfile.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileUri, serverForSuite, TestClient } from './lsp-client.js';

const root = mkdtempSync(join(tmpdir(), 'daemonless-lsp-dfsettings-'));
writeFileSync(
  join(root, '.daemonless.json'),
  JSON.stringify({ rules: { 'df-untrusted-registry': 'error' }, trustedRegistries: ['quay.io'], dockerfile: { target: 'runtime' } }),
);
const DOCKERFILE = 'FROM quay.io/acme/build:1 AS runtime\nUSER root\nFROM corp.io/base/static:1 AS debug\nUSER 1000\n';
const uri = fileUri(join(root, 'Dockerfile'));

describe('Dockerfile settings in the editor', () => {
  let client!: TestClient;
  serverForSuite((c) => (client = c), { folders: [root], config: { daemonless: { trustedRegistries: ['corp.io'] } } }, root);

  test("the user's trusted registries replace the file's; the file's target is the stage that ships", async () => {
    client.open(uri, 'dockerfile', DOCKERFILE);
    const published = await client.waitForPublish(uri, { version: 1 });
    const lines = (code: string) => published.diagnostics.filter((d) => d.code === code).map((d) => d.range.start.line);
    assert.deepEqual(lines('df-untrusted-registry'), [0], 'quay.io is not trusted by the user setting');
    assert.deepEqual(lines('df-user-root'), [1], 'the target stage (runtime) runs as root, the last stage does not');
  });

  test('without the user setting, the file\'s list applies', async () => {
    const mark = client.published.length;
    await client.setConfig({ daemonless: {} });
    const published = await client.waitForPublish(uri, { after: mark });
    assert.deepEqual(published.diagnostics.filter((d) => d.code === 'df-untrusted-registry').map((d) => d.range.start.line), [2]);
  });
});
