// Waiting and lookup helpers for the in-editor suite. Every wait is bounded and event-driven.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'daemonless.daemonless';
export const WAIT_MS = 30_000;

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder (the copied fixture workspace)');
  return folder.uri.fsPath;
}

export function fixtureUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relative));
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'daemonless');
}

export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function withCode(uri: vscode.Uri, id: string): vscode.Diagnostic[] {
  return ours(uri).filter((d) => codeOf(d) === id);
}

function describe(uri: vscode.Uri): string {
  const list = vscode.languages.getDiagnostics(uri);
  if (list.length === 0) return 'no diagnostics';
  return list
    .map((d) => `${d.source}/${codeOf(d)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`)
    .join(', ');
}

// How many times the diagnostics of each URI changed. The server publishes diagnostics for files its
// workspace scan read from disk; once a file is opened, only what it publishes after the open describes
// the open document (and only those findings have code actions).
const changeCounts = new Map<string, number>();
let tracking: vscode.Disposable | undefined;

function trackChanges(): void {
  tracking ??= vscode.languages.onDidChangeDiagnostics((e) => {
    for (const uri of e.uris) changeCounts.set(uri.toString(), (changeCounts.get(uri.toString()) ?? 0) + 1);
  });
}

function changesOf(uri: vscode.Uri): number {
  return changeCounts.get(uri.toString()) ?? 0;
}

/**
 * Resolves once `predicate` holds for the diagnostics of `uri`, checked now and on every change.
 * With `since` (from `open`), only diagnostics published after that point count.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
  since = -1,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = ours(uri);
      if (changesOf(uri) <= since || !predicate(current)) return false;
      cleanup();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)} (${describe(uri)})`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

export function waitForCode(uri: vscode.Uri, id: string, since = -1): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === id), `a ${id} diagnostic`, WAIT_MS, since).then((ds) =>
    ds.filter((d) => codeOf(d) === id),
  );
}

export function waitForNoCode(uri: vscode.Uri, id: string, timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === id), `${id} to be gone`, timeoutMs);
}

/**
 * Polls a condition that has no change event (extension activation). Bounded; the interval only
 * paces the checks, it never stands in for the condition.
 */
export async function pollUntil(condition: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Opened {
  doc: vscode.TextDocument;
  editor: vscode.TextEditor;
  /** Pass to waitForCode: diagnostics published after the open (-1 when the document was already open). */
  since: number;
}

export async function open(relative: string): Promise<Opened> {
  trackChanges();
  const uri = fixtureUri(relative);
  const alreadyOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  const since = alreadyOpen ? -1 : changesOf(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor, since };
}

export async function openUntitled(language: string, content: string): Promise<Opened> {
  trackChanges();
  const doc = await vscode.workspace.openTextDocument({ language, content });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor, since: -1 };
}

/** The range of the `occurrence`-th match of `needle` in the document (0-based occurrence). */
export function rangeOf(doc: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${occurrence}) not found in ${doc.uri.fsPath}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  // The last argument asks VS Code to resolve lazily computed edits (up to that many actions).
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    undefined,
    100,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit || action.command, `code action "${action.title}" has neither an edit nor a command`);
  if (action.edit) assert.equal(await vscode.workspace.applyEdit(action.edit), true, `applying "${action.title}" was rejected`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}
