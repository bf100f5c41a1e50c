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
