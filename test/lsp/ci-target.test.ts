// The language server takes the stage a Dockerfile ships from the workspace's CI files: the scan reads
// them before it judges Dockerfiles, a change to a CI file (on disk, or an edit of the open file)
// re-lints the Dockerfiles whose builds changed, and the Dockerfile says, as information on the
// stage's name, which CI file and line built it with that target. The non-last stage `runtime` runs
// as root, the last one does not: df-user-root shows exactly when `runtime` is judged.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fileUri, rangeText, serverForSuite, TestClient } from './lsp-client.js';

const root = mkdtempSync(join(tmpdir(), 'daemonless-lsp-ci-target-'));
function write(rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}
const DOCKERFILE = 'FROM alpine:3.20 AS runtime\nUSER root\nFROM runtime AS tests\nUSER 10001\n';
const gitlab = (target: string) => `build:\n  image: docker:27\n  script:\n    - docker build --target ${target} app\n`;
write('app/Dockerfile', DOCKERFILE);
write('.gitlab-ci.yml', gitlab('runtime'));
const dockerfileUri = fileUri(join(root, 'app/Dockerfile'));
const ciUri = fileUri(join(root, '.gitlab-ci.yml'));

/** df-user-root findings and notes (diagnostics without a code) as `range code-or-message`. */
function shown(diagnostics: Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.code === 'df-user-root' || d.code === undefined).map((d) => `${rangeText(d.range)} ${d.code ?? d.message}`);
}

const RUNTIME = [
  '1:5-1:9 df-user-root',
  "0:20-0:27 stage 'runtime' is judged as the one that ships (built with --target by .gitlab-ci.yml line 4)",
];

describe('the stage a CI file builds, in the editor', () => {
  let client!: TestClient;
  serverForSuite((c) => (client = c), { folders: [root] }, root);

  test('the scan judges the stage the CI file builds, and says where it came from', async () => {
    const published = await client.waitForPublish(dockerfileUri, { where: (d) => d.length > 0 });
    assert.deepEqual(shown(published.diagnostics), RUNTIME);
    const note = published.diagnostics.find((d) => d.code === undefined)!;
    assert.equal(note.severity, 3);
    assert.deepEqual(note.relatedInformation?.map((r) => [r.location.uri, rangeText(r.location.range), r.message]), [[ciUri, '3:28-3:35', "builds stage 'runtime'"]]);
  });

  test('a change of the CI file on disk re-lints the Dockerfile', async () => {
    const mark = client.published.length;
    write('.gitlab-ci.yml', gitlab('tests'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ciUri, type: 2 }] });
    const published = await client.waitForPublish(dockerfileUri, { after: mark });
    assert.deepEqual(shown(published.diagnostics), []);
  });

  test('an edit of the open CI file re-lints the Dockerfile; two targets are ambiguous', async () => {
    client.open(ciUri, 'yaml', gitlab('tests'));
    let mark = client.published.length;
    client.change(ciUri, 2, [{ text: gitlab('runtime') }]);
    let published = await client.waitForPublish(dockerfileUri, { after: mark });
    assert.deepEqual(shown(published.diagnostics), RUNTIME);
    mark = client.published.length;
    client.change(ciUri, 3, [{ text: `${gitlab('runtime')}    - docker build --target tests app\n` }]);
    published = await client.waitForPublish(dockerfileUri, { after: mark });
    assert.deepEqual(shown(published.diagnostics), [
      '2:16-2:21 The CI files build it as different stages (--target runtime at .gitlab-ci.yml line 4, --target tests at .gitlab-ci.yml line 5); its last stage is judged as the one that ships',
    ]);
  });

  test('closing the CI file goes back to its disk content', async () => {
    const mark = client.published.length;
    client.close(ciUri);
    const published = await client.waitForPublish(dockerfileUri, { after: mark });
    assert.deepEqual(shown(published.diagnostics), []);
  });

  test('dockerfile.target in .daemonless.json wins over the CI target', async () => {
    let mark = client.published.length;
    write('.gitlab-ci.yml', gitlab('runtime'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ciUri, type: 2 }] });
    let published = await client.waitForPublish(dockerfileUri, { after: mark });
    assert.deepEqual(shown(published.diagnostics), RUNTIME);
    mark = client.published.length;
    write('.daemonless.json', JSON.stringify({ dockerfile: { target: 'tests' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(root, '.daemonless.json')), type: 1 }] });
    published = await client.waitForPublish(dockerfileUri, { after: mark });
    assert.deepEqual(shown(published.diagnostics), []);
  });

  test('deleting the CI file re-lints the Dockerfile', async () => {
    rmSync(join(root, '.daemonless.json'));
    let mark = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(root, '.daemonless.json')), type: 3 }] });
    let published = await client.waitForPublish(dockerfileUri, { after: mark, where: (d) => d.length > 0 });
    assert.deepEqual(shown(published.diagnostics), RUNTIME);
    mark = client.published.length;
    rmSync(join(root, '.gitlab-ci.yml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ciUri, type: 3 }] });
    published = await client.waitForPublish(dockerfileUri, { after: mark });
    assert.deepEqual(shown(published.diagnostics), []);
  });
});
