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
  /** Every reason joined into one text (what the CLI prints). */
  reason: string;
  /** Every reason, the decisive one first; absent when `reason` is the only one. */
  reasons?: readonly string[];
  /** What a refused rewrite would have converted ("job 'build'", "Pod 'builder'"); set on rewrite refusals only. */
  subject?: string;
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
  /**
   * Quick fixes the user chooses among, in the order offered (a namespace's Pod Security level), each
   * computed lazily like `fix`. Editors offer them as separate, never preferred actions; fix-all and
   * the CLI's `fix` apply none of them.
   */
  alternativeFixes?: () => Fix[];
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
  /** Off unless the user gives the rule a severity (a rule that means nothing before it is configured). */
  defaultOff?: boolean;
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
  /**
   * How the Docker-in-Docker rewrite builds: the builder (Kaniko, the only one so far) and its image
   * (setting daemonless.kaniko.image, `.daemonless.json` kaniko.image); the image defaults to a pinned maintained one.
   */
  rewrite?: { builder?: 'kaniko'; image?: string };
  /** Keep suppressed findings, each marked with `suppressedBy` (the CLI's --show-suppressed). */
  showSuppressed?: boolean;
  /**
   * For a Helm chart template: the text of the chart's values.yaml, set by the adapter that found it.
   * Plain values fill `{{ .Values.… }}` in image names; no fix edits a filled value.
   */
  chartValues?: string;
  /**
   * Registries images may come from (df-untrusted-registry; `trustedRegistries` in .daemonless.json):
   * host names, `*.corp.example` for any host under it, `*` for any. Docker Hub in every spelling is
   * `docker.io`. Empty or unset, the rule is silent.
   */
  trustedRegistries?: readonly string[];
  /**
   * The Dockerfile stage that ships (`dockerfile.target` in .daemonless.json, like `docker build
   * --target`): rules about the final stage judge this stage when the file has one by that name
   * (case-insensitive), else the last stage.
   */
  dockerfileTarget?: string;
  /**
   * The build context's ignore file for this Dockerfile, set per file by the adapter that read it:
   * `<Dockerfile name>.dockerignore` beside it, else `.dockerignore` there; null when there is none;
   * unset when the adapter cannot know (an unsaved buffer), and then the rules about it are silent.
   */
  dockerignore?: DockerignoreFile | null;
}

/** An ignore file of a build context, as an adapter read it. */
export interface DockerignoreFile {
  /** Its file name (`.dockerignore`, `app.Dockerfile.dockerignore`), for messages. */
  name: string;
  text: string;
}

export interface LintResult {
  kind: FileKind;
  findings: Finding[];
}
