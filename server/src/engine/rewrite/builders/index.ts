// The builders the rewrite can emit, by the id `LintOptions.rewrite.builder` names. A new builder is
// one file next to kaniko.ts, listed here.
import type { LintOptions } from '../../types.js';
import type { Builder, BuilderId } from './builder.js';
import { kaniko } from './kaniko.js';

export type { Builder, BuilderId } from './builder.js';

const BUILDERS: Partial<Record<BuilderId, Builder>> = { kaniko };

const DEFAULT_BUILDER = kaniko;

/** The builder the options choose; the default one when they choose none or one not built in yet. */
export function builderFor(options: LintOptions): Builder {
  const id = options.rewrite?.builder;
  return (id !== undefined ? BUILDERS[id] : undefined) ?? DEFAULT_BUILDER;
}
