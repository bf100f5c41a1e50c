// The check every rewrite passes before anyone sees it: the edits are applied, the result is parsed
// again and the rules that asked for the rewrite are run on the rewritten job. A result that parses
// worse than the original, still runs a daemon, or changed a byte outside the job becomes a refusal,
// so a placement bug costs the user an offer, never a broken file.
import type { Dialect } from '../dialects/index.js';
import { applyEdits, editsOverlap } from '../edits.js';
import type { Workload } from '../model/workload.js';
import { ParsedFile } from '../parsed-file.js';
import { parseShell } from '../parse/shell.js';
import { baseName, unwrap } from '../parse/shell/programs.js';
import type { Rule, WorkloadRule, WorkloadVisitors } from '../rule.js';
import type { FileKind, FixOutcome, OffsetRange } from '../types.js';
import type { Builder } from './builders/builder.js';

/** What a rewrite edits: one CI job (by name) or one YAML document of pod specs (by index). */
export type RewriteScope = { kind: 'job'; name: string } | { kind: 'document'; index: number; subject?: string };

/** What the rewrite converts, as titles and explanations name it ("job 'build'", "Pod 'builder'"). */
function subjectOf(scope: RewriteScope): string {
  return scope.kind === 'job' ? `job '${scope.name}'` : scope.subject ?? `document ${scope.index + 1}`;
}

/** The rules that offer the rewrite; none of them may fire on the rewritten job. */
export const TRIGGER_RULE_IDS: readonly string[] = [
  'ci-dind-service',
  'ci-dind-no-tls',
  'ci-privileged',
  'ci-docker-socket',
  'k8s-privileged',
  'k8s-docker-socket',
];

export const UNVERIFIED = 'The rewrite of this job could not be verified';

let triggerRules: readonly Rule[] = [];
let dialectsFor: (kind: FileKind) => readonly Dialect[] = () => [];

/**
 * Hands the verifier the trigger rules and the dialects. The registry calls it once it has built the
 * rules: importing either here would make the dialects (which offer the rewrite) import themselves.
 */
export function registerRewriteChecks(rules: readonly Rule[], dialects: (kind: FileKind) => readonly Dialect[]): void {
  triggerRules = rules.filter((r) => TRIGGER_RULE_IDS.includes(r.id));
  dialectsFor = dialects;
}

/** The lines of a CI job (its key line to the end of its last line) or a whole document. */
export function scopeRegion(file: ParsedFile, scope: RewriteScope): OffsetRange | undefined {
  const text = file.text;
  if (scope.kind === 'document') {
    const doc = file.yaml.documents[scope.index];
    if (!doc?.range) return undefined;
    // A document runs to the next one's start (its `---` line) or the end of the file.
    const next = file.yaml.documents[scope.index + 1]?.range;
    return { start: scope.index === 0 ? 0 : doc.range[0], end: next ? next[0] : text.length };
  }
  const w = scopeWorkloads(file, scope)[0];
  if (!w) return undefined;
  const start = text.lastIndexOf('\n', w.keyRange.start - 1) + 1;
  const nl = text.indexOf('\n', Math.max(w.range.end - 1, w.keyRange.start));
  return { start, end: nl < 0 ? text.length : nl + 1 };
}

function scopeWorkloads(file: ParsedFile, scope: RewriteScope): Workload[] {
  const out: Workload[] = [];
  for (const dialect of dialectsFor(file.kind)) {
    for (const w of dialect.workloads(file).workloads) {
      if (scope.kind === 'job' ? w.scope === 'job' && w.kind !== 'defaults' && w.name === scope.name : w.scope === 'pod' && documentOf(file, w) === scope.index) out.push(w);
    }
  }
  return out;
}

function documentOf(file: ParsedFile, w: Workload): number {
  return file.yaml.documents.findIndex((d) => d.range && d.range[0] <= w.range.start && w.range.end <= d.range[2]);
}

/** Names of the file's jobs (or the number of documents), to see that no other job appeared or vanished. */
function shape(file: ParsedFile, scope: RewriteScope): string {
  if (scope.kind === 'document') return `${file.yaml.documents.length} documents`;
  const names: string[] = [];
  for (const dialect of dialectsFor(file.kind)) {
    for (const w of dialect.workloads(file).workloads) if (w.scope === 'job' && w.kind !== 'defaults') names.push(w.name ?? '');
  }
  return names.sort().join('\n');
}

/** Trigger-rule findings of the scope's workloads that lie inside `region` (inherited facts written elsewhere are another job's). */
function daemonFindings(file: ParsedFile, scope: RewriteScope, region: OffsetRange): string[] {
  const found: string[] = [];
  const workloads = scopeWorkloads(file, scope);
  for (const rule of triggerRules) {
    if (!('create' in rule) || !rule.targets.includes(file.kind)) continue;
    const visitors: WorkloadVisitors = (rule as WorkloadRule).create({
      file,
      options: {},
      report: (d) => {
        if (d.start >= region.start && d.end <= region.end) found.push(`${rule.id}/${d.messageId}`);
      },
      rewriteOf: () => undefined,
    });
    for (const w of workloads) {
      const ruleScope = (rule as WorkloadRule).scope;
      if (ruleScope !== 'any' && ruleScope !== w.scope) continue;
      visitors.workload?.(w);
      for (const c of w.containers) {
        visitors.container?.(c, w);
        for (const v of c.env) visitors.env?.(v, w, c);
      }
      for (const v of w.env) visitors.env?.(v, w, undefined);
      for (const s of w.scripts) visitors.script?.(s, w);
      for (const v of w.volumes) visitors.volume?.(v, w);
    }
  }
  return [...new Set(found)];
}

const ENGINES = new Set(['docker', 'docker-compose', 'podman', 'nerdctl']);

/**
 * What the rewritten job's scripts would get wrong at run time: a container-engine command left
 * with no daemon, or the build program swallowed into another command's words (a line joined to the
 * one before it still parses, but runs `echo … <build program> …`).
 */
function scriptProblems(w: Workload, executable: string): string[] {
  const problems: string[] = [];
  for (const s of w.scripts) {
    const commands = parseShell(s.text);
    for (const c of commands) {
      const runs = unwrap(c.argv);
      if (runs.length > 0 && ENGINES.has(baseName(runs[0]))) problems.push(`\`${[baseName(runs[0]), runs[1] ?? ''].join(' ').trim()}\` is still run`);
    }
    const occurrences = s.text.split(executable).length - 1;
    const calls = commands.filter((c) => unwrap(c.argv)[0] === executable).length;
    if (occurrences > calls) problems.push(`${executable} is not a command of its own in ${s.section}`);
  }
  return [...new Set(problems)];
}

function unverified(title: string, scope: RewriteScope, detail: string): FixOutcome {
  const what = scope.kind === 'job' ? UNVERIFIED : UNVERIFIED.replace('this job', 'this pod');
  return {
    type: 'refusal',
    title,
    subject: subjectOf(scope),
    reason: `${what} (${detail}), so it is not offered. Rewrite it by hand, and please report this with the ${scope.kind === 'job' ? 'job' : 'document'}'s YAML.`,
  };
}

/** The refusal for a placement that failed outright. */
export function placementFailed(scope: RewriteScope, message: string, builder: Builder): FixOutcome {
  const title = `Rewrite ${subjectOf(scope)} to build with ${builder.name}`;
  return unverified(title, scope, `the rewrite failed: ${message}`);
}

/** The outcome itself when the rewrite checks out; otherwise a refusal that says which check failed. */
export function verifyRewrite(file: ParsedFile, scope: RewriteScope, outcome: FixOutcome, builder: Builder): FixOutcome {
  if (outcome.type !== 'fix') return outcome;
  const title = outcome.title;
  if (triggerRules.length === 0) return unverified(title, scope, 'the rules that check it are not loaded');
  const text = file.text;
  const region = scopeRegion(file, scope);
  if (!region) return unverified(title, scope, 'the job was not found in the file');
  if (outcome.edits.length === 0) return unverified(title, scope, 'it changes nothing');
  for (const e of outcome.edits) {
    if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) return unverified(title, scope, 'an edit lies outside the file');
    if (e.start < region.start || e.end > region.end) return unverified(title, scope, 'it edits text outside the job');
  }
  if (editsOverlap(outcome.edits)) return unverified(title, scope, 'its edits overlap');
  const updated = applyEdits(text, outcome.edits);
  const tail = text.length - region.end;
  if (updated.slice(0, region.start) !== text.slice(0, region.start) || updated.slice(updated.length - tail) !== text.slice(region.end)) {
    return unverified(title, scope, 'it changes text outside the job');
  }
  const after = new ParsedFile({ path: file.file.path, text: updated }, file.kind);
  if (after.yaml.errors.length > file.yaml.errors.length) {
    return unverified(title, scope, `the result is not valid YAML: ${after.yaml.errors[file.yaml.errors.length]?.message ?? after.yaml.errors[0].message}`);
  }
  if (shape(after, scope) !== shape(file, scope)) return unverified(title, scope, 'the result has other jobs or documents than the original');
  if (scopeWorkloads(after, scope).length === 0) return unverified(title, scope, 'the rewritten job is missing from the result');
  const newRegion = { start: region.start, end: region.end + updated.length - text.length };
  const still = daemonFindings(after, scope, newRegion);
  if (still.length > 0) return unverified(title, scope, `the result still uses a Docker daemon or privileged container: ${still.join(', ')}`);
  const problems = scopeWorkloads(after, scope).flatMap((w) => scriptProblems(w, builder.executable));
  if (problems.length > 0) return unverified(title, scope, `in the result, ${problems.join('; ')}`);
  return outcome;
}
