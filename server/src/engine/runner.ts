// Runs the rules that target a file's kind. A rule that throws is isolated: it is reported once as
// an internal-error finding and the other rules still run. Output order is stable (offset, then id).
import { FILE_SKIPPED, INTERNAL_ERROR, PARSE_ERROR } from './builtin-findings.js';
import { classify } from './classify.js';
import { ParsedFile } from './parsed-file.js';
import { allRules } from './registry.js';
import { dialectsFor } from './dialects/index.js';
import { formatMessage, isWorkloadRule, type ReportDescriptor, type Rule, type WorkloadRule } from './rule.js';
import { applySuppressions } from './suppress.js';
import type { Finding, LintOptions, LintResult, RuleMeta, Severity, SourceFile } from './types.js';

export const DEFAULT_MAX_FILE_SIZE = 2_000_000;

function builtin(meta: RuleMeta, messageId: string, data: Record<string, string>, start: number, end: number): Finding {
  return {
    ruleId: meta.id,
    messageId,
    severity: meta.severity,
    message: formatMessage(meta.messages[messageId], data),
    data,
    start,
    end,
  };
}

function looksBinary(text: string): boolean {
  const head = text.length > 8000 ? text.slice(0, 8000) : text;
  return head.includes('\u0000');
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

function severityFor(rule: RuleMeta, options: LintOptions): Severity | 'off' {
  return options.rules?.[rule.id] ?? rule.severity;
}

/** Lints one file. Accepts a ParsedFile so that callers with a parse cache can reuse it. */
export function lintFile(
  input: SourceFile | ParsedFile,
  options: LintOptions = {},
  rules: readonly Rule[] = allRules,
): LintResult {
  const parsed = input instanceof ParsedFile ? input : new ParsedFile(input, classify(input.path, input.text));
  const kind = parsed.kind;
  if (kind === 'unknown') return { kind, findings: [] };
  const text = parsed.text;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const emitBuiltin = (meta: RuleMeta, f: Finding[]) =>
    f.flatMap((x) => {
      const sev = severityFor(meta, options);
      return sev === 'off' ? [] : [{ ...x, severity: sev }];
    });
  if (text.length > maxFileSize) {
    return {
      kind,
      findings: emitBuiltin(FILE_SKIPPED, [
        builtin(FILE_SKIPPED, 'tooLarge', { size: String(text.length), limit: String(maxFileSize) }, 0, 0),
      ]),
    };
  }
  if (looksBinary(text)) {
    return { kind, findings: emitBuiltin(FILE_SKIPPED, [builtin(FILE_SKIPPED, 'binary', {}, 0, 0)]) };
  }

  const findings: Finding[] = [];
  const dialects = dialectsFor(kind);
  const yamlText = kind !== 'dockerfile' && dialects.every((d) => (d.format ?? 'yaml') === 'yaml');
  const problemSeverity = severityFor(PARSE_ERROR, options);
  for (const problem of dialects.flatMap((d) => d.problems?.(parsed) ?? [])) {
    if (problemSeverity === 'off') break;
    const f = builtin(PARSE_ERROR, problem.yaml ? 'embeddedYaml' : 'groovy', { detail: problem.detail }, problem.start, problem.end);
    findings.push({ ...f, severity: problemSeverity });
  }
  if (yamlText) {
    // One finding per document says why it was not checked; a templated file gets one in all,
    // as information, since its errors come from the placeholders rather than from the author.
    const templated = text.includes('{{');
    const seenDocs = new Set<number>();
    const parseSeverity = severityFor(PARSE_ERROR, options);
    for (const error of parsed.yaml.errors) {
      if (parseSeverity === 'off' || (templated && seenDocs.size > 0)) break;
      const docIndex = parsed.yaml.documents.findIndex((d) => d.range[0] <= error.start && error.start <= d.range[2]);
      if (seenDocs.has(docIndex)) continue;
      seenDocs.add(docIndex);
      const f = builtin(PARSE_ERROR, templated ? 'template' : 'yaml', { detail: error.message }, error.start, error.end);
      const overridden = options.rules?.[PARSE_ERROR.id] !== undefined;
      findings.push({ ...f, severity: templated && !overridden ? 'info' : parseSeverity });
    }
  }

  for (const rule of rules) {
    if (!rule.targets.includes(kind)) continue;
    const severity = severityFor(rule, options);
    if (severity === 'off') continue;
    const reported: Finding[] = [];
    try {
      const userOverride = options.rules?.[rule.id] !== undefined;
      const report = (d: ReportDescriptor<string>) => {
        const data = d.data ?? {};
        const template = (rule.messages as Record<string, string>)[d.messageId];
        if (template === undefined) throw new Error(`unknown messageId '${d.messageId}'`);
        reported.push({
          ruleId: rule.id,
          messageId: d.messageId,
          severity: d.severity && !userOverride ? d.severity : severity,
          message: formatMessage(template, data),
          data,
          start: d.start,
          end: Math.max(d.start, d.end),
          fix: d.fix,
        });
      };
      if (isWorkloadRule(rule)) visitWorkloads(rule, parsed, options, report);
      else rule.check({ file: parsed, options, report });
      findings.push(...reported);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      findings.push(...emitBuiltin(INTERNAL_ERROR, [builtin(INTERNAL_ERROR, 'ruleFailed', { rule: rule.id, detail }, 0, 0)]));
    }
  }

  const kept = applySuppressions(parsed, findings, options.showSuppressed === true);
  kept.sort(compareFindings);
  return { kind, findings: kept };
}

/**
 * Walks every workload of the file's dialects through a workload rule's visitors: file-wide
 * variables first, then each workload in the dialect's order (concrete before templates).
 */
function visitWorkloads(
  rule: WorkloadRule,
  file: ParsedFile,
  options: LintOptions,
  report: (d: ReportDescriptor<string>) => void,
): void {
  const seen = new Set<string>();
  const once = rule.dedupe === 'none'
    ? report
    : (d: ReportDescriptor<string>) => {
      const key = `${d.messageId}:${d.start}:${d.end}`;
      if (seen.has(key)) return;
      seen.add(key);
      report(d);
    };
  const visitors = rule.create({
    file,
    options,
    report: once,
    rewriteOf: (w) => {
      const rewrite = w?.rewrite;
      return rewrite ? () => rewrite(options) : undefined;
    },
  });
  for (const dialect of dialectsFor(file.kind)) {
    if (rule.scope !== 'any' && rule.scope !== dialect.scope) continue;
    const { workloads, globalEnv, resources } = dialect.workloads(file);
    if (visitors.env) for (const v of globalEnv) visitors.env(v, undefined, undefined);
    for (const w of workloads) {
      visitors.workload?.(w);
      for (const c of w.containers) {
        visitors.container?.(c, w);
        if (visitors.env) for (const v of c.env) visitors.env(v, w, c);
      }
      if (visitors.env) for (const v of w.env) visitors.env(v, w, undefined);
      if (visitors.script) for (const s of w.scripts) visitors.script(s, w);
      if (visitors.volume) for (const v of w.volumes) visitors.volume(v, w);
    }
    if (visitors.resource) for (const r of resources ?? []) visitors.resource(r);
  }
}
