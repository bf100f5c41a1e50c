// Code actions for daemonless diagnostics, computed only when asked and only for the version the
// diagnostics were made from. Safe fixes are preferred quick fixes; rewrites are offered (as a refactor
// and as a quick fix) but never preferred, so fix-all never applies them; refusals are disabled actions
// carrying their reason, and a refused Kaniko rewrite also gets an enabled action that explains it
// (refusals.ts). Where no fix can be right (the uid of a USER line), a snippet for the user to complete
// (snippets.ts).
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { editsOverlap, suppressionEdit, type Edit, type Fix, type FixOutcome } from '../engine/index.js';
import type { Analysis, LocatedFinding } from './analysis.js';
import { isDiagnosticData, SOURCE } from './diagnostics.js';
import { explainAction, outcomeOf } from './refusals.js';
import { SHOW_NOTES_COMMAND, type AppliedNotes } from './commands.js';
import { userSnippetAction } from './snippets.js';

export interface ClientSupport {
  documentChanges: boolean;
  disabled: boolean;
  /** The client runs daemonless.showRewriteRefusal itself (the VS Code extension). */
  showRefusalCommand: boolean;
  /** The client applies LSP 3.18 snippet edits in documentChanges. */
  snippetEdits: boolean;
}

/**
 * The action for a fix: its title as the engine gives it (the menu stays short), and its notes, if
 * any, shown by a server command the client runs after applying the edit (as the CLI prints them).
 */
export function fixAction(fix: Fix, kind: string, edit: WorkspaceEdit): CodeAction {
  const action: CodeAction = { title: fix.title, kind, edit };
  const notes = fix.notes ?? [];
  if (notes.length > 0) {
    const applied: AppliedNotes = { title: fix.title, notes: [...notes] };
    action.command = { title: `Notes on: ${fix.title}`, command: SHOW_NOTES_COMMAND, arguments: [applied] };
  }
  return action;
}

function kindMatches(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.length === 0 || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function findLocated(analysis: Analysis, diagnostic: Diagnostic): LocatedFinding | undefined {
  const data = diagnostic.data;
  // A diagnostic from the workspace scan (version null) of a file opened since is matched by rule and
  // range like one without data: the actions are computed on the open text either way.
  if (isDiagnosticData(data) && data.version !== null) {
    if (data.version !== analysis.version) return undefined;
    return analysis.findings.find(
      (f) => f.finding.ruleId === diagnostic.code && f.finding.start === data.start && f.finding.end === data.end,
    );
  }
  // Clients that drop `data` still send code and range.
  const { start, end } = diagnostic.range;
  return analysis.findings.find((f) => {
    if (f.finding.ruleId !== diagnostic.code) return false;
    const s = analysis.lines.positionAt(f.finding.start);
    const e = analysis.lines.positionAt(f.finding.end);
    return s.line === start.line && s.character === start.character && e.line === end.line && e.character === end.character;
  });
}

function toTextEdits(analysis: Analysis, edits: readonly Edit[], delta: number): TextEdit[] {
  return edits.map((e) => ({
    range: { start: analysis.lines.positionAt(e.start + delta), end: analysis.lines.positionAt(e.end + delta) },
    newText: e.text,
  }));
}

function workspaceEdit(analysis: Analysis, edits: TextEdit[], support: ClientSupport): WorkspaceEdit {
  if (support.documentChanges && analysis.version !== null) {
    return { documentChanges: [{ textDocument: { uri: analysis.uri, version: analysis.version }, edits }] };
  }
  return { changes: { [analysis.uri]: edits } };
}

/**
 * A finding's alternative quick fixes (the user picks one), in the engine's order. Never preferred, so
 * fix-all applies none. Their edits are relative to the finding's document, like its own fix.
 */
function alternativeActions(
  analysis: Analysis,
  alternatives: (() => Fix[]) | undefined,
  delta: number,
  support: ClientSupport,
  ruleId: string,
  log: (message: string) => void,
): CodeAction[] {
  if (!alternatives) return [];
  let choices: Fix[] = [];
  try {
    choices = alternatives();
  } catch (error) {
    log(`alternative fixes for ${ruleId} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
  return choices
    .filter((fix) => !editsOverlap(fix.edits))
    .map((fix) => fixAction(fix, CodeActionKind.QuickFix, workspaceEdit(analysis, toTextEdits(analysis, fix.edits, delta), support)));
}

export function codeActions(
  analysis: Analysis,
  diagnostics: readonly Diagnostic[],
  only: readonly string[] | undefined,
  support: ClientSupport,
  log: (message: string) => void,
  fixOf: (located: LocatedFinding) => (() => FixOutcome) | undefined = (located) => located.source.fix,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const byKey = new Map<string, CodeAction>();
  const offer = (action: CodeAction, diagnostic: Diagnostic, key: string) => {
    if (!kindMatches(action.kind!, only)) return;
    const existing = byKey.get(key);
    if (existing) {
      existing.diagnostics!.push(diagnostic);
      return;
    }
    action.diagnostics = [diagnostic];
    byKey.set(key, action);
    actions.push(action);
  };

  const fixes: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const found = findLocated(analysis, diagnostic);
    if (!found?.file) continue;
    const { source, file, delta } = found;
    const ruleId = source.ruleId;
    const fix = fixOf(found);

    if (fix) {
      const outcome: FixOutcome | undefined = outcomeOf(fix, ruleId, log);
      if (outcome?.type === 'fix') {
        if (editsOverlap(outcome.edits)) {
          log(`fix for ${ruleId} returned overlapping edits; not offered`);
        } else {
          // A whole-file fix has whole-file offsets; a fix from the finding itself is relative to its document.
          const edits = toTextEdits(analysis, outcome.edits, fix === source.fix ? delta : 0);
          const edit = workspaceEdit(analysis, edits, support);
          const editKey = JSON.stringify(edits);
          if (outcome.kind === 'quickfix') {
            const action: CodeAction = { ...fixAction(outcome, CodeActionKind.QuickFix, edit), isPreferred: true };
            offer(action, diagnostic, `qf|${outcome.title}|${editKey}`);
          } else {
            for (const kind of [CodeActionKind.RefactorRewrite, CodeActionKind.QuickFix]) {
              offer(fixAction(outcome, kind, edit), diagnostic, `rw|${kind}|${outcome.title}|${editKey}`);
            }
          }
        }
      } else if (outcome?.type === 'refusal') {
        if (support.disabled) {
          for (const kind of [CodeActionKind.RefactorRewrite, CodeActionKind.QuickFix]) {
            offer({ title: outcome.title, kind, disabled: { reason: outcome.reason } }, diagnostic, `rf|${kind}|${outcome.title}|${outcome.reason}`);
          }
        }
        const explain = explainAction(outcome, support.showRefusalCommand);
        if (explain) offer(explain, diagnostic, `why|${outcome.title}|${outcome.reason}`);
      }
    }
    for (const action of alternativeActions(analysis, source.alternativeFixes, delta, support, ruleId, log)) {
      offer(action, diagnostic, `alt|${action.title}|${JSON.stringify(action.edit)}`);
    }
    const snippet = userSnippetAction(analysis, found, support.snippetEdits);
    if (snippet) offer(snippet, diagnostic, `snip|${JSON.stringify(snippet.edit)}`);
    fixes.push(...actions.splice(0));

    const pragma = suppressionEdit(file!, source);
    const edits = toTextEdits(analysis, [pragma], delta);
    offer(
      { title: `Suppress ${ruleId} on this line`, kind: CodeActionKind.QuickFix, edit: workspaceEdit(analysis, edits, support) },
      diagnostic,
      `sup|${ruleId}|${JSON.stringify(edits)}`,
    );
    suppressions.push(...actions.splice(0));
  }
  // Fixes first, suppressions last, as editors list them in this order.
  return [...fixes, ...suppressions];
}
