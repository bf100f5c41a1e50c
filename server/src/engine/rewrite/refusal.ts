// One result type for "this rewrite is not offered" on every step of the rewrite path (the build
// intent, the builder, each dialect's placement): returned, never thrown. The placement entry point
// turns it into the engine's Refusal (rewriteRefusal: title, subject, every reason and their joined
// text) with the dialect's title.
import type { Need } from './intent.js';
import type { Refusal } from '../types.js';
import { redact } from '../redact.js';
import { secretWord } from '../model/facts/secrets.js';

/** A literal value to mask: not a variable or substitution, not masked already. */
function literal(value: string): boolean {
  return value !== '' && !/[$`]/.test(value) && !value.endsWith('****');
}

function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, '');
}

/**
 * Text quoted from the file with the literal secrets in it masked, as diagnostics mask them
 * (engine/redact.ts): a login's `-p`/`--password` value, the password of curl's `-u user:password`, a
 * `NAME=value` whose name says secret (`PASSWORD=`, `NPM_TOKEN=`), and the user info of a URL.
 */
export function maskSecrets(text: string): string {
  return text
    // `-p` is a password only to a login (`docker run -p 8080:80` publishes a port).
    .replace(/(\blogin\b[^;&|\n]*?\s-p(?:=|\s+)|\s--password(?:=|\s+))("[^"]*"|'[^']*'|[^\s;&|`]+)/g, (whole, flag: string, value: string) =>
      literal(unquote(value)) ? `${flag}${redact(unquote(value))}` : whole,
    )
    // `-u user:password` is curl's (`docker run -u 1000:1000` is a uid and gid).
    .replace(/(\bcurl\b[^;&|\n]*?\s(?:-u|--user)(?:=|\s+))("[^"]*"|'[^']*'|[^\s;&|`]+)/g, (whole, flag: string, value: string) => {
      const v = unquote(value);
      const colon = v.indexOf(':');
      return colon > 0 && literal(v.slice(colon + 1)) ? `${flag}${v.slice(0, colon + 1)}${redact(v.slice(colon + 1))}` : whole;
    })
    .replace(/(^|[\s"'=])([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|`"']+)/g, (whole, before: string, name: string, value: string) =>
      secretWord(name) !== null && literal(unquote(value)) ? `${before}${name}=${redact(unquote(value))}` : whole,
    )
    // `scheme://user:password@host`: the user info goes.
    .replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s"'`/@:]+:[^\s"'`/@]+)@/g, (whole, scheme: string, userInfo: string) =>
      literal(userInfo.slice(userInfo.indexOf(':') + 1)) ? `${scheme}${redact(userInfo)}@` : whole,
    );
}

/**
 * How decisive a reason is, most decisive first: a capability the builder lacks (no edit of the job
 * gives it), then something the job does that the rewrite cannot keep (a container run, compose),
 * then what the user can settle in the file (a value that cannot be resolved, a template that is not
 * in the file, a command to write differently).
 */
export type ReasonKind = 'capability' | 'cannot-keep' | 'in-file';

const KIND_ORDER: readonly ReasonKind[] = ['capability', 'cannot-keep', 'in-file'];

/** One reason of a refusal: one or more sentences. */
export interface Reason {
  text: string;
  kind: ReasonKind;
}

/** Why a rewrite is not offered: every reason, the decisive one first, and their joined text. */
export interface Refused {
  /** The reasons as one text (joinReasons): what the CLI prints. */
  refused: string;
  reasons: Reason[];
}

/** A refusal for one reason; without a kind it is one the user can settle in the file. */
export function refused(reason: string, kind: ReasonKind = 'in-file'): Refused {
  return { refused: reason, reasons: [{ text: reason, kind }] };
}

export function isRefused(value: unknown): value is Refused {
  return typeof value === 'object' && value !== null && typeof (value as Refused).refused === 'string';
}

/** The reasons in order of decisiveness (ReasonKind); reasons of one kind keep their order. */
function byDecisiveness<T extends { kind: ReasonKind }>(reasons: readonly T[]): T[] {
  return reasons
    .map((r, i) => ({ r, i }))
    .sort((a, b) => KIND_ORDER.indexOf(a.r.kind) - KIND_ORDER.indexOf(b.r.kind) || a.i - b.i)
    .map(({ r }) => r);
}

/** The reasons as one text: the first, then "Also:" and the others. */
function joinReasons(reasons: readonly string[]): string {
  return reasons.length <= 1 ? (reasons[0] ?? '') : `${reasons[0]} Also: ${reasons.slice(1).join(' ')}`;
}

/** Several refusals as one, every reason kept, the most decisive first. */
export function combineRefusals(...parts: readonly Refused[]): Refused {
  // Each reason becomes a sentence of its own: one written alone may lack its full stop.
  const reasons = byDecisiveness(parts.flatMap((p) => p.reasons)).map((r) => (/[.!?)]$/.test(r.text) ? r : { ...r, text: `${r.text}.` }));
  return { refused: joinReasons(reasons.map((r) => r.text)), reasons };
}

/** A reason tied to the command that causes it, as written. */
export interface CommandReason {
  reason: string;
  command: string;
  /** How decisive the reason is; without one, a reason the user can settle in the file. */
  kind?: ReasonKind;
}

/**
 * How decisive a command's need is (ReasonKind), in no builder's words: assembling or emulating
 * several platforms and a Dockerfile or output the builder cannot take as given are capabilities;
 * running containers or a daemon-driven tool is something the rewrite cannot keep; the rest can be
 * written differently in the file.
 */
export function needKind(need: Need): ReasonKind {
  switch (need.kind) {
    case 'daemon':
      if (need.sub === 'manifest' || need.sub === 'buildx imagetools') return 'capability';
      if (need.sub === 'run' && need.argv.some((a) => /binfmt|qemu-user-static/.test(a))) return 'capability';
      return 'cannot-keep';
    case 'daemon-after-script':
    case 'daemon-tool':
    case 'container-engine':
      return 'cannot-keep';
    case 'dockerfile-stdin':
    case 'remote-context':
    case 'build-output':
    case 'retag-remote':
      return 'capability';
    case 'wrapped-docker':
    case 'login-password-from':
    case 'login-without-credentials':
    case 'unmapped':
      return 'in-file';
  }
}

/**
 * The reasons as sentences, the most decisive first (byDecisiveness) and every one listed (so fixing
 * one does not reveal the next); commands blocked for the same reason share one sentence.
 */
export function commandRefusal(reasons: readonly CommandReason[]): Refused {
  const byReason = new Map<string, { commands: string[]; kind: ReasonKind }>();
  for (const r of byDecisiveness(reasons.map((c) => ({ ...c, kind: c.kind ?? 'in-file' })))) {
    const reason = r.reason.replace(/\.$/, '');
    const entry = byReason.get(reason) ?? { commands: [], kind: r.kind };
    if (!entry.commands.includes(r.command)) entry.commands.push(r.command);
    byReason.set(reason, entry);
  }
  const sentences = [...byReason].map(([reason, { commands, kind }]) => ({ text: `${commands.map((c) => `\`${c}\``).join(', ')}: ${reason}.`, kind }));
  return { refused: joinReasons(sentences.map((s) => s.text)), reasons: sentences };
}

/** How a dialect finishes its reasons: the first may be capitalized, the last gets a full stop unless it ends in one of `endings`. */
export interface SentenceStyle {
  capitalize: boolean;
  endings: RegExp;
}

/**
 * The engine's Refusal of a rewrite: `subject` is what it would have converted ("job 'build'",
 * "Pod 'builder'"), `reasons` every reason (decisive first) and `reason` their joined text.
 */
export function rewriteRefusal(title: string, subject: string, why: Refused | string, style: SentenceStyle): Refusal {
  const texts = (typeof why === 'string' ? refused(why) : why).reasons.map((r) => maskSecrets(r.text));
  if (style.capitalize && texts.length > 0) texts[0] = texts[0].charAt(0).toUpperCase() + texts[0].slice(1);
  const last = texts.length - 1;
  if (last >= 0 && !style.endings.test(texts[last])) texts[last] = `${texts[last]}.`;
  return { type: 'refusal', title, subject, reasons: texts, reason: joinReasons(texts) };
}
