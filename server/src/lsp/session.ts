// The server's state and behaviour once initialized: settings, the per-version analysis of open
// documents, diagnostics publishing, code actions, watched files and the workspace scan. Loaded after
// the initialize response so that start-up does not wait for the rule packs.
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type Diagnostic,
  type InitializeParams,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import { Analyzer, type Analysis, type LintInput } from './analysis.js';
import { codeActions, type ClientSupport } from './code-actions.js';
import { toDiagnostics } from './diagnostics.js';
import { classificationPath, uriToPath } from './paths.js';
import { DEFAULT_SETTINGS, lintOptions, parseSettings, scanExcludes, type Settings } from './settings.js';
import { WorkspaceScanner, type ScanResult } from './workspace-scan.js';
import type { LintOptions } from '../engine/index.js';

/** One version of an open document, captured when its event arrived. */
export interface DocumentSnapshot {
  uri: string;
  languageId: string;
  version: number;
  text: string;
  /** The live document, whose line table is only valid while its version is `version`. */
  document?: { readonly version: number; positionAt(offset: number): { line: number; character: number } };
}

export const WATCHED_GLOBS = [
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/Containerfile',
  '**/Containerfile.*',
  '**/*.Containerfile',
  '**/*.yml',
  '**/*.yaml',
];

/** A client that never answers workspace/configuration must not keep diagnostics away. */
const SETTINGS_TIMEOUT_MS = 5000;

function describe(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

export class Session {
  private settings: Settings = DEFAULT_SETTINGS;
  private options: LintOptions = lintOptions(DEFAULT_SETTINGS);
  private readonly analyzer = new Analyzer();
  /** Latest analysis of each open document, by URI. */
  private readonly analyses = new Map<string, Analysis>();
  /** Latest snapshot of each open document, by URI. */
  private readonly open = new Map<string, DocumentSnapshot>();
  /** Open documents by file system path, so the scan can tell that a file is open. */
  private readonly openPaths = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly support: ClientSupport;
  private readonly pullConfiguration: boolean;
  private readonly dynamicConfiguration: boolean;
  private readonly dynamicWatchedFiles: boolean;
  private folders: string[];
  /** Documents are linted once settings are known, so a version is never published twice at start-up. */
  private settingsLoaded = false;
  private readonly scanner: WorkspaceScanner;

  constructor(
    private readonly connection: Connection,
    params: InitializeParams,
  ) {
    const caps = params.capabilities;
    this.support = {
      documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
      disabled: caps.textDocument?.codeAction?.disabledSupport === true,
    };
    this.pullConfiguration = caps.workspace?.configuration === true;
    this.dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    this.dynamicWatchedFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = folderUris.map(uriToPath).filter((p): p is string => p !== undefined);
    this.scanner = new WorkspaceScanner({
      folders: () => this.folders,
      excludes: () => scanExcludes(this.settings),
      options: () => this.options,
      openAnalysis: (path) => {
        const uri = this.openPaths.get(path);
        return uri === undefined ? undefined : this.analyses.get(uri);
      },
      lint: (input) => this.analyzer.analyze(input, this.options, false),
      publish: (uri, diagnostics) => this.publish(uri, undefined, diagnostics),
      log: (message) => this.log(message),
    });
  }

  async initialized(): Promise<void> {
    if (this.dynamicConfiguration) {
      await this.guard('register configuration', () =>
        this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'daemonless' }),
      );
    }
    if (this.dynamicWatchedFiles) {
      await this.guard('register file watchers', () =>
        this.connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
        }),
      );
    }
    await this.reloadSettings();
    this.settingsLoaded = true;
    for (const uri of this.open.keys()) this.lintOpen(uri);
    void this.scan();
  }

  didChangeContent(snapshot: DocumentSnapshot): void {
    const isNew = !this.open.has(snapshot.uri);
    this.open.set(snapshot.uri, snapshot);
    const path = uriToPath(snapshot.uri);
    if (isNew && path !== undefined) {
      this.openPaths.set(path, snapshot.uri);
      this.scanner.opened(path);
    }
    if (!this.settingsLoaded) return;
    const delay = this.settings.debounceMs;
    if (delay <= 0) {
      this.lintOpen(snapshot.uri);
      return;
    }
    clearTimeout(this.timers.get(snapshot.uri));
    this.timers.set(
      snapshot.uri,
      setTimeout(() => {
        this.timers.delete(snapshot.uri);
        this.lintOpen(snapshot.uri);
      }, delay),
    );
  }

  didClose(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.open.delete(uri);
    this.analyses.delete(uri);
    this.analyzer.forget(uri);
    const path = uriToPath(uri);
    if (path !== undefined) this.openPaths.delete(path);
    // The file goes back to its disk content (if the scan covers it), or its diagnostics go away.
    this.publish(uri, undefined, []);
    if (path !== undefined && this.scanner.covers(path)) void this.scanner.refresh(path);
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const uri = params.textDocument.uri;
    const snapshot = this.open.get(uri);
    if (!snapshot) return [];
    let analysis = this.analyses.get(uri);
    if (!analysis || analysis.version !== snapshot.version) {
      // A debounced lint is pending: run it now so fixes are computed on the current version.
      clearTimeout(this.timers.get(uri));
      this.timers.delete(uri);
      this.lintOpen(uri);
      analysis = this.analyses.get(uri);
      if (!analysis || analysis.version !== snapshot.version) return [];
    }
    const current = analysis;
    return codeActions(current, params.context.diagnostics, params.context.only, this.support, (m) => this.log(m), (located) =>
      this.analyzer.fixOf(current, located),
    );
  }

  async didChangeConfiguration(params: DidChangeConfigurationParams): Promise<void> {
    await this.reloadSettings(params.settings);
    this.relintOpen();
    await this.scan();
  }

  async didChangeWatchedFiles(params: DidChangeWatchedFilesParams): Promise<void> {
    for (const change of params.changes) {
      const path = uriToPath(change.uri);
      if (path === undefined) continue;
      if (change.type === FileChangeType.Deleted) {
        this.scanner.removed(path);
        continue;
      }
      if (this.openPaths.has(path)) continue;
      await this.scanner.refresh(path);
    }
  }

  async didChangeWorkspaceFolders(event: WorkspaceFoldersChangeEvent): Promise<void> {
    const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
    const added = event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
    this.folders = [...this.folders.filter((f) => !removed.has(f)), ...added];
    await this.scan();
  }

  scan(): Promise<ScanResult> {
    return this.scanner.scan().catch((error: unknown) => {
      this.log(`workspace scan failed: ${describe(error)}`);
      return { files: 0, findings: 0 };
    });
  }

  private async reloadSettings(pushed?: unknown): Promise<void> {
    let next: Settings | undefined;
    if (this.pullConfiguration) {
      try {
        const request = this.connection.workspace.getConfiguration([{ section: 'daemonless' }, { section: 'files' }]);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${SETTINGS_TIMEOUT_MS} ms`)), SETTINGS_TIMEOUT_MS);
        });
        const [daemonless, files] = await Promise.race([request, timeout]).finally(() => clearTimeout(timer));
        next = parseSettings(daemonless, files);
      } catch (error) {
        this.log(`could not read settings: ${describe(error)}`);
      }
    }
    if (!next && typeof pushed === 'object' && pushed !== null) {
      const p = pushed as Record<string, unknown>;
      next = parseSettings(p.daemonless, p.files);
    }
    this.settings = next ?? this.settings;
    this.options = lintOptions(this.settings);
    this.analyzer.forget();
  }

  private relintOpen(): void {
    for (const uri of this.open.keys()) this.lintOpen(uri, true);
  }

  /** Lints the latest version of an open document and publishes it once for that version. */
  private lintOpen(uri: string, force = false): void {
    const snapshot = this.open.get(uri);
    if (!snapshot) return;
    if (!force && this.analyses.get(uri)?.version === snapshot.version) return;
    const input: LintInput = {
      uri,
      path: uriToPath(uri) ?? classificationPath(uri),
      languageId: snapshot.languageId,
      version: snapshot.version,
      text: snapshot.text,
    };
    const live = snapshot.document;
    if (live && live.version === snapshot.version) input.positions = { positionAt: (offset) => live.positionAt(offset) };
    let diagnostics: Diagnostic[] = [];
    try {
      const analysis = this.analyzer.analyze(input, this.options);
      this.analyses.set(uri, analysis);
      diagnostics = toDiagnostics(analysis);
    } catch (error) {
      this.analyses.delete(uri);
      this.analyzer.forget(uri);
      this.log(`could not lint ${uri}: ${describe(error)}`);
    }
    this.publish(uri, snapshot.version, diagnostics);
  }

  private publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((error: unknown) => {
      this.log(`could not publish diagnostics for ${uri}: ${describe(error)}`);
    });
  }

  private async guard(what: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.log(`${what} failed: ${describe(error)}`);
    }
  }

  log(message: string): void {
    this.connection.console.error(message);
  }
}
