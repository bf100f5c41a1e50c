// Runs the rules that target a file's kind. A rule that throws is isolated: it is reported once as
// an internal-error finding and the other rules still run. Output order is stable (offset, then id).
import { FILE_SKIPPED, INTERNAL_ERROR, PARSE_ERROR } from './builtin-findings.js';
import { classify } from './classify.js';
import { ParsedFile } from './parsed-file.js';
import { allRules } from './registry.js';
import { dialectsFor, isYamlKind } from './dialects/index.js';
import { formatMessage, isWorkloadRule, type ReportDescriptor, type Rule, type WorkloadRule } from './rule.js';
import { DEFAULT_MAX_SCRIPT_LENGTH, withScriptLimit } from './parse/shell/budget.js';
import { applySuppressions } from './suppress.js';
import { DEFAULT_MAX_NESTING_DEPTH } from './parse/yaml.js';
import type { Finding, LintOptions, LintResult, OffsetRange, RuleMeta, Severity, SourceFile } from './types.js';

export const DEFAULT_MAX_FILE_SIZE = 2_000_000;
export const DEFAULT_TIME_BUDGET_MS = 2_000;
export { DEFAULT_MAX_SCRIPT_LENGTH };
export { DEFAULT_MAX_NESTING_DEPTH } from './parse/yaml.js';

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

/**
 * NUL anywhere in the first 8,000 characters, or many characters no text file holds: control
 * characters other than tab, line breaks, form feed and escape, or U+FFFD (bytes that were not valid
 * UTF-8 when the file was read).
 */
export function looksBinary(text: string): boolean {
  const head = text.length > 8000 ? text.slice(0, 8000) : text;
  if (head.includes('\u0000')) return true;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 0x7f || c === 0xfffd) odd++;
  }
  return odd > 8 && odd * 20 > head.length;
}

/** A finding's range inside the text: rules and parsers may point one past the end, or end before they start. */
function clampRange(f: Finding, length: number): Finding {
  const start = Math.max(0, Math.min(f.start, length));
  const end = Math.max(start, Math.min(f.end, length));
  return start === f.start && end === f.end ? f : { ...f, start, end };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

function severityFor(rule: RuleMeta, options: LintOptions): Severity | 'off' {
  return options.rules?.[rule.id] ?? (rule.defaultOff ? 'off' : rule.severity);
}

/** Lints one file. Accepts a ParsedFile so that callers with a parse cache can reuse it. */
export function lintFile(
  input: SourceFile | ParsedFile,
  options: LintOptions = {},
  rules: readonly Rule[] = allRules,
): LintResult {
  const parsed = input instanceof ParsedFile
    ? input
    : new ParsedFile(input, classify(input.path, input.text), undefined, { maxNestingDepth: options.maxNestingDepth, chartValues: options.chartValues });
  const kind = parsed.kind;
  if (kind === 'unknown') return { kind, findings: [] };
  const text = parsed.text;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const emitBuiltin = (meta: RuleMeta, f: Finding[]) => emitBuiltinFor(options, meta, f);
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
  const yamlText = isYamlKind(kind);
  const problemSeverity = severityFor(PARSE_ERROR, options);
  for (const problem of dialects.flatMap((d) => d.problems?.(parsed) ?? [])) {
    if (problemSeverity === 'off') break;
    const messageId = problem.language === 'yaml' ? 'embeddedYaml' : problem.language;
    const f = builtin(PARSE_ERROR, messageId, { detail: problem.detail }, problem.start, problem.end);
    findings.push({ ...f, severity: problemSeverity });
  }
  if (yamlText) {
    // One finding per document says what was not checked; a templated file gets one in all,
    // as information, since its errors come from the placeholders rather than from the author.
    const templated = text.includes('{{');
    const seenDocs = new Set<number>();
    const parseSeverity = severityFor(PARSE_ERROR, options);
    const overridden = options.rules?.[PARSE_ERROR.id] !== undefined;
    for (const error of parsed.yaml.errors) {
      if (parseSeverity === 'off' || (templated && seenDocs.size > 0)) break;
      const docIndex = parsed.yaml.documents.findIndex((d) => d.range[0] <= error.start && error.start <= d.range[2]);
      if (seenDocs.has(docIndex)) continue;
      seenDocs.add(docIndex);
      const messageId = templated ? 'template' : error.lenient ? 'lenient' : 'yaml';
      const f = builtin(PARSE_ERROR, messageId, { detail: error.message }, error.start, error.end);
      findings.push({ ...f, severity: messageId !== 'yaml' && !overridden ? 'info' : parseSeverity });
    }
    const reasons = { control: 'it mixes YAML with template control actions', multiline: 'a template action spans lines that hold YAML', unclosed: 'a template action is not closed' };
    const lines = (parsed.yaml.templateSkipped ?? []).map((l) => builtin(FILE_SKIPPED, 'template', { detail: `line ${l.line + 1}: ${reasons[l.reason]}`, line: String(l.line + 1) }, l.start, l.end));
    findings.push(...emitBuiltin(FILE_SKIPPED, lines));
    const depth = String(options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH);
    findings.push(...emitBuiltin(FILE_SKIPPED, (parsed.yaml.tooDeep ?? []).map((d) => builtin(FILE_SKIPPED, 'tooDeep', { limit: depth }, d.start, d.end))));
  }

  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const { longestCut } = withScriptLimit(options.maxScriptLength ?? DEFAULT_MAX_SCRIPT_LENGTH, () => runRules(parsed, options, rules, budget, findings));
  if (longestCut > 0) {
    const data = { size: String(longestCut), limit: String(options.maxScriptLength ?? DEFAULT_MAX_SCRIPT_LENGTH) };
    findings.push(...emitBuiltin(FILE_SKIPPED, [builtin(FILE_SKIPPED, 'scriptTooLong', data, 0, 0)]));
  }

  const filled = yamlText ? parsed.parsedYaml?.filled ?? [] : [];
  const guarded = filled.length > 0 ? findings.map((f) => keepFilledValues(f, filled)) : findings;
  const kept = applySuppressions(parsed, guarded.map((f) => clampRange(f, text.length)), options.showSuppressed === true);
  kept.sort(compareFindings);
  return { kind, findings: kept };
}

/** A fix that would edit an image name filled from values.yaml refuses: the template text is what is written. */
function keepFilledValues(f: Finding, filled: readonly OffsetRange[]): Finding {
  const fix = f.fix;
  if (!fix) return f;
  return {
    ...f,
    fix: () => {
      const outcome = fix();
      if (outcome.type !== 'fix' || !outcome.edits.some((e) => filled.some((r) => e.start < r.end && r.start < e.end))) return outcome;
      return { type: 'refusal', title: outcome.title, reason: "it would edit an image name that comes from the chart's values.yaml; change it there" };
    },
  };
}

/**
 * Runs each rule that targets the file, isolating failures. Once the rules have used `budget`
 * milliseconds, the rest are skipped and one finding names the slowest rule: no file holds up the
 * others, and a slow rule is visible rather than silent.
 */
function runRules(parsed: ParsedFile, options: LintOptions, rules: readonly Rule[], budget: number, findings: Finding[]): void {
  const kind = parsed.kind;
  let spent = 0;
  let slowest = { id: '', ms: -1 };
  const skipped: string[] = [];
  // One clock reading per rule: each rule's time runs from the previous reading to its own.
  let clock = performance.now();
  for (const rule of rules) {
    if (!rule.targets.includes(kind)) continue;
    const severity = severityFor(rule, options);
    if (severity === 'off') continue;
    if (spent > budget) {
      skipped.push(rule.id);
      continue;
    }
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
          ...(d.alternativeFixes ? { alternativeFixes: d.alternativeFixes } : {}),
        });
      };
      if (isWorkloadRule(rule)) visitWorkloads(rule, parsed, options, report);
      else rule.check({ file: parsed, options, report });
      findings.push(...reported);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      findings.push(...emitBuiltinFor(options, INTERNAL_ERROR, [builtin(INTERNAL_ERROR, 'ruleFailed', { rule: rule.id, detail }, 0, 0)]));
    }
    const now = performance.now();
    const ms = now - clock;
    clock = now;
    spent += ms;
    if (ms > slowest.ms) slowest = { id: rule.id, ms };
  }
  if (skipped.length > 0) {
    const data = { budget: String(budget), spent: String(Math.round(spent)), rule: slowest.id, ms: String(Math.round(slowest.ms)), skipped: skipped.join(', ') };
    findings.push(...emitBuiltinFor(options, FILE_SKIPPED, [builtin(FILE_SKIPPED, 'timeBudget', data, 0, 0)]));
  }
}

function emitBuiltinFor(options: LintOptions, meta: RuleMeta, f: Finding[]): Finding[] {
  const sev = severityFor(meta, options);
  return sev === 'off' ? [] : f.map((x) => ({ ...x, severity: sev }));
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
