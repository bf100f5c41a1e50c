// How a rule is written: metadata beside logic, messages by id, findings reported by offset range.
import type { ParsedFile } from './parsed-file.js';
import type { FileKind, FixOutcome, LintOptions, RuleDocs, Severity } from './types.js';

export interface ReportDescriptor<M extends string> {
  messageId: M;
  data?: Record<string, string>;
  start: number;
  end: number;
  fix?: () => FixOutcome;
  /** A milder (or harsher) severity for this finding only; ignored when the user overrides the rule. */
  severity?: Severity;
}

export interface RuleContext<M extends string = string> {
  readonly file: ParsedFile;
  readonly options: LintOptions;
  report(descriptor: ReportDescriptor<M>): void;
}

export interface Rule<M extends string = string> {
  id: string;
  targets: FileKind[];
  severity: Severity;
  docs: RuleDocs;
  messages: Record<M, string>;
  check(ctx: RuleContext<M>): void;
}

export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Fills `{name}` placeholders from data; unknown placeholders stay as written. */
export function formatMessage(template: string, data: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? data[key] : whole));
}

/** Path of a rule's docs page relative to the package root; adapters turn it into a link. */
export function docsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}
