// A minimal LSP client for protocol tests: spawns the bundled server (dist/server.js) over stdio,
// answers the requests a real editor answers (configuration, registrations), records every
// publishDiagnostics, and lets tests wait for a condition with a timeout (never a sleep).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before } from 'node:test';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type TextDocumentContentChangeEvent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const repoRoot = resolve(__dirname, '..', '..');
export const serverPath = resolve(repoRoot, 'dist', 'server.js');
const DEFAULT_TIMEOUT_MS = 15_000;

export interface ClientConfig {
  daemonless?: Record<string, unknown>;
  files?: Record<string, unknown>;
}

export interface StartOptions {
  folders?: string[];
  config?: ClientConfig;
  /** Settings for one workspace folder (by folder URI), answered when the server asks with that scopeUri. */
  folderConfig?: Record<string, ClientConfig>;
  /** Pass false to act as a client without dynamic registration or configuration pull. */
  rich?: boolean;
  /** Another server bundle than the repository's dist/server.js (e.g. the one an npm install put in place). */
  server?: string;
  /** Whether the (rich) client says it shows a diagnostic's related information; true unless set. */
  relatedInformation?: boolean;
  initializationOptions?: unknown;
  /** Whether the (rich) client applies LSP 3.18 snippet edits; false unless set. */
  snippetEditSupport?: boolean;
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

/** A range as `line:character-line:character`, to compare diagnostics as sorted strings. */
/**
 * A server for the tests of the calling suite: started before them (handed to `use`), stopped after
 * them, and then the `remove` folders (the suite's scratch workspace) are deleted.
 */
export function serverForSuite(use: (client: TestClient) => void, options: StartOptions = {}, ...remove: string[]): void {
  let client: TestClient | undefined;
  before(async () => {
    client = await TestClient.start(options);
    use(client);
  });
  after(async () => {
    await client?.stop();
    for (const folder of remove) rmSync(folder, { recursive: true, force: true });
  });
}

export function rangeText(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export class TestClient {
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly registrations: Registration[] = [];
  readonly configurationRequests: unknown[] = [];
  /** Every window/showMessage, in arrival order. */
  readonly messages: { type: number; message: string }[] = [];
  config: ClientConfig;
  folderConfig: Record<string, ClientConfig> = {};
  stderr = '';
  private readonly waiters = new Set<Waiter>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    config: ClientConfig,
  ) {
    this.config = config;
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const server = options.server ?? serverPath;
    if (!existsSync(server)) throw new Error(`${server} is missing: run \`node esbuild.mjs\` first`);
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection, options.config ?? {});
    client.folderConfig = options.folderConfig ?? {};
    child.stderr!.on('data', (chunk: Buffer) => (client.stderr += chunk.toString()));
    const rich = options.rich ?? true;
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.published.push(params);
      client.poke();
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      client.messages.push(params);
      client.poke();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.stderr += `${params.message}\n`;
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) => {
      client.configurationRequests.push(params);
      client.poke();
      return params.items.map((item) => {
        const config = (item.scopeUri !== undefined && client.folderConfig[item.scopeUri]) || client.config;
        return item.section ? (config as Record<string, unknown>)[item.section] ?? null : null;
      });
    });
    connection.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
      client.registrations.push(...params.registrations);
      client.poke();
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/workspaceFolders', () =>
      (options.folders ?? []).map((f) => ({ uri: fileUri(f), name: f })),
    );
    connection.listen();
    const folders = options.folders ?? [];
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders.length > 0 ? fileUri(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: fileUri(f), name: f })),
      initializationOptions: options.initializationOptions,
      capabilities: rich
        ? {
            workspace: {
              configuration: true,
              didChangeConfiguration: { dynamicRegistration: true },
              didChangeWatchedFiles: { dynamicRegistration: true },
              workspaceEdit: { documentChanges: true, snippetEditSupport: options.snippetEditSupport ?? false },
              workspaceFolders: true,
            },
            textDocument: {
              synchronization: { dynamicRegistration: false },
              publishDiagnostics: {
                versionSupport: true,
                codeDescriptionSupport: true,
                dataSupport: true,
                relatedInformation: options.relatedInformation ?? true,
              },
              codeAction: {
                disabledSupport: true,
                isPreferredSupport: true,
                dataSupport: true,
                codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite'] } },
              },
            },
          }
        : {},
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private poke(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Resolves when `check` returns a value other than undefined; re-checked on every server message. */
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolvePromise, reject) => {
      let value: T | undefined;
      const test = () => (value = check()) !== undefined;
      if (test()) {
        resolvePromise(value as T);
        return;
      }
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}\nserver stderr:\n${this.stderr.slice(-3000)}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check: test,
        resolve: () => {
          clearTimeout(timer);
          resolvePromise(value as T);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Publishes for a URI, in arrival order. */
  publishesFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  latest(uri: string): PublishDiagnosticsParams | undefined {
    const list = this.publishesFor(uri);
    return list[list.length - 1];
  }

  /** Waits for a publish for `uri` (optionally of `version`) that arrives after `after` publishes in total. */
  waitForPublish(
    uri: string,
    options: { version?: number; after?: number; where?: (d: Diagnostic[]) => boolean } = {},
  ): Promise<PublishDiagnosticsParams> {
    const after = options.after ?? 0;
    return this.waitFor(`diagnostics for ${uri}${options.version !== undefined ? ` v${options.version}` : ''}`, () =>
      this.published
        .slice(after)
        .filter((p) => p.uri === uri && (options.version === undefined || p.version === options.version))
        .filter((p) => !options.where || options.where(p.diagnostics))
        .pop(),
    );
  }

  open(uri: string, languageId: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async setConfig(config: ClientConfig): Promise<void> {
    this.config = config;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, only },
    }) as Promise<CodeAction[]>;
  }

  executeCommand(command: string, args: unknown[] | undefined): Promise<unknown> {
    return this.connection.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.process.once('exit', () => r()));
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), exited]);
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill('SIGKILL');
    }
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** Applies a workspace edit's changes for one document to its text (as an editor would). */
export function applyWorkspaceEdit(uri: string, version: number, text: string, edit: WorkspaceEdit): string {
  const doc = TextDocument.create(uri, 'plaintext', version, text);
  const edits = [
    ...(edit.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : [])),
    ...(edit.changes?.[uri] ?? []),
  ];
  return TextDocument.applyEdits(doc, edits as import('vscode-languageserver-protocol').TextEdit[]);
}
