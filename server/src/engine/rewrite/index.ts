// Entry point of the Docker-in-Docker → daemonless builder rewrite, called lazily by the rules that
// flag a daemon-based build. The build intent (intent.ts), the script plan (emit.ts) and the builder
// (builders/, chosen by LintOptions.rewrite.builder) are shared; each CI system has its own placement
// that edits the file. Every placement's result goes through one check (rewrite/verify.ts) before it
// is offered, in the CLI and the editor alike.
import { usesDockerDaemon, type PodSpecView } from '../model/k8s/pod-spec.js';
import type { ParsedFile } from '../parsed-file.js';
import { builderFor, type Builder } from './builders/index.js';
import { placementFailed, verifyRewrite } from './verify.js';
import type { FixOutcome, LintOptions } from '../types.js';
import type { Place, Placement, RewriteTarget, TargetOf } from './placement.js';
import { githubActionsPlacement } from './placement/github-actions.js';
import { gitlabPlacement } from './placement/gitlab.js';
import { k8sPlacement } from './placement/k8s.js';

export type { Place, Placement, RewriteTarget };

const placements: { [S in RewriteTarget['system']]: Placement<S> } = {
  'gitlab-ci': gitlabPlacement,
  'github-actions': githubActionsPlacement,
  k8s: k8sPlacement,
};

function placementOf<S extends RewriteTarget['system']>(target: TargetOf<S>): Placement<S> {
  return placements[target.system as S];
}

/** The dialect's own placement of the target. */
const placeInDialect: Place = (file, target, options, builder) => placementOf(target).place(file, target, options, builder);

/**
 * The verified rewrite of the target for the builder the options choose; `place` replaces the
 * system's placement (tests feed broken ones), `builder` the chosen builder (tests feed fake ones).
 */
export function daemonlessRewrite(file: ParsedFile, target: RewriteTarget, options: LintOptions, place: Place = placeInDialect, builder: Builder = builderFor(options)): FixOutcome {
  const scope = placementOf(target).scope(target, file);
  let outcome: FixOutcome;
  try {
    outcome = place(file, target, options, builder);
  } catch (error) {
    // A placement bug shows as a refusal on this job, not as a failed code action or CLI run.
    return placementFailed(scope, error instanceof Error ? error.message : String(error), builder);
  }
  return verifyRewrite(file, scope, outcome, builder);
}

/** The rewrite of a pod's document, offered for findings on a pod only when it uses a Docker daemon to build with. */
export function daemonPodRewrite(file: ParsedFile, pod: PodSpecView, options: LintOptions): (() => FixOutcome) | undefined {
  if (!usesDockerDaemon(pod)) return undefined;
  const document = pod.document;
  return () => daemonlessRewrite(file, { system: 'k8s', document }, options);
}
