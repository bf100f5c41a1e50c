// The server speaks over Node IPC (how the VS Code client starts it) as well as stdio.
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { after, test } from 'node:test';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { serverPath } from './lsp-client.js';

let child: ChildProcess | undefined;
after(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

test('initialize, diagnostics and shutdown over --node-ipc', async () => {
  child = fork(serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const published = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for diagnostics over IPC')), 15_000);
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      clearTimeout(timer);
      resolve(p);
    });
  });
  connection.listen();
  const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
    capabilities: { textDocumentSync: { change: number }; codeActionProvider: unknown };
  };
  assert.equal(init.capabilities.textDocumentSync.change, 2);
  assert.ok(init.capabilities.codeActionProvider);
  await connection.sendNotification('initialized', {});
  const uri = 'file:///nowhere/.gitlab-ci.yml';
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text: 'build:\n  script: [echo\n' },
  });
  const p = await published;
  assert.equal(p.uri, uri);
  assert.deepEqual(p.diagnostics.map((d) => d.code), ['parse-error']);
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  assert.equal(await exited, 0);
  connection.dispose();
});
