// Shell words for generated build commands: a job's own words re-quoted as single arguments, and
// paths made absolute against the job's workspace. Independent of any builder.
import type { Word } from './intent.js';

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

/**
 * A command with one option per line (`\` continuations, the options indented two spaces) so a
 * generated call stays readable: an option and its value share a line, a bare word has its own.
 */
export function continuedCommand(words: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const value = words[i + 1];
    if (/^--?[A-Za-z]/.test(w) && !w.includes('=') && value !== undefined && !value.startsWith('-')) { lines.push(`${w} ${value}`); i++; }
    else lines.push(w);
  }
  return lines.length <= 1 ? words.join(' ') : [words[0], ...lines.map((l) => `  ${l}`)].join(' \\\n');
}

/** The variable collecting conditional destinations of one build. */
export function destinationsVariable(build: number): string {
  return build === 0 ? 'DESTINATIONS' : `DESTINATIONS_${build + 1}`;
}

// The shell layer gives words, not the quoted segments inside one word: whether a word is exactly one
// double-quoted string (so its body can be embedded in another) needs this small scan of the word.
/** Skips a `$( … )` or `( … )` group starting at the opening parenthesis; returns the index after it. */
function skipParens(s: string, i: number): number {
  let level = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') { i++; continue; }
    if (c === "'") { const j = s.indexOf("'", i + 1); i = j < 0 ? s.length : j; continue; }
    if (c === '"') { i = skipDouble(s, i) - 1; continue; }
    if (c === '(') level++;
    else if (c === ')') { level--; if (level === 0) return i + 1; }
  }
  return s.length;
}

function skipDouble(s: string, i: number): number {
  for (i = i + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') { i++; continue; }
    if (c === '"') return i + 1;
    if (c === '$' && s[i + 1] === '(') { i = skipParens(s, i + 1) - 1; continue; }
    if (c === '`') { const j = s.indexOf('`', i + 1); i = j < 0 ? s.length : j; continue; }
  }
  return s.length;
}

/** Removes one level of quoting from a raw word whose whole text is a single double-quoted string. */
export function doubleQuotedBody(raw: string): string | undefined {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') && skipDouble(raw, 0) === raw.length) return raw.slice(1, -1);
  if (!/["'`\\\s]/.test(raw)) return raw;
  return undefined;
}

/** An image name without its `:tag` (a `:` inside `${…}` is not one); the digest, if any, stays. */
export function withoutTag(body: string): string {
  const lastSlash = body.lastIndexOf('/');
  for (let i = body.length - 1; i > lastSlash; i--) {
    if (body[i] !== ':') continue;
    const before = body.slice(0, i);
    const open = (before.match(/\$\{/g) ?? []).length;
    const close = (before.match(/\}/g) ?? []).length;
    if (open === close) return before;
  }
  return body;
}
