// How a rule is written: metadata beside logic, messages by id, findings reported by offset range.
import { allDialects } from './dialects/index.js';
import type { Container, EnvVar, Resource, Script, Volume, Workload, WorkloadScope } from './model/workload.js';
import type { ParsedFile } from './parsed-file.js';
import type { FileKind, Fix, FixOutcome, LintOptions, RuleDocs, Severity } from './types.js';

export interface ReportDescriptor<M extends string> {
  messageId: M;
  data?: Record<string, string>;
  start: number;
  end: number;
  fix?: () => FixOutcome;
  /** Quick fixes the user chooses among (see Finding.alternativeFixes). */
  alternativeFixes?: () => Fix[];
  /** A milder (or harsher) severity for this finding only; ignored when the user overrides the rule. */
  severity?: Severity;
}

export interface RuleContext<M extends string = string> {
  readonly file: ParsedFile;
  readonly options: LintOptions;
  report(descriptor: ReportDescriptor<M>): void;
}

interface RuleBase<M extends string> {
  id: string;
  severity: Severity;
  /** Off unless the user gives it a severity: `severity` is then only what the docs suggest. */
  defaultOff?: boolean;
  docs: RuleDocs;
  messages: Record<M, string>;
}

/** A rule that reads a file's own model (the Dockerfile rules). */
export interface FileRule<M extends string = string> extends RuleBase<M> {
  targets: FileKind[];
  check(ctx: RuleContext<M>): void;
}

/**
 * What a workload rule looks at. The runner calls these for every workload of every dialect the file
 * belongs to: file-wide variables first (no workload), then each workload, concrete ones before
 * templates, and within it its containers, variables, scripts and volumes.
 */
export interface WorkloadVisitors {
  workload?(workload: Workload): void;
  container?(container: Container, workload: Workload): void;
  /** `container` is set for a container's own variables; `workload` is unset for file-wide ones. */
  env?(variable: EnvVar, workload: Workload | undefined, container: Container | undefined): void;
  script?(script: Script, workload: Workload): void;
  volume?(volume: Volume, workload: Workload): void;
  /** A non-workload object of the file (a Namespace, a PodSecurityPolicy), visited after the workloads. */
  resource?(resource: Resource): void;
}

export interface WorkloadRuleContext<M extends string = string> extends RuleContext<M> {
  /** The workload's DinD → daemonless rewrite, to attach as a finding's fix; undefined where it has none. */
  rewriteOf(workload: Workload | undefined): (() => FixOutcome) | undefined;
}

/**
 * A rule over the neutral workload model. It names no CI system: where it applies follows from
 * `scope` and the dialects that yield such workloads.
 */
export interface WorkloadRule<M extends string = string> extends RuleBase<M> {
  /** Which workloads it visits: CI jobs, pod specs, or both. */
  scope: WorkloadScope | 'any';
  /**
   * Findings with the same message id and range are reported once (the first, in visiting order),
   * since one declaration reaches several workloads through templates; `none` keeps every report.
   */
  dedupe?: 'none';
  /** Called once per file; the visitors may keep state across workloads in the closure. */
  create(ctx: WorkloadRuleContext<M>): WorkloadVisitors;
}

export type Rule<M extends string = string> = (FileRule<M> | (WorkloadRule<M> & { targets: FileKind[] })) & {
  targets: FileKind[];
};

export function isWorkloadRule(rule: Rule): rule is WorkloadRule & { targets: FileKind[] } {
  return 'create' in rule;
}

export function defineRule<M extends string>(rule: FileRule<M>): Rule<M>;
export function defineRule<M extends string>(rule: WorkloadRule<M>): Rule<M>;
export function defineRule<M extends string>(rule: FileRule<M> | WorkloadRule<M>): Rule<M> {
  if ('check' in rule) return rule;
  const targets: FileKind[] = [];
  for (const d of allDialects) {
    if ((rule.scope === 'any' || rule.scope === d.scope) && !targets.includes(d.fileKind)) targets.push(d.fileKind);
  }
  return { ...rule, targets: KIND_ORDER.filter((k) => targets.includes(k)) };
}

/** Targets in the order the docs list file kinds. */
const KIND_ORDER: FileKind[] = [
  'dockerfile',
  'gitlab-ci',
  'github-actions',
  'k8s',
  'compose',
  'drone',
  'woodpecker',
  'bitbucket',
  'circleci',
  'azure-pipelines',
  'jenkins',
  'gitlab-runner',
  'runner-values',
];

/** A message template split once into literal text (even indexes) and placeholder names (odd). */
const compiledTemplates = new Map<string, string[]>();

function compileTemplate(template: string): string[] {
  let parts = compiledTemplates.get(template);
  if (!parts) {
    if (compiledTemplates.size >= 1000) compiledTemplates.clear();
    parts = template.split(/\{(\w+)\}/);
    compiledTemplates.set(template, parts);
  }
  return parts;
}

/** Fills `{name}` placeholders from data; unknown placeholders stay as written. */
export function formatMessage(template: string, data: Record<string, string>): string {
  // Templates are the rules' fixed messages, so splitting each once saves a regex pass per finding.
  const parts = compileTemplate(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i];
    out += (key in data ? data[key] : `{${key}}`) + parts[i + 1];
  }
  return out;
}

/** Path of a rule's docs page relative to the package root; adapters turn it into a link. */
export function docsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}
