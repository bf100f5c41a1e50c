// Entry point of the DinD → Kaniko rewrite, called lazily by the rules that flag a daemon-based build.
import type { ParsedFile } from '../../parsed-file.js';
import type { FixOutcome, LintOptions } from '../../types.js';

/** Which build the rewrite should convert: a CI job by name, or a Kubernetes document by index. */
export type KanikoTarget =
  | { system: 'gitlab-ci'; job: string }
  | { system: 'github-actions'; job: string }
  | { system: 'k8s'; document: number };

export function kanikoRewrite(file: ParsedFile, target: KanikoTarget, _options: LintOptions): FixOutcome {
  const name = target.system === 'k8s' ? `document ${target.document + 1}` : `job '${target.job}'`;
  return {
    type: 'refusal',
    title: `Rewrite ${name} to build with Kaniko`,
    reason: `The Kaniko rewrite does not support ${target.system} files yet (${file.file.path}).`,
  };
}
