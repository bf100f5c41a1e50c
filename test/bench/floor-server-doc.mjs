// Floor servers for the LSP targets. Default (L_doc): incremental TextDocuments that publish [] on every
// change. With --parse (L_parse): the same, but every change re-parses the whole file the way the engine
// does (parseAllDocuments with source tokens and a LineCounter) before publishing [].
import { LineCounter, parseAllDocuments } from 'yaml';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const reparse = process.argv.includes('--parse');
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let sink = 0;

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidChangeContent(({ document }) => {
  if (reparse) {
    const docs = parseAllDocuments(document.getText(), { keepSourceTokens: true, lineCounter: new LineCounter() });
    sink += Array.isArray(docs) ? docs.length : 0;
  }
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
process.on('exit', () => {
  if (sink < 0) console.error(sink);
});
