// What a daemonless image builder offers the rewrite: its image, what it can build, which tools its
// image has, how it spells the credentials file, a build and the container that runs it, and why it
// cannot take what a job asks. The build intent (rewrite/intent.ts) records what the job does in no
// builder's words; placement code asks the builder instead of writing a builder's flags or reasons
// itself, so a new builder is one file next to kaniko.ts (registered in builders/index.ts).
import type { BuildIntent, Feature, Login, Need } from '../intent.js';
import type { LintOptions } from '../../types.js';
import { needKind, type CommandReason, type ReasonKind, type Refused } from '../refusal.js';
import { absolutePath, continuedCommand, destinationsVariable, doubleQuotedBody, joinPath } from '../script-words.js';

export type BuilderId = 'kaniko' | 'buildkit-rootless' | 'buildah';

/** Commands the builder image has, and common ones it is known not to have. */
export interface ToolSets {
  present: ReadonlySet<string>;
  missing: ReadonlySet<string>;
}

/**
 * One option of a build in no builder's spelling; the builder writes it (Builder.optionWords,
 * Builder.containerArgs). Placements list the options in the order they write them.
 */
export type BuildOption =
  | { kind: 'context' | 'dockerfile' | 'destination' | 'build-arg' | 'target' | 'label' | 'annotation' | 'platform' | 'cache-repo' | 'digest-file'; value: string }
  | { kind: 'no-push' | 'single-snapshot' }
  /** Shell words the script assembles at run time from the builder's own option words (`"$@"`, `$DESTINATIONS_0`). */
  | { kind: 'shell-words'; value: string };

/** How the builder runs as a pod's container, without a shell. */
export interface PodContainer {
  /** The container's name in the rewritten pod. */
  name: string;
  /** The image for the container: the job image without what only a shell user needs (a debug variant). */
  image(image: string): string;
  /** Why the builder cannot run in a pod that requires runAsNonRoot; undefined when it can. */
  nonRoot: string | undefined;
  /** The container's securityContext lines, indented under the key by two spaces per level. */
  securityContext(client: { runAsUser?: number }): string[];
}

/** The builder's own words in refusals and notes that placements compose (each placement adds its context). */
export interface BuilderPhrases {
  /** Why builds that pass secrets or ssh to RUN --mount cannot be taken. */
  secretMounts: string;
  /** Why build annotations cannot be set (from an action input). */
  annotations: string;
  /** Where a build output written elsewhere maps to, e.g. "Kaniko's --tar-path or --oci-layout-path". */
  outputs: string;
  /** How to keep an image that a job loads into a daemon, e.g. "write a tarball with --tar-path". */
  tarball: string;
  /** Why a multi-platform build cannot be taken, and what to do instead. */
  onePlatform: string;
  /** What a remote build context converts to, e.g. "Kaniko's git:// context". */
  remoteContext: string;
  /** The ready-made Tekton task that replaces a task building through a daemon. */
  tektonTask: string;
  /** The container a Jenkins agent pod gets instead of its DinD container. */
  agentContainer: string;
}

export interface Builder {
  id: BuilderId;
  /** The builder's name in titles and messages. */
  name: string;
  /** The image to use, or why the configured one cannot be used. */
  image(options: LintOptions): { image: string } | Refused;
  /** Whether a job image or step image is this builder's already. */
  isOwnImage(image: string): boolean;
  supports: { multiPlatform: boolean; buildSecrets: boolean; namedContexts: boolean; shell: 'busybox' | 'none' | 'full' };
  /** The shell of the builder's job image (a container step's entrypoint). */
  shellPath: string;
  tools: ToolSets;
  /** The build program's path in the builder's image. */
  executable: string;
  /** Prefix of the env names the rewrite gives values it passes to the build (`KANIKO_`). */
  envPrefix: string;
  /** The registry credentials file the builder reads. */
  configPath: string;
  /** Where a build writes the pushed image's digest, for a step output. */
  digestFile: string;
  /** Why the builder cannot give a build a feature it asks for; undefined when it can. */
  lacks(feature: Feature): string | undefined;
  /** Why a command with this need blocks the rewrite, in the builder's words. */
  reasonFor(need: Need): string;
  /** Every command of the intent the builder cannot take, in script order, each with how decisive its reason is. */
  blockersOf(intent: BuildIntent): CommandReason[];
  /** Why the builder cannot build the intent (blockers, no visible build, missing tools); undefined when it can. */
  refusalFor(intent: BuildIntent): Refused | undefined;
  /** The intent's notes with the builder's own: dropped options first, its cache semantics last. */
  notesFor(intent: BuildIntent): string[];
  /** The note for a registry cache becoming the builder's cache. */
  cacheNote: string;
  phrases: BuilderPhrases;
  /** The credentials file from the job's login variables; undefined without logins. */
  configCommand(logins: readonly Login[]): string | undefined;
  /** The shell command for one build of the intent. */
  buildCommand(intent: BuildIntent, index: number, options: { workspace: string }): string;
  /** The registry repository the builder caches in, as a double-quoted shell word, for a cache reference of the job. */
  cacheRepo(ref: { value: string; raw: string }): string;
  /** One option as shell words of the build command (`--destination`, `"$IMAGE"`). */
  optionWords(option: BuildOption): string[];
  /** One option as arguments of a container that runs the build program directly (`--destination=$(IMAGE)`). */
  containerArgs(option: BuildOption): string[];
  pod: PodContainer;
}

/** The build command for options in the given order: the build program, then each option's words, one option per line (continuedCommand). */
export function shellCommand(builder: Builder, options: readonly BuildOption[]): string {
  return continuedCommand([builder.executable, ...options.flatMap((o) => builder.optionWords(o))]);
}

/** The options of one build of the intent, as a script writes them (paths made absolute against `workspace`). */
export function intentOptions(builder: Builder, intent: BuildIntent, index: number, options: { workspace: string }): BuildOption[] {
  const build = intent.builds[index];
  const workspace = intent.changesDirectory ? '$(pwd)' : options.workspace;
  const context = absolutePath(build.context, workspace);
  let dockerfile: string;
  if (build.dockerfile) {
    dockerfile = absolutePath(build.dockerfile, workspace);
  } else {
    const ctxBody = doubleQuotedBody(context);
    dockerfile = ctxBody !== undefined ? `"${joinPath(ctxBody, 'Dockerfile')}"` : `${context}/Dockerfile`;
  }
  const out: BuildOption[] = [{ kind: 'context', value: context }, { kind: 'dockerfile', value: dockerfile }];
  const pushes = intent.pushes.filter((p) => p.build === index);
  const seen = new Set<string>();
  const always = pushes.filter((p) => !p.conditional && !seen.has(p.ref.value) && seen.add(p.ref.value));
  const conditional = pushes.some((p) => p.conditional);
  for (const p of always) out.push({ kind: 'destination', value: p.ref.raw });
  if (conditional) {
    // The conditional pushes collect their destinations in a variable (emit.ts); none pushed means no push.
    const variable = destinationsVariable(index);
    out.push({ kind: 'shell-words', value: always.length > 0 ? `$${variable}` : `\${${variable}:-${builder.optionWords({ kind: 'no-push' }).join(' ')}}` });
  }
  for (const a of build.buildArgs) out.push({ kind: 'build-arg', value: a.raw });
  if (build.target) out.push({ kind: 'target', value: build.target.raw });
  for (const l of build.labels) out.push({ kind: 'label', value: l.raw });
  for (const a of build.annotations) out.push({ kind: 'annotation', value: a.raw });
  if (build.platform) out.push({ kind: 'platform', value: build.platform.raw });
  if (pushes.length === 0) out.push({ kind: 'no-push' });
  if (build.cacheRefs.length > 0 && !build.noCache) out.push({ kind: 'cache-repo', value: builder.cacheRepo(build.cacheRefs[0]) });
  if (build.iidFile) out.push({ kind: 'digest-file', value: build.iidFile.raw });
  if (build.squash) out.push({ kind: 'single-snapshot' });
  return out;
}

/**
 * Blocked commands, and builds asking for a feature the builder lacks, in script order: a lacked
 * feature is the decisive reason for its command, before whatever else the command needed.
 */
export function blockersFor(intent: BuildIntent, lacks: Builder['lacks'], reasonFor: Builder['reasonFor']): CommandReason[] {
  const firstLacked = (features: readonly Feature[]) => {
    for (const f of features) {
      const why = lacks(f);
      if (why !== undefined) return why;
    }
    return undefined;
  };
  const found: { at: number; reason: string; command: string; kind: ReasonKind }[] = [];
  for (const b of intent.blockers) {
    const lacked = firstLacked(b.features);
    found.push({ at: b.at, reason: lacked ?? reasonFor(b.need), command: b.command, kind: lacked !== undefined ? 'capability' : needKind(b.need) });
  }
  for (const b of intent.builds) {
    const why = firstLacked(b.features);
    if (why !== undefined) found.push({ at: b.at, reason: why, command: b.command, kind: 'capability' });
  }
  return found.sort((a, b) => a.at - b.at).map(({ reason, command, kind }) => ({ reason, command, kind }));
}
