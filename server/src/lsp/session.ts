// The server's state and behaviour once initialized: settings and each folder's config file, the
// per-version analysis of open documents, diagnostics publishing, code actions, watched files and the
// workspace scan. Loaded after the initialize response so that start-up does not wait for the rule packs.
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type Diagnostic,
  type ExecuteCommandParams,
  type InitializeParams,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import { classifyByName, type LintOptions } from '../engine/index.js';
import { BuildIndex } from '../workspace/build-targets.js';
import { dockerignoreNames } from '../workspace/dockerignore.js';
import { Analyzer, kindOf, type Analysis, type LintInput } from './analysis.js';
import { ciTargetNotes } from './ci-targets.js';
import { codeActions, type ClientSupport } from './code-actions.js';
import { appliedNotesMessage, clientCommands, EXPLAIN_REFUSAL_COMMAND, isAppliedNotes, SHOW_NOTES_COMMAND, SHOW_REFUSAL_CLIENT_COMMAND } from './commands.js';
import { toDiagnostics } from './diagnostics.js';
import { CONFIG_FILE_NAME } from '../config/project-config.js';
import { FolderConfigs } from './folder-configs.js';
import { classificationPath, pathToUri, uriToPath } from './paths.js';
import { explanationMessage, isRefusalExplanation, publishedRefusals, REWRITE_DOCS } from './refusals.js';
import { parseSettings, type Settings } from './settings.js';
import { TargetNotes } from './target-notes.js';
import { WorkspaceScanner, type ScanResult } from './workspace-scan.js';

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
  `**/${CONFIG_FILE_NAME}`,
  // A Dockerfile's findings about its build context depend on the ignore files beside it.
  '**/.dockerignore',
  '**/*.dockerignore',
  '**/.containerignore',
];

/** A client that never answers workspace/configuration must not keep diagnostics away. */
const SETTINGS_TIMEOUT_MS = 5000;
/** Editors write a file in several steps; the server's own watcher reads it once they are done. */
const CONFIG_WATCH_DELAY_MS = 50;

function describe(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

export class Session {
  private readonly configs: FolderConfigs;
  /** The server's own watchers of each folder's config file, for clients that cannot watch files for it. */
  private readonly configWatchers = new Map<string, FSWatcher>();
  private readonly analyzer = new Analyzer();
  /** Latest analysis of each open document, by URI. */
  private readonly analyses = new Map<string, Analysis>();
  /** Latest snapshot of each open document, by URI. */
  private readonly open = new Map<string, DocumentSnapshot>();
  /** Open documents by file system path, so the scan can tell that a file is open. */
  private readonly openPaths = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly support: ClientSupport;
  /** The client shows a diagnostic's related information (else a refusal's reason goes into the message). */
  private readonly relatedInformation: boolean;
  private readonly pullConfiguration: boolean;
  private readonly dynamicConfiguration: boolean;
  private readonly dynamicWatchedFiles: boolean;
  /** Documents are linted once settings are known, so a version is never published twice at start-up. */
  private settingsLoaded = false;
  /** Settles once the settings and config files are first read: a scan requested earlier waits for them. */
  private readonly loaded: Promise<void>;
  private markLoaded!: () => void;
  private readonly scanner: WorkspaceScanner;
  private readonly targetNotes: TargetNotes;
  /** The Dockerfile builds each CI file of the workspace names, for the stage each Dockerfile ships. */
  private readonly builds = new BuildIndex();

  constructor(
    private readonly connection: Connection,
    params: InitializeParams,
  ) {
    this.loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));
    const caps = params.capabilities;
    this.support = {
      documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
      disabled: caps.textDocument?.codeAction?.disabledSupport === true,
      showRefusalCommand: clientCommands(params.initializationOptions).includes(SHOW_REFUSAL_CLIENT_COMMAND),
      snippetEdits: caps.workspace?.workspaceEdit?.documentChanges === true && caps.workspace.workspaceEdit.snippetEditSupport === true,
    };
    this.relatedInformation = caps.textDocument?.publishDiagnostics?.relatedInformation === true;
    this.pullConfiguration = caps.workspace?.configuration === true;
    this.dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    this.dynamicWatchedFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.configs = new FolderConfigs({
      publish: (uri, diagnostics) => this.publish(uri, undefined, diagnostics),
      log: (message) => this.log(message),
    });
    this.configs.setFolders(folderUris.map(uriToPath).filter((p): p is string => p !== undefined));
    this.targetNotes = new TargetNotes({
      targetOf: (path) => {
        const { folder, options } = this.configs.forPath(path);
        return { folder, target: options.lint.dockerfileTarget };
      },
      publish: (uri, diagnostics) => this.publish(uri, undefined, diagnostics),
    });
    this.scanner = new WorkspaceScanner({
      folders: () => this.configs.folders(),
      excludes: (root) => this.configs.forPath(root).options.excludes,
      options: (path) => this.configs.forPath(path).options.lint,
      openAnalysis: (path) => {
        const uri = this.openPaths.get(path);
        return uri === undefined ? undefined : this.analyses.get(uri);
      },
      lint: (input) => this.analyze(input, false),
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
    try {
      this.configs.reloadAll();
      this.watchConfigFiles();
      await this.reloadSettings();
    } finally {
      this.settingsLoaded = true;
      this.markLoaded();
    }
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
    const delay = this.settingsFor(snapshot.uri).debounceMs;
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

  /** workspace/executeCommand: the server-side commands named by code actions (commands.ts). */
  async executeCommand(params: ExecuteCommandParams): Promise<null> {
    const [argument] = params.arguments ?? [];
    if (params.command === EXPLAIN_REFUSAL_COMMAND && isRefusalExplanation(argument)) {
      // A notification, not window/showMessageRequest: there is nothing to choose, and some clients block on a request.
      await this.connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Info,
        message: explanationMessage(argument, resolve(__dirname, '..', REWRITE_DOCS)),
      });
    } else if (params.command === SHOW_NOTES_COMMAND && isAppliedNotes(argument)) {
      await this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: appliedNotesMessage(argument) });
    } else {
      this.log(`unknown command or arguments: ${params.command}`);
    }
    return null;
  }

  async didChangeConfiguration(params: DidChangeConfigurationParams): Promise<void> {
    await this.reloadSettings(params.settings);
    this.relintOpen();
    await this.scan();
  }

  async didChangeWatchedFiles(params: DidChangeWatchedFilesParams): Promise<void> {
    let configChanged = false;
    for (const change of params.changes) {
      const path = uriToPath(change.uri);
      if (path === undefined) continue;
      const folder = this.configs.folderOfConfig(path);
      if (folder !== undefined) {
        configChanged = this.configs.reload(folder) || configChanged;
        continue;
      }
      if (/\.(docker|container)ignore$/.test(basename(path))) {
        await this.dockerignoreChanged(path);
        continue;
      }
      if (change.type === FileChangeType.Deleted) {
        this.scanner.removed(path);
        this.targetNotes.linted(path, undefined, undefined);
        this.ciFileRead(path, undefined);
        continue;
      }
      if (this.openPaths.has(path)) continue;
      await this.scanner.refresh(path);
    }
    if (configChanged) await this.optionsChanged();
  }

  async didChangeWorkspaceFolders(event: WorkspaceFoldersChangeEvent): Promise<void> {
    const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
    const added = event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
    this.configs.setFolders([...this.configs.folders().filter((f) => !removed.has(f)), ...added]);
    // The scan that follows reads the CI files of the folders that remain; a removed folder's builds go.
    for (const folder of removed) if (folder !== undefined) this.builds.removeRoot(folder);
    this.configs.reloadAll();
    this.watchConfigFiles();
    await this.reloadSettings();
    await this.optionsChanged();
  }

  /** Re-lints the Dockerfiles (open, and on disk) that an ignore file created, changed or deleted applies to. */
  private async dockerignoreChanged(path: string): Promise<void> {
    const folder = dirname(path);
    const name = basename(path);
    const applies = (dockerfile: string) =>
      dirname(dockerfile) === folder && classifyByName(dockerfile) === 'dockerfile' && dockerignoreNames(basename(dockerfile)).includes(name);
    for (const [openPath, uri] of this.openPaths) if (applies(openPath)) this.lintOpen(uri, true);
    let entries: string[] = [];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = join(folder, entry);
      if (applies(file) && !this.openPaths.has(file)) await this.scanner.refresh(file);
    }
  }

  /** After a config file or the settings changed: nothing computed with the old options is kept. */
  private async optionsChanged(): Promise<void> {
    this.analyzer.forget();
    this.targetNotes.reset();
    this.relintOpen();
    await this.scan();
  }

  private settingsFor(uri: string): Settings {
    return this.configs.forPath(uriToPath(uri)).settings;
  }

  /**
   * A client that registers file watchers for the server reports config file changes itself; for any
   * other (Neovim does not watch files for servers on Linux), the server watches each folder.
   */
  private watchConfigFiles(): void {
    const folders = new Set(this.dynamicWatchedFiles ? [] : this.configs.folders());
    for (const [folder, watcher] of this.configWatchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      this.configWatchers.delete(folder);
    }
    for (const folder of folders) {
      if (this.configWatchers.has(folder)) continue;
      let timer: NodeJS.Timeout | undefined;
      try {
        const watcher = watch(folder, { persistent: false }, (_event, name) => {
          if (name !== null && name !== CONFIG_FILE_NAME) return;
          clearTimeout(timer);
          timer = setTimeout(() => {
            if (this.configs.reload(folder)) void this.optionsChanged();
          }, CONFIG_WATCH_DELAY_MS);
        });
        watcher.on('error', (error) => this.log(`watching ${folder} failed: ${describe(error)}`));
        this.configWatchers.set(folder, watcher);
      } catch (error) {
        this.log(`cannot watch ${folder} for ${CONFIG_FILE_NAME}: ${describe(error)}`);
      }
    }
  }

  scan(): Promise<ScanResult> {
    const scan = this.settingsLoaded ? this.scanner.scan() : this.loaded.then(() => this.scanner.scan());
    return scan.catch((error: unknown) => {
      this.log(`workspace scan failed: ${describe(error)}`);
      return { files: 0, findings: 0 };
    });
  }

  /** Reads the settings of each folder (they may differ per folder) and of files outside every folder. */
  private async reloadSettings(pushed?: unknown): Promise<void> {
    const scopes: (string | undefined)[] = [...this.configs.folders(), undefined];
    let next: Settings[] | undefined;
    if (this.pullConfiguration) {
      try {
        const items = scopes.flatMap((folder) => {
          const scopeUri = folder === undefined ? undefined : pathToUri(folder);
          return [{ section: 'daemonless', scopeUri }, { section: 'files', scopeUri }];
        });
        const request = this.connection.workspace.getConfiguration(items) as Promise<unknown[]>;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${SETTINGS_TIMEOUT_MS} ms`)), SETTINGS_TIMEOUT_MS);
        });
        const values = await Promise.race([request, timeout]).finally(() => clearTimeout(timer));
        next = scopes.map((_, i) => parseSettings(values[2 * i], values[2 * i + 1]));
      } catch (error) {
        this.log(`could not read settings: ${describe(error)}`);
      }
    }
    if (!next && typeof pushed === 'object' && pushed !== null) {
      const p = pushed as Record<string, unknown>;
      next = scopes.map(() => parseSettings(p.daemonless, p.files));
    }
    if (next) scopes.forEach((folder, i) => this.configs.setSettings(folder, next[i]));
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
      const analysis = this.analyze(input, true);
      this.analyses.set(uri, analysis);
      const refusals = publishedRefusals(analysis, (located) => this.analyzer.fixOf(analysis, located), (m) => this.log(m));
      diagnostics = toDiagnostics(analysis, { refusals, relatedInformation: this.relatedInformation });
    } catch (error) {
      this.analyses.delete(uri);
      this.analyzer.forget(uri);
      this.log(`could not lint ${uri}: ${describe(error)}`);
    }
    this.publish(uri, snapshot.version, diagnostics);
  }

  /**
   * Lints one version of a file (open, or read by the scan) with its folder's options and, for a
   * Dockerfile, the stage its CI builds ship; a CI file's builds are recorded, and the Dockerfiles
   * whose builds changed are linted again.
   */
  private analyze(input: LintInput, remember: boolean): Analysis {
    const path = uriToPath(input.uri);
    let options: LintOptions = this.configs.forPath(path).options.lint;
    const kind = kindOf(input.path, input.text, input.languageId);
    let notes: Diagnostic[] = [];
    if (kind === 'dockerfile' && path !== undefined) {
      const applied = this.builds.apply(path, input.text, options);
      options = applied.options;
      notes = ciTargetNotes(applied, this.relatedInformation);
    }
    const analysis = this.analyzer.analyze(input, options, remember);
    if (notes.length > 0) analysis.notes = notes;
    this.targetNotes.linted(path, analysis.kind, analysis.text);
    if (path !== undefined && kind !== 'dockerfile') this.ciFileRead(path, analysis);
    return analysis;
  }

  /** Records the builds a CI file names (its folder is the root its paths start from), or forgets a deleted one. */
  private ciFileRead(path: string, analysis: Analysis | undefined): void {
    const { folder } = this.configs.forPath(path);
    const changed = analysis === undefined || folder === undefined ? this.builds.remove(path) : this.builds.set(path, folder, analysis.text, analysis.kind, analysis.lint);
    for (const dockerfile of changed) {
      const uri = this.openPaths.get(dockerfile);
      if (uri !== undefined) this.lintOpen(uri, true);
      else void this.scanner.relint(dockerfile);
    }
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
