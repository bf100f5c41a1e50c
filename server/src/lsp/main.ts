// Language server entry. The transport comes from argv (--stdio, --node-ipc, --socket=, --pipe=).
// Everything that needs the engine lives in session.ts and is loaded right after the initialize
// response, so start-up costs no more than a bare server; events that arrive earlier wait for it.
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER_COMMANDS } from './commands.js';
import type { DocumentSnapshot, Session } from './session.js';

export const SCAN_WORKSPACE_REQUEST = 'daemonless/scanWorkspace';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let session: Session | undefined;
let sessionReady: Promise<Session> | undefined;

function describe(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

/** Runs `action` with the session, synchronously once it is loaded; errors are logged, never thrown. */
function withSession<T>(what: string, action: (s: Session) => T | Promise<T>, fallback: T): T | Promise<T> {
  const run = (s: Session): T | Promise<T> => {
    try {
      const result = action(s);
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          connection.console.error(`${what} failed: ${describe(error)}`);
          return fallback;
        });
      }
      return result;
    } catch (error) {
      connection.console.error(`${what} failed: ${describe(error)}`);
      return fallback;
    }
  };
  if (session) return run(session);
  if (!sessionReady) return fallback;
  return sessionReady.then(run, () => fallback);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const loading = new Promise<void>((resolve) => setImmediate(resolve)).then(() => import('./session.js'));
  sessionReady = loading.then((m) => (session = new m.Session(connection, params)));
  sessionReady.catch((error: unknown) => connection.console.error(`could not start: ${describe(error)}`));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite],
        resolveProvider: false,
      },
      executeCommandProvider: { commands: SERVER_COMMANDS },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'daemonless' },
  };
});

connection.onInitialized(() => {
  void withSession('initialized', (s) => s.initialized(), undefined);
  if (connection.workspace.onDidChangeWorkspaceFolders) {
    try {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        void withSession('workspace folders change', (s) => s.didChangeWorkspaceFolders(event), undefined);
      });
    } catch {
      // The client does not support workspace folder notifications.
    }
  }
});

function snapshot(document: TextDocument): DocumentSnapshot {
  return {
    uri: document.uri,
    languageId: document.languageId,
    version: document.version,
    text: document.getText(),
    document,
  };
}

documents.onDidChangeContent((event) => {
  const snap = snapshot(event.document);
  void withSession('lint', (s) => s.didChangeContent(snap), undefined);
});

documents.onDidClose((event) => {
  const uri = event.document.uri;
  void withSession('close', (s) => s.didClose(uri), undefined);
});

connection.onCodeAction((params) => withSession('code actions', (s) => s.codeActions(params), []));

connection.onExecuteCommand((params) => withSession('command', (s) => s.executeCommand(params), null));

connection.onDidChangeConfiguration((params) => {
  void withSession('settings change', (s) => s.didChangeConfiguration(params), undefined);
});

connection.onDidChangeWatchedFiles((params) => {
  void withSession('watched files', (s) => s.didChangeWatchedFiles(params), undefined);
});

connection.onRequest(SCAN_WORKSPACE_REQUEST, () =>
  withSession('workspace scan', (s) => s.scan(), { files: 0, findings: 0 }),
);

process.on('uncaughtException', (error) => {
  connection.console.error(`uncaught: ${describe(error)}`);
});
process.on('unhandledRejection', (error) => {
  connection.console.error(`unhandled rejection: ${describe(error)}`);
});

documents.listen(connection);
connection.listen();
