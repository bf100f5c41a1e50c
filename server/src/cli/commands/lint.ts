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

/** What linting one file gave: its records, or none (not a file daemonless reads, or it failed), and its messages. */
interface FileOutcome {
  records?: FindingRecord[];
  /** Lines for stderr (notes, read or internal errors), in the order they were written. */
  messages: string[];
  failed: boolean;
}

/**
 * Lints one file; `builds`, when given, decides the stage a Dockerfile ships and records what any
 * other file builds, from the lint's own parse.
 */
function lintFile(file: InputFile, run: LintRun, rules: readonly Rule[], builds: BuildIndex | undefined): FileOutcome {
  const messages: string[] = [];
  let text: string;
  try {
    text = readSource(file.abs).text;
  } catch (error) {
    return { messages: [`daemonless: cannot read ${file.rel}: ${error instanceof Error ? error.message : String(error)}\n`], failed: true };
  }
  try {
    let options = run.lint;
    const dockerfile = classifyByName(file.abs) === 'dockerfile';
    if (builds && dockerfile) {
      const applied = builds.apply(file.abs, text, options);
      options = applied.options;
      if (applied.target) messages.push(`daemonless: note: ${file.rel}: stage '${applied.target.target}' is judged as the one that ships (${applied.target.origin})\n`);
      if (applied.ambiguous) messages.push(`daemonless: note: ${file.rel}: ${applied.ambiguous.message}\n`);
    }
    const result = lintSource(file, text, options, rules);
    if (!result) return { messages, failed: false };
    if (builds && !dockerfile && mayNameBuilds(result.kind, text)) {
      try {
        builds.set(file.abs, file.root ?? file.abs, text, result.kind, result);
      } catch {
        // The builds of a file the reader cannot take are not known; its findings still count.
      }
    }
    const target = run.lint.dockerfileTarget;
    if (target && result.kind === 'dockerfile' && missesTarget(result.text, target)) {
      messages.push(`daemonless: note: dockerfile.target '${target}' names no stage of ${file.rel}; its last stage is judged as the one that ships\n`);
    }
    return { records: toRecords(result.text, result.findings), messages, failed: false };
  } catch (error) {
    messages.push(`daemonless: internal error on ${file.rel}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return { messages, failed: true };
  }
}

export async function runLint(run: LintRun, io: Io, rules: readonly Rule[] = allRules): Promise<number> {
  const reporter = reporterFor(run.format, { write: io.stdout, rules: knownRules(rules), version: run.version, cwd: io.cwd });
  let worst = -1;
  let failed = false;
  const report = (file: InputFile, outcome: FileOutcome) => {
    for (const m of outcome.messages) io.stderr(m);
    failed ||= outcome.failed;
    if (!outcome.records) return;
    for (const r of outcome.records) if (!r.suppressedBy) worst = Math.max(worst, RANK[r.severity]);
    reporter.file(file.rel, outcome.records);
  };
  const files = [...collectFiles(run.paths, io.cwd, run.exclude)];
  const isDockerfile = (f: InputFile) => classifyByName(f.abs) === 'dockerfile';
  if (run.lint.dockerfileTarget || !files.some(isDockerfile)) {
    // No stage to learn from CI builds: each file is reported as soon as it is linted.
    for (const file of files) report(file, lintFile(file, run, rules, undefined));
  } else {
    // The stage a Dockerfile ships may come from any CI file's builds, so the Dockerfiles are linted
    // after every other file (each parsed once, its builds read from that parse); the report keeps
    // the walk's order, holding only the small records meanwhile.
    const builds = new BuildIndex();
    const outcomes = files.map((f) => (isDockerfile(f) ? undefined : lintFile(f, run, rules, builds)));
    files.forEach((f, i) => report(f, outcomes[i] ?? lintFile(f, run, rules, builds)));
  }
  reporter.end();
  if (failed) return 2;
  return worst >= THRESHOLD[run.failOn] ? 1 : 0;
}
