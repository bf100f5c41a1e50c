// Placement: how one dialect puts a builder's build into its own file. Each dialect's placement
// (GitLab CI, GitHub Actions, Kubernetes) reads its YAML, edits it through parse/yaml-patch.ts and
// returns the edits or a refusal; the verifier (verify.ts) checks the result against `scope`.
// Whatever the placement writes that belongs to the builder (image, command, flags, credentials
// file, container shape, the builder's name in titles and reasons) it asks the Builder for.
import type { ParsedFile } from '../parsed-file.js';
import type { Builder } from './builders/builder.js';
import type { FixOutcome, LintOptions } from '../types.js';
import type { RewriteScope } from './verify.js';

/** Which build the rewrite should convert: a CI job by name, or a Kubernetes document by index. */
export type RewriteTarget =
  | { system: 'gitlab-ci'; job: string }
  | { system: 'github-actions'; job: string }
  | { system: 'k8s'; document: number };

export type TargetOf<S extends RewriteTarget['system']> = Extract<RewriteTarget, { system: S }>;

/** The edits that turn the target into a daemonless build, or why it cannot. */
export type Place = (file: ParsedFile, target: RewriteTarget, options: LintOptions, builder: Builder) => FixOutcome;

export interface Placement<S extends RewriteTarget['system']> {
  system: S;
  /** The part of the file the rewrite may change (everything else must stay byte-identical). */
  scope(target: TargetOf<S>, file: ParsedFile): RewriteScope;
  place(file: ParsedFile, target: TargetOf<S>, options: LintOptions, builder: Builder): FixOutcome;
}
