// A refused Kaniko rewrite made visible where users look. VS Code lists disabled code actions only in
// kind menus (Refactor…), never under Ctrl+., so a refusal also becomes (1) a note on the diagnostic
// that would have offered the rewrite and (2) an enabled quick fix "Why can't job 'x' be rewritten?"
// that shows every reason: through a client command where the client has one (the VS Code extension
// says so in its initializationOptions), else through workspace/executeCommand and window/showMessage.
// Reasons come from the engine already masked (engine/redact.ts); nothing here adds text from the file.
import { CodeActionKind, type CodeAction, type Command, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import { TRIGGER_RULE_IDS, type FixOutcome, type Refusal } from '../engine/index.js';
import type { Analysis, LocatedFinding } from './analysis.js';
import { EXPLAIN_REFUSAL_COMMAND, SHOW_REFUSAL_CLIENT_COMMAND } from './commands.js';

/** The page that explains what the rewrite keeps, changes and refuses, relative to the package root. */
export const REWRITE_DOCS = 'docs/rewrite.md';

/** The argument of both commands: everything needed to explain, so nothing is recomputed. */
export interface RefusalExplanation {
  /** "Why can't job 'build' be rewritten?" */
  title: string;
  /** Every reason, the decisive one first. */
  reasons: string[];
}

/**
 * Findings whose outcome is computed when diagnostics are published. Each rewrite re-parses the whole
 * file to verify itself, so the cost grows with jobs × file size: on ../shared/corpus it adds ~10% to
 * the lint time, on a 60-job GitLab file it is 20× the lint. Files with more findings that offer the
 * rewrite carry the reason only in the code action.
 */
export const PUBLISH_REFUSAL_LIMIT = 6;

// Outcomes by fix closure: a closure belongs to one parse, so calling it again would give the same
// outcome. Publishing and code actions of one version share the computation.
const outcomes = new WeakMap<() => FixOutcome, FixOutcome>();

/** The fix's outcome, computed once per closure; undefined (and logged) when the fix throws. */
export function outcomeOf(fix: () => FixOutcome, ruleId: string, log: (message: string) => void): FixOutcome | undefined {
  const known = outcomes.get(fix);
  if (known) return known;
  try {
    const outcome = fix();
    outcomes.set(fix, outcome);
    return outcome;
  } catch (error) {
    log(`fix for ${ruleId} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return undefined;
  }
}

/** The reasons of a refusal as the engine lists them, the decisive one first. */
export function refusalReasons(refusal: Refusal): string[] {
  return refusal.reasons && refusal.reasons.length > 0 ? [...refusal.reasons] : [refusal.reason];
}

export function refusalNote(refusal: Refusal): string {
  return `Kaniko rewrite not offered: ${refusalReasons(refusal)[0]}`;
}

/**
 * The refused rewrites among an analysis' findings, computed at publish time when the file has at most
 * PUBLISH_REFUSAL_LIMIT findings that offer the rewrite (see there).
 */
export function publishedRefusals(
  analysis: Analysis,
  fixOf: (located: LocatedFinding) => (() => FixOutcome) | undefined,
  log: (message: string) => void,
): Map<LocatedFinding, Refusal> {
  const refusals = new Map<LocatedFinding, Refusal>();
  const candidates = analysis.findings.filter((f) => f.source.fix && TRIGGER_RULE_IDS.includes(f.finding.ruleId));
  if (candidates.length > PUBLISH_REFUSAL_LIMIT) return refusals;
  for (const located of candidates) {
    const fix = fixOf(located);
    const outcome = fix && outcomeOf(fix, located.finding.ruleId, log);
    // Only a refused rewrite has a subject: other refusals stay on their disabled action.
    if (outcome?.type === 'refusal' && outcome.subject !== undefined) refusals.set(located, outcome);
  }
  return refusals;
}

/**
 * The diagnostic with the refusal's first reason: as related information (the message gets a short
 * suffix so the list stays readable and the message still says there is more) where the client shows
 * related information, else in the message itself.
 */
export function withRefusalNote(diagnostic: Diagnostic, refusal: Refusal, uri: string, relatedInformation: boolean): Diagnostic {
  const note = refusalNote(refusal);
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  if (!relatedInformation) return { ...diagnostic, message: `${message} ${note}` };
  const related: DiagnosticRelatedInformation = { location: { uri, range: diagnostic.range }, message: note };
  return {
    ...diagnostic,
    message: `${message} (Kaniko rewrite not offered)`,
    relatedInformation: [...(diagnostic.relatedInformation ?? []), related],
  };
}

/** The enabled "Why can't … be rewritten?" quick fix for a refused rewrite; undefined for other refusals. */
export function explainAction(refusal: Refusal, clientCommand: boolean): CodeAction | undefined {
  const subject = refusal.subject;
  if (subject === undefined) return undefined;
  const explanation: RefusalExplanation = { title: `Why can't ${subject} be rewritten?`, reasons: refusalReasons(refusal) };
  const command: Command = {
    title: explanation.title,
    command: clientCommand ? SHOW_REFUSAL_CLIENT_COMMAND : EXPLAIN_REFUSAL_COMMAND,
    arguments: [explanation],
  };
  return { title: explanation.title, kind: CodeActionKind.QuickFix, command };
}

export function isRefusalExplanation(value: unknown): value is RefusalExplanation {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && Array.isArray(v.reasons) && v.reasons.every((r) => typeof r === 'string');
}

/** The explanation as one plain-text message (window/showMessage shows no Markdown). */
export function explanationMessage(explanation: RefusalExplanation, docsPath: string): string {
  const reasons = explanation.reasons.map((r, i) => (explanation.reasons.length === 1 ? r : `${i + 1}. ${r}`));
  return [explanation.title, ...reasons, `See ${docsPath}`].join('\n');
}
