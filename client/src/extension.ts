// The VS Code side: starts the language server over IPC, reports what it does in the daemonless output
// channel and a status-bar item, opens rule docs as rendered pages and offers the workspace scan.
// All analysis happens in the server.
import * as path from 'node:path';
import {
  Disposable,
  DiagnosticSeverity,
  EventEmitter,
  StatusBarAlignment,
  Uri,
  commands,
  env,
  languages,
  window,
  workspace,
  type Diagnostic,
  type ExtensionContext,
  type LogOutputChannel,
  type StatusBarItem,
  type TextDocument,
} from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { unknownRuleMessage } from '../../server/src/cli/closest.js';
import { SHOW_REFUSAL_CLIENT_COMMAND, type InitializationOptions } from '../../server/src/lsp/commands.js';
import { MAX_SNIFFED, NAME_GLOB, SNIFF_BYTES, YAML_GLOB, isKnownByName, looksLikeManifest } from './recognise.js';
import { userSetOnly } from './user-settings.js';

const SCAN_WORKSPACE_REQUEST = 'daemonless/scanWorkspace';
const DOCS_SCHEME = 'daemonless-docs';
/** Read-only Markdown pages made by the extension (a refused rewrite's reasons), shown in the preview. */
const REFUSAL_SCHEME = 'daemonless-refusal';
const REWRITE_DOCS = path.join('docs', 'rewrite.md');
const REWRITE_DOCS_LINK = '/docs/rewrite';
const SKIPPED_DIRS = '**/{node_modules,.git}/**';

interface ScanResult {
  files: number;
  findings: number;
}

/** The argument the server puts in a "Why can't … be rewritten?" action (server/src/lsp/refusals.ts). */
interface RefusalExplanation {
  title: string;
  reasons: string[];
}

function isRefusalExplanation(value: unknown): value is RefusalExplanation {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && Array.isArray(v.reasons) && v.reasons.every((r) => typeof r === 'string');
}

/** The page the preview shows: every reason (already masked by the server), then the docs link. */
export function refusalMarkdown(explanation: RefusalExplanation, docsUri: string): string {
  const reasons = explanation.reasons.map((r) => `- ${r}`);
  return [
    `# ${explanation.title}`,
    '',
    ...reasons,
    '',
    `What the rewrite keeps, changes and refuses: [Rewrite a Docker-in-Docker job to build with Kaniko](${docsUri})`,
    '',
  ].join('\n');
}

let client: LanguageClient | undefined;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The status-bar item: scanning, N problems (clicking opens the Problems panel), or an error. */
class Status implements Disposable {
  private readonly item: StatusBarItem;
  private scanning = 0;
  private error: string | undefined;
  private readonly listener: Disposable;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.item = window.createStatusBarItem('daemonless.status', StatusBarAlignment.Left, 10);
    this.item.name = 'daemonless';
    this.item.command = 'workbench.actions.view.problems';
    this.listener = languages.onDidChangeDiagnostics(() => this.schedule());
  }

  startScan(): void {
    this.scanning++;
    this.render();
  }

  endScan(): void {
    this.scanning = Math.max(0, this.scanning - 1);
    this.render();
  }

  failed(message: string): void {
    this.error = message;
    this.render();
  }

  /** Problems counted from the diagnostics VS Code holds, so they always match the Problems panel. */
  counts(): { errors: number; warnings: number; others: number } {
    let errors = 0;
    let warnings = 0;
    let others = 0;
    for (const [, list] of languages.getDiagnostics()) {
      for (const d of list as Diagnostic[]) {
        if (d.source !== 'daemonless') continue;
        if (d.severity === DiagnosticSeverity.Error) errors++;
        else if (d.severity === DiagnosticSeverity.Warning) warnings++;
        else others++;
      }
    }
    return { errors, warnings, others };
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, 100);
  }

  render(): void {
    if (this.error !== undefined) {
      this.item.text = '$(error) daemonless';
      this.item.tooltip = `daemonless: ${this.error} (see daemonless: Show log)`;
      this.item.command = 'daemonless.showLog';
    } else if (this.scanning > 0) {
      this.item.text = '$(sync~spin) daemonless: scanning';
      this.item.tooltip = 'daemonless is scanning the workspace';
      this.item.command = 'daemonless.showLog';
    } else {
      const { errors, warnings, others } = this.counts();
      const total = errors + warnings + others;
      this.item.text = total === 0 ? '$(check) daemonless' : `$(warning) daemonless: ${plural(total, 'problem')}`;
      this.item.tooltip = `daemonless: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${others} other — click to open the Problems panel`;
      this.item.command = 'workbench.actions.view.problems';
    }
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listener.dispose();
    this.item.dispose();
  }
}

/** Whether any open document or workspace file is of a kind daemonless analyses (see recognise.ts). */
async function workspaceHasKnownFiles(output: LogOutputChannel): Promise<boolean> {
  const started = Date.now();
  if (workspace.textDocuments.some(isOurs)) return true;
  if ((await workspace.findFiles(NAME_GLOB, SKIPPED_DIRS, 1)).length > 0) return true;
  const yaml = await workspace.findFiles(YAML_GLOB, SKIPPED_DIRS, MAX_SNIFFED);
  for (const uri of yaml) {
    try {
      const bytes = await workspace.fs.readFile(uri);
      if (looksLikeManifest(new TextDecoder().decode(bytes.subarray(0, SNIFF_BYTES)))) return true;
    } catch {
      // Unreadable: not ours to judge.
    }
  }
  output.info(`No Dockerfile, CI file or Kubernetes manifest among ${plural(yaml.length, 'YAML file')} (checked in ${Date.now() - started} ms); the server starts when one is opened.`);
  return false;
}

function isOurs(doc: TextDocument): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return doc.languageId === 'dockerfile' || doc.languageId === 'yaml' || isKnownByName(doc.uri.path);
}

export async function activate(context: ExtensionContext): Promise<void> {
  const output: LogOutputChannel = window.createOutputChannel('daemonless', { log: true });
  const status = new Status();
  context.subscriptions.push(output, status);
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const docsRoot = context.asAbsolutePath(path.join('docs', 'rules'));
  const folders = workspace.workspaceFolders?.map((f) => f.uri.fsPath) ?? [];
  output.info(`daemonless ${version}; workspace folders: ${folders.length === 0 ? 'none' : folders.join(', ')}`);

  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const dockerfileNames = '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}';
  const docsUri = (ruleId: string) => Uri.from({ scheme: env.uriScheme, authority: context.extension.id, path: `/docs/rules/${ruleId}` });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', pattern: dockerfileNames },
      // Jenkinsfiles and GitLab Runner configs have no YAML language id; JSON may hold Kubernetes manifests.
      { scheme: 'file', language: 'groovy' },
      { scheme: 'file', pattern: '**/{Jenkinsfile,Jenkinsfile.*,*.Jenkinsfile,*.groovy,config.toml}' },
      { scheme: 'file', language: 'json' },
    ],
    outputChannel: output,
    initializationOptions: { clientCommands: [SHOW_REFUSAL_CLIENT_COMMAND] } satisfies InitializationOptions,
    middleware: {
      // The server links each finding to its docs page as a file (right for any LSP client); in VS Code
      // that would open the Markdown source in an editable tab, so the link goes through this
      // extension's URI handler, which opens the rendered page.
      handleDiagnostics(uri, diagnostics, next) {
        for (const d of diagnostics) {
          if (d.source === 'daemonless' && typeof d.code === 'object' && d.code.target.scheme === 'file') {
            d.code = { value: d.code.value, target: docsUri(String(d.code.value)) };
          }
        }
        next(uri, diagnostics);
      },
      workspace: {
        // A default must not override the folder's .daemonless.json (see user-settings.ts).
        async configuration(params, token, next) {
          const values = await next(params, token);
          if (!Array.isArray(values)) return values;
          return values.map((value: unknown, i) => {
            const item = params.items[i];
            if (item?.section !== 'daemonless' || typeof value !== 'object' || value === null) return value;
            const scope = item.scopeUri === undefined ? undefined : Uri.parse(item.scopeUri);
            const settings = workspace.getConfiguration('daemonless', scope);
            return userSetOnly(value as Record<string, unknown>, (key) => settings.inspect(key));
          });
        },
      },
    },
  };

  const openRuleDocs = async (ruleId?: string) => {
    let id = ruleId;
    if (id === undefined) {
      const { readdirSync } = await import('node:fs');
      const ids = readdirSync(docsRoot).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort();
      id = await window.showQuickPick(ids, { placeHolder: 'Rule whose documentation to open' });
      if (id === undefined) return;
    }
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`not a rule id: ${id}`);
    await openDocsPage(Uri.file(path.join(docsRoot, `${id}.md`)));
  };
  const openDocsPage = async (page: Uri) => {
    try {
      await commands.executeCommand('markdown.showPreview', page);
    } catch (error) {
      // Without the built-in Markdown extension: the page as a read-only document.
      output.warn(`Markdown preview unavailable (${describe(error)}); showing the page read-only.`);
      await window.showTextDocument(page.with({ scheme: DOCS_SCHEME }), { preview: true });
    }
  };
  const rewriteDocs = Uri.file(context.asAbsolutePath(REWRITE_DOCS));

  const refusalPages = new Map<string, string>();
  const refusalChanged = new EventEmitter<Uri>();
  const showRefusal = async (explanation: unknown) => {
    if (!isRefusalExplanation(explanation)) throw new Error('not a refused rewrite');
    const page = Uri.from({ scheme: REFUSAL_SCHEME, path: `/${explanation.title.replace(/[/\\?]/g, '')}.md` });
    // The preview's Markdown renderer drops file: links, so the link goes through the URI handler.
    const link = Uri.from({ scheme: env.uriScheme, authority: context.extension.id, path: REWRITE_DOCS_LINK });
    refusalPages.set(page.toString(), refusalMarkdown(explanation, link.toString()));
    refusalChanged.fire(page);
    try {
      await commands.executeCommand('markdown.showPreview', page);
    } catch (error) {
      output.warn(`Markdown preview unavailable (${describe(error)}); showing the reasons as a message.`);
      const open = 'Open the rewrite documentation';
      const choice = await window.showInformationMessage(explanation.title, { modal: true, detail: explanation.reasons.join('\n\n') }, open);
      if (choice === open) await window.showTextDocument(rewriteDocs.with({ scheme: DOCS_SCHEME }), { preview: true });
    }
  };
  let starting: Promise<void> | undefined;
  const scan = async (reason: string): Promise<ScanResult | undefined> => {
    if (!client) return undefined;
    status.startScan();
    const begun = Date.now();
    try {
      const result = await client.sendRequest<ScanResult>(SCAN_WORKSPACE_REQUEST);
      const seconds = ((Date.now() - begun) / 1000).toFixed(1);
      output.info(`${reason}: ${plural(result.files, 'file')}, ${plural(result.findings, 'finding')} in ${seconds} s`);
      return result;
    } catch (error) {
      output.error(`Workspace scan failed: ${describe(error)}`);
      status.failed('the workspace scan failed');
      throw error;
    } finally {
      status.endScan();
    }
  };
  const start = (): Promise<void> =>
    (starting ??= (async () => {
      client = new LanguageClient('daemonless', 'daemonless', serverOptions, clientOptions);
      output.info(`Starting the language server (${module})`);
      try {
        await client.start();
      } catch (error) {
        output.error(`The language server did not start: ${describe(error)}`);
        status.failed('the language server did not start');
        throw error;
      }
      void scan('Workspace scan').catch(() => undefined);
    })());

  context.subscriptions.push(
    commands.registerCommand('daemonless.scanWorkspace', async () => {
      try {
        await start();
        const result = await scan('Workspace scan (command)');
        if (result) void window.showInformationMessage(`daemonless: scanned ${plural(result.files, 'file')}, ${plural(result.findings, 'finding')}.`);
      } catch {
        void window.showErrorMessage('daemonless: workspace scan failed (see daemonless: Show log).');
      }
    }),
    commands.registerCommand('daemonless.showLog', () => output.show(true)),
    commands.registerCommand('daemonless.openRuleDocs', (ruleId?: string) => openRuleDocs(ruleId)),
    commands.registerCommand(SHOW_REFUSAL_CLIENT_COMMAND, (explanation: unknown) => showRefusal(explanation)),
    refusalChanged,
    workspace.registerTextDocumentContentProvider(REFUSAL_SCHEME, {
      onDidChange: refusalChanged.event,
      provideTextDocumentContent: (uri: Uri) => refusalPages.get(uri.toString()) ?? '',
    }),
    window.registerUriHandler({
      handleUri(uri: Uri) {
        const m = /^\/docs\/rules\/([a-z0-9-]+)$/.exec(uri.path);
        if (m) void openRuleDocs(m[1]).catch((error: unknown) => output.error(`Cannot open the docs of ${m[1]}: ${describe(error)}`));
        else if (uri.path === REWRITE_DOCS_LINK) void openDocsPage(rewriteDocs).catch((error: unknown) => output.error(`Cannot open ${REWRITE_DOCS}: ${describe(error)}`));
        else output.warn(`Unknown link ${uri.toString()}`);
      },
    }),
    workspace.registerTextDocumentContentProvider(DOCS_SCHEME, {
      async provideTextDocumentContent(uri: Uri) {
        return new TextDecoder().decode(await workspace.fs.readFile(uri.with({ scheme: 'file' })));
      },
    }),
  );
  status.render();

  // settings.json already flags unknown ids (the schema lists every rule); this also names the closest.
  const knownIds = Object.keys(
    (context.extension.packageJSON as { contributes: { configuration: { properties: Record<string, { properties?: object }> } } }).contributes
      .configuration.properties['daemonless.rules'].properties ?? {},
  );
  let warned = '';
  const checkRuleIds = () => {
    const rules = workspace.getConfiguration('daemonless').get<Record<string, unknown>>('rules') ?? {};
    const problems = Object.keys(rules).filter((id) => !knownIds.includes(id)).map((id) => unknownRuleMessage(id, knownIds));
    for (const p of problems) output.warn(`daemonless.rules: ${p}`);
    const summary = problems.join('; ');
    if (summary && summary !== warned) void window.showWarningMessage(`daemonless.rules: ${summary}`);
    warned = summary;
  };
  checkRuleIds();
  context.subscriptions.push(workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('daemonless.rules') && checkRuleIds()));

  if (await workspaceHasKnownFiles(output)) {
    await start();
    return;
  }
  const waiting = workspace.onDidOpenTextDocument((doc) => {
    if (!isOurs(doc)) return;
    waiting.dispose();
    void start().catch(() => undefined);
  });
  context.subscriptions.push(waiting);
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}
