// What a daemonless image builder offers the rewrite: its image, what it can build, which tools its
// image has, how it spells the credentials file and a build, and why it cannot take what a job asks.
// The build intent (rewrite/intent.ts) records what the job does in no builder's words;
// placement code asks the builder instead of writing a builder's flags or reasons itself.
import type { BuildIntent, Feature, Login, Need } from '../intent.js';
import type { LintOptions } from '../../types.js';
import { needKind, type CommandReason, type ReasonKind, type Refused } from '../refusal.js';

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
  image(options: LintOptions): { image: string } | Refused;
  supports: { multiPlatform: boolean; buildSecrets: boolean; namedContexts: boolean; shell: 'busybox' | 'none' | 'full' };
  tools: ToolSets;
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
  /** The credentials file from the job's login variables; undefined without logins. */
  configCommand(logins: readonly Login[]): string | undefined;
  /** The shell command for one build of the intent. */
  buildCommand(intent: BuildIntent, index: number, options: { workspace: string }): string;
  /** The registry repository the builder caches in, as a double-quoted shell word, for a cache reference of the job. */
  cacheRepo(ref: { value: string; raw: string }): string;
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
