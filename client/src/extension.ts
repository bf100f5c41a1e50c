// The VS Code side: starts the language server over IPC and offers the workspace scan command.
// All analysis happens in the server.
import * as path from 'node:path';
import { commands, window, type ExtensionContext, type LogOutputChannel } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

const SCAN_WORKSPACE_REQUEST = 'daemonless/scanWorkspace';

interface ScanResult {
  files: number;
  findings: number;
}

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output: LogOutputChannel = window.createOutputChannel('daemonless', { log: true });
  context.subscriptions.push(output);
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const dockerfileNames = '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}';
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', pattern: dockerfileNames },
    ],
    outputChannel: output,
  };
  client = new LanguageClient('daemonless', 'daemonless', serverOptions, clientOptions);

  context.subscriptions.push(
    commands.registerCommand('daemonless.scanWorkspace', async () => {
      if (!client) return;
      try {
        const result = await client.sendRequest<ScanResult>(SCAN_WORKSPACE_REQUEST);
        const files = `${result.files} file${result.files === 1 ? '' : 's'}`;
        const findings = `${result.findings} finding${result.findings === 1 ? '' : 's'}`;
        void window.showInformationMessage(`daemonless: scanned ${files}, ${findings}.`);
      } catch (error) {
        output.error(`Workspace scan failed: ${error instanceof Error ? error.message : String(error)}`);
        void window.showErrorMessage('daemonless: workspace scan failed (see the daemonless output).');
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}
