// Lints one version of one file and keeps what code actions need to find a finding again. A
// multi-document Kubernetes file is linted per `---` document and each document's result is reused
// while its text is unchanged, so a keystroke re-parses only the document it touched. Other YAML
// files keep their last parse, and a keystroke re-parses only the entries it touched (spliceYaml).
import { classify, classifyYamlContent } from '../engine/classify.js';
import { LineIndex, type Position } from '../engine/text-position.js';
import { ParsedFile } from '../engine/parsed-file.js';
import { spliceYaml, type YamlBase } from '../engine/parse/yaml-splice.js';
import { lintFile } from '../engine/runner.js';
import type { FileKind, Finding, LintOptions } from '../engine/types.js';

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

export interface Analysis {
  uri: string;
  /** Document version, or null for a file read from disk. */
  version: number | null;
  text: string;
  kind: FileKind;
  lines: Positions;
  findings: LocatedFinding[];
  /**
   * Set when the findings do not come from a whole parse of the text (the file was linted per `---`
   * document, or parsed incrementally): how to lint it whole, for fixes.
   */
  split?: { path: string; options: LintOptions; whole?: Finding[] };
}

/** Offset → position for the analysed text (an open document's own line table, or a LineIndex). */
export interface Positions {
  positionAt(offset: number): Position;
}

export interface LintInput {
  uri: string;
  /** File system path, or the URI's path for documents that are not files; used to classify. */
  path: string;
  languageId?: string;
  version: number | null;
  text: string;
  /** Positions for `text` when the caller already has them (an open document keeps its line table up to date incrementally). */
  positions?: Positions;
}

interface DocumentResult {
  file: ParsedFile;
  findings: Finding[];
}

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
const IGNORE_FILE = /#\s*daemonless\s+ignore-file=([A-Za-z0-9_,-]+)/g;
/** Below this size splitting saves nothing worth its bookkeeping. */
const SPLIT_MIN_LENGTH = 20_000;

export function kindOf(path: string, text: string, languageId?: string): FileKind {
  const kind = classify(path, text);
  if (kind !== 'unknown') return kind;
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'yaml') return classifyYamlContent(text);
  if (languageId === 'json') return classifyYamlContent(text, true);
  return 'unknown';
}

/** Start offsets of the `---` documents, or undefined when the file must be linted whole. */
function documentStarts(text: string, options: LintOptions, kind: FileKind): number[] | undefined {
  if (kind !== 'k8s' || text.length < SPLIT_MIN_LENGTH) return undefined;
  if (text.length > (options.maxFileSize ?? Number.POSITIVE_INFINITY)) return undefined;
  // Templates, directives and explicit document ends change how documents relate; keep those whole.
  if (text.includes('{{') || text.includes('\u0000') || /^(%|\.\.\.(\s|$))/m.test(text)) return undefined;
  const starts: number[] = [];
  DOCUMENT_START.lastIndex = 0;
  for (let m = DOCUMENT_START.exec(text); m; m = DOCUMENT_START.exec(text)) starts.push(m.index);
  if (starts.length < 2) return undefined;
  if (starts[0] !== 0) starts.unshift(0);
  return starts;
}

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

function located(source: Finding, file: ParsedFile, delta: number): LocatedFinding {
  const finding = delta === 0 ? source : { ...source, start: source.start + delta, end: source.end + delta };
  return { finding, source, file, delta };
}

/**
 * Lints files and remembers, per URI, the results of each `---` document of the last version, or the
 * last parse of a YAML file linted whole.
 */
export class Analyzer {
  private readonly documents = new Map<string, Map<string, DocumentResult>>();
  /** The last parse of each YAML file linted whole, to re-parse its next version incrementally. */
  private readonly yamlBases = new Map<string, YamlBase & { incremental: boolean }>();

  /** `remember: false` for one-off reads (the workspace scan) so no parse outlives the call. */
  analyze(input: LintInput, options: LintOptions, remember = true): Analysis {
    const { text, path } = input;
    const kind = kindOf(path, text, input.languageId);
    const lines = input.positions ?? new LineIndex(text);
    const base = { uri: input.uri, version: input.version, text, kind, lines };
    // A base is used at most once: re-parsing moves its nodes.
    const yamlBase = remember ? this.yamlBases.get(input.uri) : undefined;
    if (remember) this.yamlBases.delete(input.uri);
    if (kind === 'unknown') {
      this.documents.delete(input.uri);
      return { ...base, findings: [] };
    }
    const starts = documentStarts(text, options, kind);
    if (!starts) {
      this.documents.delete(input.uri);
      const spliced = yamlBase && kind !== 'dockerfile' ? spliceOrUndefined(yamlBase, text) : undefined;
      const file = new ParsedFile({ path, text }, kind, spliced);
      const findings = lintFile(file, options).findings.map((f) => located(f, file, 0));
      // The same text gives back the base's own parse, which may itself have been spliced.
      const incremental = spliced !== undefined && (spliced !== yamlBase?.yaml || yamlBase.incremental);
      const parsed = file.parsedYaml;
      if (remember && parsed) this.yamlBases.set(input.uri, { text, yaml: parsed, incremental });
      // Fixes edit by node ranges only, which a re-parse keeps exact, but they are computed on a whole
      // parse all the same: a rewrite must never depend on how the text was parsed.
      return { ...base, findings, ...(incremental ? { split: { path, options } } : {}) };
    }
    const previous = this.documents.get(input.uri) ?? new Map<string, DocumentResult>();
    const current = new Map<string, DocumentResult>();
    const ignored = fileWideIgnores(text);
    const findings: LocatedFinding[] = [];
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i];
      const chunk = text.slice(start, i + 1 < starts.length ? starts[i + 1] : text.length);
      let result = current.get(chunk) ?? previous.get(chunk);
      if (!result) {
        const file = new ParsedFile({ path, text: chunk }, kind);
        result = { file, findings: lintFile(file, options).findings };
      }
      current.set(chunk, result);
      for (const f of result.findings) if (!ignored.has(f.ruleId)) findings.push(located(f, result.file, start));
    }
    if (remember) this.documents.set(input.uri, current);
    return { ...base, findings, split: { path, options } };
  }

  /**
   * The fix of a finding, computed on the whole file when the file was split: a rewrite needs the
   * file's real document indexes, so it never sees a lone document. Linting whole happens once per
   * version and only when a fix is asked for.
   */
  fixOf(analysis: Analysis, located: LocatedFinding): Finding['fix'] {
    if (!located.source.fix || !analysis.split) return located.source.fix;
    const split = analysis.split;
    split.whole ??= lintFile(new ParsedFile({ path: split.path, text: analysis.text }, analysis.kind), split.options).findings;
    const f = located.finding;
    return split.whole.find((w) => w.ruleId === f.ruleId && w.messageId === f.messageId && w.start === f.start && w.end === f.end)?.fix;
  }

  /** Drops cached documents (after a settings change, or when a file is closed or deleted). */
  forget(uri?: string): void {
    if (uri === undefined) {
      this.documents.clear();
      this.yamlBases.clear();
    } else {
      this.documents.delete(uri);
      this.yamlBases.delete(uri);
    }
  }
}
