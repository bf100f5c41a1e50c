// `daemonless lint`: one file at a time, findings reduced to small records as soon
// as a file is done so no parse tree outlives its file.
import {
  allRules,
  BUILTIN_FINDINGS,
  classify,
  classifyByName,
  classifyYamlContent,
  LineIndex,
  lintDocuments,
  type LintedFile,
  type LintOptions,
  type LocatedFinding,
  type Rule,
  type RuleMeta,
  type FileKind,
  type Severity,
} from '../../engine/index.js';
import type { FailOn, FormatName } from '../args.js';
import { collectFiles, readSource, type InputFile, type SourceText } from '../files.js';
import { readDockerignore } from '../../workspace/dockerignore.js';
import { BuildIndex, mayNameBuilds } from '../../workspace/build-targets.js';
import { missesTarget } from '../../config/dockerfile-target.js';
import { withChartValues } from '../../workspace/chart-values.js';
import { REPORTERS } from '../formats/index.js';
import type { FindingRecord, Reporter, ReporterContext } from '../formats/report.js';
import type { Io } from '../io.js';

export interface LintRun {
  paths: string[];
  format: FormatName;
  failOn: FailOn;
  lint: LintOptions;
  exclude: string[];
  version: string;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
const THRESHOLD: Record<FailOn, number> = { error: 3, warning: 2, info: 1, never: Number.POSITIVE_INFINITY };

/** Registered rules (sorted by id) followed by the engine's built-in findings. */
export function knownRules(rules: readonly RuleMeta[]): RuleMeta[] {
  return [...[...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), ...BUILTIN_FINDINGS];
}

export function reporterFor(format: FormatName, ctx: ReporterContext): Reporter {
  return REPORTERS[format](ctx);
}

/** Pairs each file with its text, or with the error that kept it from being read. */
export function* withSources(files: Iterable<InputFile>): Generator<{ file: InputFile; source: SourceText | Error }> {
  for (const file of files) {
    let source: SourceText | Error;
    try {
      source = readSource(file.abs);
    } catch (error) {
      source = error instanceof Error ? error : new Error(String(error));
    }
    yield { file, source };
  }
}

/**
 * Parses and lints one file as the language server does (per `---` document for a multi-document
 * Kubernetes file); the caller keeps only what it takes from the result.
 */
export function lintSource(file: InputFile, text: string, options: LintOptions, rules: readonly Rule[]): LintedFile | undefined {
  let kind = classify(file.abs, text);
  if (kind === 'unknown' && file.explicit) kind = classifyYamlContent(text);
  if (kind === 'unknown') return undefined;
  // The build context's ignore file, for the rules about what `COPY . .` takes in.
  if (kind === 'dockerfile' && options.dockerignore === undefined) {
    const dockerignore = readDockerignore(file.abs);
    if (dockerignore !== undefined) options = { ...options, dockerignore };
  }
  return lintDocuments({ path: file.rel, text, kind }, withChartValues(options, file.abs, kind, text), rules);
}

export function toRecords(text: string, findings: readonly LocatedFinding[]): FindingRecord[] {
  if (findings.length === 0) return [];
  const lines = new LineIndex(text);
  return findings.map(({ finding: f }) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    start: lines.positionAt(f.start),
    end: lines.positionAt(f.end),
    ...(f.suppressedBy ? { suppressedBy: f.suppressedBy } : {}),
  }));
}

/** A file's kind as lintSource decides it. */
function kindOf(file: InputFile, text: string): FileKind {
  const kind = classify(file.abs, text);
  return kind === 'unknown' && file.explicit ? classifyYamlContent(text) : kind;
}

/**
 * The builds the CI files among `files` name, read before any Dockerfile is judged (the stage that
 * ships may come from them), and the texts read for it, which the lint then takes instead of reading
 * them again. Nothing is read when no Dockerfile is linted or the config names the target.
 */
function readBuilds(files: readonly InputFile[], lint: LintOptions): { builds: BuildIndex | undefined; texts: Map<string, SourceText> } {
  const texts = new Map<string, SourceText>();
  if (lint.dockerfileTarget || !files.some((f) => classifyByName(f.abs) === 'dockerfile')) return { builds: undefined, texts };
  const builds = new BuildIndex();
  for (const file of files) {
    if (classifyByName(file.abs) === 'dockerfile') continue;
    let source: SourceText;
    try {
      source = readSource(file.abs);
    } catch {
      continue; // the lint reports it
    }
    const kind = kindOf(file, source.text);
    if (!mayNameBuilds(kind, source.text)) continue;
    texts.set(file.abs, source);
    try {
      builds.set(file.abs, file.root ?? file.abs, source.text, kind);
    } catch {
      // An internal error on this file is reported by its lint; its builds are not known.
    }
  }
  return { builds, texts };
}

export async function runLint(run: LintRun, io: Io, rules: readonly Rule[] = allRules): Promise<number> {
  const reporter = reporterFor(run.format, { write: io.stdout, rules: knownRules(rules), version: run.version, cwd: io.cwd });
  let worst = -1;
  let failed = false;
  const files = [...collectFiles(run.paths, io.cwd, run.exclude)];
  const { builds, texts } = readBuilds(files, run.lint);
  for (const file of files) {
    let source: SourceText | Error;
    try {
      source = texts.get(file.abs) ?? readSource(file.abs);
    } catch (error) {
      source = error instanceof Error ? error : new Error(String(error));
    }
    texts.delete(file.abs);
    if (source instanceof Error) {
      io.stderr(`daemonless: cannot read ${file.rel}: ${source.message}\n`);
      failed = true;
      continue;
    }
    let records: FindingRecord[];
    try {
      let options = run.lint;
      if (builds && kindOf(file, source.text) === 'dockerfile') {
        const applied = builds.apply(file.abs, source.text, options);
        options = applied.options;
        if (applied.target) io.stderr(`daemonless: note: ${file.rel}: stage '${applied.target.target}' is judged as the one that ships (${applied.target.origin})\n`);
        if (applied.ambiguous) io.stderr(`daemonless: note: ${file.rel}: ${applied.ambiguous.message}\n`);
      }
      const result = lintSource(file, source.text, options, rules);
      if (!result) continue;
      const target = run.lint.dockerfileTarget;
      if (target && result.kind === 'dockerfile' && missesTarget(result.text, target)) {
        io.stderr(`daemonless: note: dockerfile.target '${target}' names no stage of ${file.rel}; its last stage is judged as the one that ships\n`);
      }
      records = toRecords(result.text, result.findings);
    } catch (error) {
      io.stderr(`daemonless: internal error on ${file.rel}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      failed = true;
      continue;
    }
    for (const r of records) if (!r.suppressedBy) worst = Math.max(worst, RANK[r.severity]);
    reporter.file(file.rel, records);
  }
  reporter.end();
  if (failed) return 2;
  return worst >= THRESHOLD[run.failOn] ? 1 : 0;
}
