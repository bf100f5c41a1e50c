// Shared engine types. Everything that leaves the engine uses UTF-16 offsets into the file text
// (JavaScript string indices), so adapters convert to line/character once, at the edge.

export type FileKind =
  | 'dockerfile'
  | 'gitlab-ci'
  | 'github-actions'
  | 'k8s'
  | 'compose'
  | 'drone'
  | 'woodpecker'
  | 'bitbucket'
  | 'circleci'
  | 'azure-pipelines'
  | 'jenkins'
  | 'gitlab-runner'
  | 'runner-values'
  | 'unknown';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export interface SourceFile {
  /** Path as given by the caller (workspace-relative or absolute); used for classification and messages. */
  path: string;
  text: string;
}

/** Half-open range [start, end) of UTF-16 offsets. */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * A fix is either a provably safe edit ('quickfix', may run in fix-all) or a rewrite that changes how
 * the build runs ('rewrite', only ever applied on request).
 */
export interface Fix {
  type: 'fix';
  title: string;
  kind: 'quickfix' | 'rewrite';
  edits: Edit[];
  /** What the fix changes in meaning without refusing (dropped flags, cache differences), one sentence each. */
  notes?: string[];
}

/** A fix that cannot be done safely, with the reason shown to the user. */
export interface Refusal {
  type: 'refusal';
  title: string;
  reason: string;
}

export type FixOutcome = Fix | Refusal;

/** Whose pragma suppressed a finding: ours, or another tool's honoured through equivalents.ts. */
export type SuppressedBy = 'daemonless' | 'hadolint' | 'checkov' | 'trivy' | 'kube-linter' | 'buildkit';

export interface Finding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  data: Record<string, string>;
  start: number;
  end: number;
  /** Computed lazily: only when an editor asks for code actions or the CLI runs `fix`. */
  fix?: () => FixOutcome;
  /** Set only on findings kept with LintOptions.showSuppressed: the tool whose pragma suppressed it. */
  suppressedBy?: SuppressedBy;
}

export interface RuleDocs {
  /** One sentence, used in SARIF and as the docs page's first line. */
  description: string;
  /** Related rule ids in other tools, for the docs page; the pragmas honoured come from equivalents.ts. */
  hadolint?: string[];
  checkov?: string[];
  trivy?: string[];
  kubeLinter?: string[];
  /** The Pod Security Standards level whose control the rule checks, for pod-hardening rules. */
  podSecurityStandard?: 'Baseline' | 'Restricted';
}

export interface RuleMeta {
  id: string;
  targets: FileKind[];
  severity: Severity;
  docs: RuleDocs;
  messages: Record<string, string>;
}

export type SeverityOverride = Severity | 'off';

export interface LintOptions {
  /** Per-rule severity overrides; 'off' disables a rule. */
  rules?: Record<string, SeverityOverride>;
  /** Files larger than this (in UTF-16 units) are not analysed; one info finding says so. */
  maxFileSize?: number;
  /** YAML collections nested deeper than this are not analysed; their document gets one finding (default 200). */
  maxNestingDepth?: number;
  /** Shell scripts (a RUN instruction, a CI script line) are analysed up to this many characters (default 100,000). */
  maxScriptLength?: number;
  /** Milliseconds of rule time per file after which the remaining rules are skipped, with one finding (default 2,000). */
  timeBudgetMs?: number;
  /** Image used by the Kaniko rewrite (setting daemonless.kaniko.image); defaults to a pinned maintained image. */
  kanikoImage?: string;
  /** Keep suppressed findings, each marked with `suppressedBy` (the CLI's --show-suppressed). */
  showSuppressed?: boolean;
  /**
   * For a Helm chart template: the text of the chart's values.yaml, set by the adapter that found it.
   * Plain values fill `{{ .Values.… }}` in image names; no fix edits a filled value.
   */
  chartValues?: string;
}

export interface LintResult {
  kind: FileKind;
  findings: Finding[];
}
