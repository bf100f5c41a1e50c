// Entry point of the DinD → Kaniko rewrite, called lazily by the rules that flag a daemon-based build.
// The build intent (intent.ts) and the Kaniko commands (emit.ts) are shared; each CI system has its
// own emitter that edits the file.
import { usesDockerDaemon, type PodSpecView } from '../../model/k8s/pod-spec.js';
import type { ParsedFile } from '../../parsed-file.js';
import type { FixOutcome, LintOptions } from '../../types.js';
import { githubActionsKanikoRewrite } from './github-actions.js';
import { gitlabKanikoRewrite } from './gitlab.js';
import { k8sKanikoRewrite } from './k8s.js';

/** Which build the rewrite should convert: a CI job by name, or a Kubernetes document by index. */
export type KanikoTarget =
  | { system: 'gitlab-ci'; job: string }
  | { system: 'github-actions'; job: string }
  | { system: 'k8s'; document: number };

export { DEFAULT_KANIKO_IMAGE } from './emit.js';

export function kanikoRewrite(file: ParsedFile, target: KanikoTarget, options: LintOptions): FixOutcome {
  if (target.system === 'gitlab-ci') return gitlabKanikoRewrite(file, target.job, options);
  if (target.system === 'github-actions') return githubActionsKanikoRewrite(file, target.job, options);
  return k8sKanikoRewrite(file, target.document, options);
}

/** The rewrite of a pod's document, offered for findings on a pod only when it uses a Docker daemon to build with. */
export function daemonPodRewrite(file: ParsedFile, pod: PodSpecView, options: LintOptions): (() => FixOutcome) | undefined {
  if (!usesDockerDaemon(pod)) return undefined;
  const document = pod.document;
  return () => kanikoRewrite(file, { system: 'k8s', document }, options);
}
