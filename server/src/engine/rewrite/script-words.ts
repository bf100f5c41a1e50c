// Shell words for generated build commands: a job's own words re-quoted as single arguments, and
// paths made absolute against the job's workspace. Independent of any builder.
import type { Word } from '../fixes/kaniko/intent.js';
import { doubleQuotedBody } from '../fixes/kaniko/script-lines.js';

/** A word usable inside a double-quoted shell string. */
export function dqBody(w: Word): string {
  return doubleQuotedBody(w.raw) ?? w.value.replace(/[\\"`]/g, (c) => '\\' + c);
}

/** A raw word made safe as one argument: unquoted words with expansions get double quotes. */
export function quoted(w: Word): string {
  if (/^[^"'`\\\s]*\$/.test(w.raw) && !/["'\s]/.test(w.raw)) return `"${w.raw}"`;
  return w.raw;
}

export function joinPath(base: string, rel: string): string {
  return rel === '' ? base : `${base}/${rel}`;
}

/** `.`/`sub/dir` relative to the workspace; absolute or variable paths as written. */
export function absolutePath(w: Word, workspace: string): string {
  const body = doubleQuotedBody(w.raw);
  if (body === undefined) return w.raw;
  if (/^[/$~]/.test(body)) return w.raw;
  const rel = body.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return `"${joinPath(workspace, rel)}"`;
}

/** The variable collecting conditional destinations of one build. */
export function destinationsVariable(build: number): string {
  return build === 0 ? 'DESTINATIONS' : `DESTINATIONS_${build + 1}`;
}
