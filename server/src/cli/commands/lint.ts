// `daemonless lint`: one file at a time, findings reduced to small records as soon
// as a file is done so no parse tree outlives its file.
import {
  allRules,
  BUILTIN_FINDINGS,
  classify,
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

export async function runLint(run: LintRun, io: Io, rules: readonly Rule[] = allRules): Promise<number> {
  const reporter = reporterFor(run.format, { write: io.stdout, rules: knownRules(rules), version: run.version, cwd: io.cwd });
  let worst = -1;
  let failed = false;
  for (const { file, source } of withSources(collectFiles(run.paths, io.cwd, run.exclude))) {
    if (source instanceof Error) {
      io.stderr(`daemonless: cannot read ${file.rel}: ${source.message}\n`);
      failed = true;
      continue;
    }
    let records: FindingRecord[];
    try {
      const result = lintSource(file, source.text, run.lint, rules);
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
