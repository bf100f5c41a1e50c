// Finding → LSP Diagnostic. The docs link points at the page shipped beside the bundle
// (dist/../docs/rules/<id>.md), so it works offline.
import { resolve } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { docsPath, type Refusal, type Severity } from '../engine/index.js';
import type { Analysis, LocatedFinding } from './analysis.js';
import { pathToUri } from './paths.js';
import { withRefusalNote } from './refusals.js';

export const SOURCE = 'daemonless';

/** What a diagnostic carries so that a code action can find its finding again. */
/**
 * What a diagnostic carries back in a code action request: the version it was computed for and the
 * finding's offsets. The rule is the diagnostic's `code` and the document the request's own, so
 * neither is repeated here: a large file publishes hundreds of diagnostics on every keystroke.
 */
export interface DiagnosticData {
  version: number | null;
  start: number;
  end: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const docsRoot = resolve(__dirname, '..');
const hrefs = new Map<string, string>();

export function docsHref(ruleId: string): string {
  let href = hrefs.get(ruleId);
  if (href === undefined) hrefs.set(ruleId, (href = pathToUri(resolve(docsRoot, docsPath(ruleId)))));
  return href;
}

export function toDiagnostic(analysis: Analysis, located: LocatedFinding): Diagnostic {
  const { finding } = located;
  const data: DiagnosticData = { version: analysis.version, start: finding.start, end: finding.end };
  return {
    range: { start: analysis.lines.positionAt(finding.start), end: analysis.lines.positionAt(finding.end) },
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: docsHref(finding.ruleId) },
    message: finding.message,
    data,
  };
}

/** Refused rewrites to note on their diagnostics (see refusals.ts), and whether the client shows related information. */
export interface RefusalNotes {
  refusals: ReadonlyMap<LocatedFinding, Refusal>;
  relatedInformation: boolean;
}

export function toDiagnostics(analysis: Analysis, notes?: RefusalNotes): Diagnostic[] {
  const diagnostics = analysis.findings.map((f) => {
    const diagnostic = toDiagnostic(analysis, f);
    const refusal = notes?.refusals.get(f);
    return refusal ? withRefusalNote(diagnostic, refusal, analysis.uri, notes!.relatedInformation) : diagnostic;
  });
  return analysis.notes?.length ? [...diagnostics, ...analysis.notes] : diagnostics;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return (typeof d.version === 'number' || d.version === null) && typeof d.start === 'number' && typeof d.end === 'number';
}
