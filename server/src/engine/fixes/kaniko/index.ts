// Entry point of the DinD → Kaniko rewrite, called lazily by the rules that flag a daemon-based build.
// The build intent (intent.ts) and the Kaniko commands (emit.ts) are shared; each CI system has its
// own placement that edits the file. Every placement's result goes through one check
// (rewrite/verify.ts) before it is offered, in the CLI and the editor alike.
import { usesDockerDaemon, type PodSpecView } from '../../model/k8s/pod-spec.js';
import type { ParsedFile } from '../../parsed-file.js';
import { placementFailed, verifyRewrite, type RewriteScope } from '../../rewrite/verify.js';
import type { FixOutcome, LintOptions } from '../../types.js';
import { githubActionsKanikoRewrite } from './github-actions.js';
import { gitlabKanikoRewrite } from './gitlab.js';
import { k8sKanikoRewrite } from './k8s.js';

/** Which build the rewrite should convert: a CI job by name, or a Kubernetes document by index. */
export type KanikoTarget =
  | { system: 'gitlab-ci'; job: string }
  | { system: 'github-actions'; job: string }
  | { system: 'k8s'; document: number };

/** A system's placement: the edits that turn the target into a Kaniko build, or why it cannot. */
export type Placement = (file: ParsedFile, target: KanikoTarget, options: LintOptions) => FixOutcome;

export { DEFAULT_KANIKO_IMAGE } from './emit.js';

const placements: Record<KanikoTarget['system'], Placement> = {
  'gitlab-ci': (file, target, options) => gitlabKanikoRewrite(file, (target as { job: string }).job, options),
  'github-actions': (file, target, options) => githubActionsKanikoRewrite(file, (target as { job: string }).job, options),
  k8s: (file, target, options) => k8sKanikoRewrite(file, (target as { document: number }).document, options),
};

function scopeOf(target: KanikoTarget): RewriteScope {
  return target.system === 'k8s' ? { kind: 'document', index: target.document } : { kind: 'job', name: target.job };
}

/** The verified rewrite of the target; `place` replaces the system's placement (tests feed broken ones). */
export function kanikoRewrite(file: ParsedFile, target: KanikoTarget, options: LintOptions, place: Placement = placements[target.system]): FixOutcome {
  const scope = scopeOf(target);
  let outcome: FixOutcome;
  try {
    outcome = place(file, target, options);
  } catch (error) {
    // A placement bug shows as a refusal on this job, not as a failed code action or CLI run.
    return placementFailed(scope, error instanceof Error ? error.message : String(error));
  }
  return verifyRewrite(file, scope, outcome);
}

/** The rewrite of a pod's document, offered for findings on a pod only when it uses a Docker daemon to build with. */
export function daemonPodRewrite(file: ParsedFile, pod: PodSpecView, options: LintOptions): (() => FixOutcome) | undefined {
  if (!usesDockerDaemon(pod)) return undefined;
  const document = pod.document;
  return () => kanikoRewrite(file, { system: 'k8s', document }, options);
}
