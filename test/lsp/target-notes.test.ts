// The editor tells, on the `dockerfile.target` value of .daemonless.json, which Dockerfiles of several
// stages have no stage of that name, and keeps it current as Dockerfiles change.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileUri, rangeText, serverForSuite, TestClient } from './lsp-client.js';

const root = mkdtempSync(join(tmpdir(), 'daemonless-lsp-target-'));
function write(rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}
const CONFIG = '{\n  "dockerfile": { "target": "runtime" }\n}\n';
write('.daemonless.json', CONFIG);
write('ok/Dockerfile', 'FROM alpine:3.20 AS build\nFROM alpine:3.20 AS runtime\nUSER 1000\n');
write('single/Dockerfile', 'FROM alpine:3.20\nUSER 1000\n');
write('other/Dockerfile', 'FROM alpine:3.20 AS build\nFROM alpine:3.20 AS release\nUSER 1000\n');
const configUri = fileUri(join(root, '.daemonless.json'));

describe('dockerfile.target that names no stage', () => {
  let client!: TestClient;
  serverForSuite((c) => (client = c), { folders: [root] }, root);

  test('information on the key names the multi-stage Dockerfile without that stage', async () => {
    const published = await client.waitForPublish(configUri, { where: (d) => d.length > 0 });
    assert.deepEqual(
      published.diagnostics.map((d) => [d.severity, rangeText(d.range), d.message]),
      [[3, '1:28-1:37', "dockerfile.target 'runtime' names no stage of other/Dockerfile; the last stage of it is judged as the one that ships"]],
    );
    assert.equal(CONFIG.split('\n')[1].slice(28, 37), '"runtime"');
  });

  test('the note goes once the Dockerfile has the stage', async () => {
    const mark = client.published.length;
    write('other/Dockerfile', 'FROM alpine:3.20 AS build\nFROM alpine:3.20 AS Runtime\nUSER 1000\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(root, 'other/Dockerfile')), type: 2 }] });
    await client.waitForPublish(configUri, { after: mark, where: (d) => d.length === 0 });
  });
});
