// One result type for "this rewrite is not offered" on every step of the rewrite path (the build
// intent, the builder, each dialect's placement): returned, never thrown. The placement entry point
// turns it into the engine's Refusal (type, title, reason) with the dialect's title.

/** Why a rewrite is not offered: one or more sentences, the decisive reason first. */
export interface Refused {
  refused: string;
}

export function refused(reason: string): Refused {
  return { refused: reason };
}

export function isRefused(value: unknown): value is Refused {
  return typeof value === 'object' && value !== null && typeof (value as Refused).refused === 'string';
}

/** A reason tied to the command that causes it, as written. */
export interface CommandReason {
  reason: string;
  command: string;
}

/**
 * The reasons as sentences: the first decides, the others are listed too (so fixing one does not
 * reveal the next); commands blocked for the same reason share one sentence.
 */
export function commandReasons(reasons: readonly CommandReason[]): string {
  const byReason = new Map<string, string[]>();
  for (const r of reasons) {
    const reason = r.reason.replace(/\.$/, '');
    const commands = byReason.get(reason) ?? [];
    if (!commands.includes(r.command)) commands.push(r.command);
    byReason.set(reason, commands);
  }
  const sentences = [...byReason].map(([reason, commands]) => `${commands.map((c) => `\`${c}\``).join(', ')}: ${reason}.`);
  return sentences.length === 1 ? sentences[0] : `${sentences[0]} Also: ${sentences.slice(1).join(' ')}`;
}
