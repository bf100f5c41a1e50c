// Code actions that insert a snippet for the user to complete, where no fix can be right for every
// image: `USER <uid>` for an image that runs as root (the engine says where, userLinePlace; the user
// chooses the uid). Sent as an LSP 3.18 SnippetTextEdit, so only to clients that advertise
// workspace.workspaceEdit.snippetEditSupport (vscode-languageclient 11 does) with documentChanges;
// other clients get nothing rather than a guessed uid.
import { CodeActionKind, type CodeAction, type SnippetTextEdit } from 'vscode-languageserver';
import { userLinePlace, USER_LINE_RULES } from '../engine/index.js';
import type { Analysis, LocatedFinding } from './analysis.js';

/**
 * The placeholder the cursor lands on, selected so that typing replaces it. Numeric, so Kubernetes'
 * runAsNonRoot can verify it; above the ranges base images give their own users; the value the rule
 * pages use. A suggestion to type over, never written without the user seeing it.
 */
export const UID_PLACEHOLDER = '${1:10001}';

export const USER_SNIPPET_TITLE = 'Insert USER <uid> (you choose the uid)';

/** The USER snippet action for a df-missing-user / df-user-root finding, or undefined. */
export function userSnippetAction(analysis: Analysis, located: LocatedFinding, snippetEdits: boolean): CodeAction | undefined {
  if (!snippetEdits || analysis.version === null || analysis.kind !== 'dockerfile') return undefined;
  if (!USER_LINE_RULES.includes(located.finding.ruleId)) return undefined;
  const place = userLinePlace({ path: analysis.lint?.path ?? analysis.uri, text: analysis.text }, located.finding, analysis.lint?.options);
  if (!place) return undefined;
  const at = analysis.lines.positionAt(place.offset);
  const edit: SnippetTextEdit = {
    range: { start: at, end: at },
    snippet: { kind: 'snippet', value: `${escapeSnippet(place.before)}USER ${UID_PLACEHOLDER}${escapeSnippet(place.after)}` },
  };
  return {
    title: USER_SNIPPET_TITLE,
    kind: CodeActionKind.QuickFix,
    edit: { documentChanges: [{ textDocument: { uri: analysis.uri, version: analysis.version }, edits: [edit] }] },
  };
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}
