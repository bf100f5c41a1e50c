// What a daemonless image builder offers the rewrite: its image, what it can build, which tools its
// image has, and how it spells the credentials file and a build. Placement code asks the builder
// instead of writing a builder's flags itself.
import type { BuildIntent, Login } from '../../fixes/kaniko/intent.js';
import type { LintOptions } from '../../types.js';

export type BuilderId = 'kaniko' | 'buildkit-rootless' | 'buildah';

/** Commands the builder image has, and common ones it is known not to have. */
export interface ToolSets {
  present: ReadonlySet<string>;
  missing: ReadonlySet<string>;
}

export interface Builder {
  id: BuilderId;
  /** The builder's name in titles and messages. */
  name: string;
  /** The image to use, or why the configured one cannot be used. */
  image(options: LintOptions): { image: string } | { reason: string };
  supports: { multiPlatform: boolean; buildSecrets: boolean; namedContexts: boolean; shell: 'busybox' | 'none' | 'full' };
  tools: ToolSets;
  /** The credentials file from the job's login variables; undefined without logins. */
  configCommand(logins: readonly Login[]): string | undefined;
  /** The shell command for one build of the intent. */
  buildCommand(intent: BuildIntent, index: number, options: { workspace: string }): string;
  /** The registry repository the builder caches in, as a double-quoted shell word, for a cache reference of the job. */
  cacheRepo(ref: { value: string; raw: string }): string;
}
