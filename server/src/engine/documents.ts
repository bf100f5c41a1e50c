// How a file is cut up and linted: the one answer the CLI, the workspace scan and the language server
// all give. A multi-document Kubernetes file is linted per `---` document, as kubectl reads it, so a
// syntax error in one document (an unclosed quote runs on past the next `---` in a whole parse) hides
// nothing in the documents after it. The decision does not depend on the file's size. Other files are
// linted whole; a caller that keeps the last version's result (the server, per open document) passes
// it back so that unchanged documents are reused and other YAML files are re-parsed incrementally.
import { isYamlKind } from './dialects/index.js';
import { FILE_SKIPPED } from './builtin-findings.js';
import type { YamlLimits } from './parse/yaml.js';
import { spliceYaml, type YamlBase } from './parse/yaml-splice.js';
import { serviceAccountsOf } from './model/k8s/pod-spec.js';
import { ParsedFile, type DocumentContext, type ServiceAccountFacts } from './parsed-file.js';
import { allRules } from './registry.js';
import { formatMessage, type Rule } from './rule.js';
import { compareFindings, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_NESTING_DEPTH, lintFile } from './runner.js';
import type { FileKind, Finding, LintOptions, Severity } from './types.js';

/** A finding placed in the whole file, and the engine's finding it came from. */
export interface LocatedFinding {
  /** The finding with offsets into the whole file. */
  finding: Finding;
  /** The engine's finding, with offsets into `file` (a `---` document when the file was split). */
  source: Finding;
  /** Absent only for findings made without reading the file (one too large to read). */
  file?: ParsedFile;
  /** Offset of `file` in the whole text. */
  delta: number;
}

/** One linted `---` document (or the whole file). */
export interface LintedDocument {
  file: ParsedFile;
  findings: Finding[];
}

/**
 * What one version's lint leaves for the next version's: the results of each `---` document by its
 * text, or the last whole parse of a YAML file. A memory is used at most once (re-parsing moves its
 * nodes); pass the new result's `memory` to the next call.
 */
export interface LintMemory {
  documents?: ReadonlyMap<string, LintedDocument>;
  yaml?: YamlBase & { incremental: boolean };
}

export interface DocumentsInput {
  /** Path as given to the rules (workspace-relative or absolute). */
  path: string;
  text: string;
  kind: FileKind;
}

export interface LintedFile {
  path: string;
  text: string;
  kind: FileKind;
  options: LintOptions;
  rules: readonly Rule[];
  /** Sorted by offset in the whole file. */
  findings: LocatedFinding[];
  /**
   * True when the findings do not come from one whole parse of the text (the file was linted per `---`
   * document, or re-parsed incrementally): fixFor then computes fixes on a whole parse.
   */
  split: boolean;
  /** What the next version's lintDocuments call can reuse. */
  memory: LintMemory;
  /** The parse the rules read, when the file was linted whole (for callers reading more facts of it). */
  file?: ParsedFile;
}

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
/** A document whose top-level kind is ServiceAccount (quoted or not). */
const SERVICE_ACCOUNT_DOCUMENT = /^kind:[ \t]*(["']?)ServiceAccount\1[ \t]*(?:#.*)?\r?$/m;
const IGNORE_FILE = /#\s*daemonless\s+ignore-file=([A-Za-z0-9_,-]+)/g;

/**
 * Start offsets of the `---` documents a file is linted as, or undefined when it is linted whole: only
 * Kubernetes files with two documents or more are split, and not those with templates, directives or
 * explicit document ends (which change how documents relate), binary content, or over the size limit.
 */
export function documentStarts(text: string, kind: FileKind, options: LintOptions = {}): number[] | undefined {
  if (kind !== 'k8s') return undefined;
  if (text.length > (options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE)) return undefined;
  if (text.includes('{{') || text.includes('\u0000') || /^(%|\.\.\.(\s|$))/m.test(text)) return undefined;
  const starts: number[] = [];
  DOCUMENT_START.lastIndex = 0;
  for (let m = DOCUMENT_START.exec(text); m; m = DOCUMENT_START.exec(text)) starts.push(m.index);
  if (starts.length === 0 || (starts.length === 1 && starts[0] === 0)) return undefined;
  if (starts[0] !== 0) starts.unshift(0);
  return starts;
}

/** `# daemonless ignore-file=` ids anywhere in the file: each document's lint only sees its own. */
function fileWideIgnores(text: string): Set<string> {
  const ids = new Set<string>();
  if (!text.includes('ignore-file')) return ids;
  IGNORE_FILE.lastIndex = 0;
  for (let m = IGNORE_FILE.exec(text); m; m = IGNORE_FILE.exec(text)) {
    for (const id of m[1].split(',')) if (id) ids.add(id);
  }
  return ids;
}

/** A failed re-parse must cost no more than a whole parse: the base is dropped either way. */
function spliceOrUndefined(base: YamlBase, text: string): ReturnType<typeof spliceYaml> {
  try {
    return spliceYaml(base, text);
  } catch {
    return undefined;
  }
}

function yamlLimits(options: LintOptions): YamlLimits {
  return { maxNestingDepth: options.maxNestingDepth, chartValues: options.chartValues };
}

function located(source: Finding, file: ParsedFile, delta: number): LocatedFinding {
  const finding = delta === 0 ? source : { ...source, start: source.start + delta, end: source.end + delta };
  return { finding, source, file, delta };
}

/**
 * Lints a file the way every adapter does: per `---` document when documentStarts splits it, whole
 * otherwise. `memory` is the previous version's `result.memory`, for callers that lint successive
 * versions of one file; omit it for a one-off lint.
 */
export function lintDocuments(
  input: DocumentsInput,
  options: LintOptions = {},
  rules: readonly Rule[] = allRules,
  memory?: LintMemory,
): LintedFile {
  const { path, text, kind } = input;
  const base = { path, text, kind, options, rules };
  if (kind === 'unknown') return { ...base, findings: [], split: false, memory: {} };
  const starts = documentStarts(text, kind, options);
  if (!starts) {
    const yamlBase = memory?.yaml;
    // A re-parsed part is checked against the default nesting depth only.
    // Templated text is masked before it is parsed, which a splice would not do.
    const spliceable = isYamlKind(kind) && (options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH) === DEFAULT_MAX_NESTING_DEPTH && !text.includes('{{');
    const spliced = yamlBase && spliceable ? spliceOrUndefined(yamlBase, text) : undefined;
    const file = new ParsedFile({ path, text }, kind, spliced, yamlLimits(options));
    const findings = lintFile(file, options, rules).findings.map((f) => located(f, file, 0));
    // The same text gives back the base's own parse, which may itself have been spliced.
    const incremental = spliced !== undefined && (spliced !== yamlBase?.yaml || yamlBase.incremental);
    const parsed = file.parsedYaml;
    // Fixes edit by node ranges only, which a re-parse keeps exact, but they are computed on a whole
    // parse all the same: a rewrite must never depend on how the text was parsed.
    return { ...base, findings, split: incremental, file, memory: parsed ? { yaml: { text, yaml: parsed, incremental } } : {} };
  }
  const previous = memory?.documents;
  const current = new Map<string, LintedDocument>();
  const ignored = fileWideIgnores(text);
  const findings: LocatedFinding[] = [];
  const chunks = starts.map((start, i) => text.slice(start, i + 1 < starts.length ? starts[i + 1] : text.length));
  // ServiceAccount documents first: a pod in another document runs as one of them. They hold no pod,
  // so they are linted alone; every other document is linted knowing them, and cached by both.
  const results: LintedDocument[] = [];
  const accounts: ServiceAccountFacts[] = [];
  for (let i = 0; i < chunks.length; i++) {
    if (!SERVICE_ACCOUNT_DOCUMENT.test(chunks[i])) continue;
    results[i] = lintDocument(current, previous, base, chunks[i], chunks[i]);
    accounts.push(...serviceAccountsOf(results[i].file));
  }
  const context: DocumentContext | undefined = accounts.length > 0 ? { serviceAccounts: accounts } : undefined;
  const contextKey = context ? `\u0000${JSON.stringify(accounts.map((a) => [a.name, a.namespace ?? null, a.automount ?? null]))}` : '';
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const result = results[i] ?? lintDocument(current, previous, base, chunks[i], chunks[i] + contextKey, context);
    for (const f of result.findings) {
      if (!ignored.has(f.ruleId)) findings.push(located(f, result.file, start));
      else if (options.showSuppressed) findings.push(located(f.suppressedBy ? f : { ...f, suppressedBy: 'daemonless' }, result.file, start));
    }
  }
  // In the order a whole lint gives: by offset, then id.
  findings.sort((a, b) => compareFindings(a.finding, b.finding));
  return { ...base, findings, split: true, memory: { documents: current } };
}

/**
 * One document's lint, from this version, the previous one, or made now; `key` is what it was linted
 * from (its text, and the context when it has one).
 */
function lintDocument(
  current: Map<string, LintedDocument>,
  previous: ReadonlyMap<string, LintedDocument> | undefined,
  { path, kind, options, rules }: { path: string; kind: FileKind; options: LintOptions; rules: readonly Rule[] },
  chunk: string,
  key: string,
  context?: DocumentContext,
): LintedDocument {
  let result = current.get(key) ?? previous?.get(key);
  if (!result) {
    const file = new ParsedFile({ path, text: chunk }, kind, undefined, yamlLimits(options), context);
    result = { file, findings: lintFile(file, options, rules).findings };
  }
  current.set(key, result);
  return result;
}

/** The findings of a whole parse of each split file, made once and only when a fix is asked for. */
const wholeFindings = new WeakMap<LintedFile, Finding[]>();

/**
 * The fix of a finding of `lint`, with edits in whole-file offsets. When the file was split it is
 * computed on a whole lint of the file: a rewrite needs the file's real document indexes, so it never
 * sees a lone document. Undefined when the finding has no fix, or when a whole parse does not report
 * the same finding (its document is hidden by a syntax error in an earlier one).
 */
export function fixFor(lint: LintedFile, found: LocatedFinding): Finding['fix'] {
  if (!found.source.fix || !lint.split) return found.source.fix;
  let whole = wholeFindings.get(lint);
  if (!whole) {
    whole = lintFile(new ParsedFile({ path: lint.path, text: lint.text }, lint.kind, undefined, yamlLimits(lint.options)), lint.options, lint.rules).findings;
    wholeFindings.set(lint, whole);
  }
  const f = found.finding;
  return whole.find((w) => w.ruleId === f.ruleId && w.messageId === f.messageId && w.start === f.start && w.end === f.end)?.fix;
}

/**
 * The file-skipped finding for a file of `size` characters (or bytes) over `limit`, made without
 * reading the file; undefined when the user turned file-skipped off. The same finding lintFile makes
 * for a file it was given but will not analyse.
 */
export function skippedFinding(size: number, limit: number, options: LintOptions = {}): Finding | undefined {
  const severity = options.rules?.[FILE_SKIPPED.id] ?? FILE_SKIPPED.severity;
  if (severity === 'off') return undefined;
  const data = { size: String(size), limit: String(limit) };
  return {
    ruleId: FILE_SKIPPED.id,
    messageId: 'tooLarge',
    severity: severity as Severity,
    message: formatMessage(FILE_SKIPPED.messages.tooLarge, data),
    data,
    start: 0,
    end: 0,
  };
}
