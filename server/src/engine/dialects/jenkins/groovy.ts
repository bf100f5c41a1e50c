// A tolerant Groovy tokenizer for Jenkinsfiles: strings (all four quote forms), comments, words and
// punctuation, each with its exact offsets. It interprets nothing: a Jenkinsfile is read for the
// calls it makes (`podTemplate(yaml: …)`, `containerTemplate(…)`, `sh '…'`), never run. Unclosed
// strings and comments end at the end of the text and are reported as problems, never thrown.
import type { OffsetRange } from '../../types.js';

export type GroovyToken =
  | { type: 'word'; text: string; start: number; end: number }
  | { type: 'punct'; text: string; start: number; end: number }
  | { type: 'number'; text: string; start: number; end: number }
  | GroovyString;

export interface GroovyString {
  type: 'string';
  /** `'`, `"`, `'''` or `"""`. */
  quote: string;
  /** The characters between the quotes, escapes left as written (so offsets map one to one). */
  value: string;
  /** The whole literal, quotes included. */
  start: number;
  end: number;
  /** The range of `value`. */
  content: OffsetRange;
  /** A `"`-string holds `${…}` or `$name` interpolation, whose value is unknown here. */
  interpolated: boolean;
}

export interface GroovyProblem {
  message: string;
  start: number;
  end: number;
}

export interface GroovyTokens {
  tokens: GroovyToken[];
  problems: GroovyProblem[];
}

const WORD_START = /[A-Za-z_$]/;
const WORD_PART = /[\w$]/;

/** Tokenizes the whole text in one pass; linear in its length. */
export function tokenizeGroovy(text: string): GroovyTokens {
  const tokens: GroovyToken[] = [];
  const problems: GroovyProblem[] = [];
  const n = text.length;
  let i = 0;
  // Braces and parentheses that are never closed (or closed without opening) are worth a problem:
  // they usually mean a half-typed file, whose later calls may be read wrongly.
  const open: { ch: string; at: number }[] = [];
  while (i < n) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\uFEFF') {
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        problems.push({ message: 'a /* comment is never closed', start: i, end: i + 2 });
        i = n;
      } else i = close + 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const triple = text.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      const from = i + quote.length;
      let j = from;
      let closed = -1;
      while (j < n) {
        const c = text[j];
        if (c === '\\') {
          j += 2;
          continue;
        }
        if (!triple && c === '\n') break;
        if (text.startsWith(quote, j)) {
          closed = j;
          break;
        }
        j++;
      }
      const contentEnd = closed >= 0 ? closed : Math.min(j, n);
      const end = closed >= 0 ? closed + quote.length : contentEnd;
      if (closed < 0) problems.push({ message: `a string opened with ${quote} is never closed`, start: i, end: i + quote.length });
      const value = text.slice(from, contentEnd);
      tokens.push({
        type: 'string',
        quote,
        value,
        start: i,
        end,
        content: { start: from, end: contentEnd },
        interpolated: ch === '"' && /\$[{\w]/.test(value),
      });
      i = end;
      continue;
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j])) j++;
      tokens.push({ type: 'word', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      let j = i + 1;
      while (j < n && /[\w.]/.test(text[j])) j++;
      tokens.push({ type: 'number', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (ch === '(' || ch === '{' || ch === '[') open.push({ ch, at: i });
    else if (ch === ')' || ch === '}' || ch === ']') {
      const want = ch === ')' ? '(' : ch === '}' ? '{' : '[';
      if (open.length > 0 && open[open.length - 1].ch === want) open.pop();
      else if (!open.some((o) => o.ch === want)) problems.push({ message: `a closing ${ch} has no opening ${want}`, start: i, end: i + 1 });
      else {
        while (open.length > 0 && open[open.length - 1].ch !== want) open.pop();
        open.pop();
      }
    }
    tokens.push({ type: 'punct', text: ch, start: i, end: i + 1 });
    i++;
  }
  const unclosed = open[0];
  if (unclosed) problems.push({ message: `an opening ${unclosed.ch} is never closed`, start: unclosed.at, end: unclosed.at + 1 });
  return { tokens, problems };
}

const CLOSER: Readonly<Record<string, string>> = { '(': ')', '{': '}', '[': ']' };
const OPENER: Readonly<Record<string, string>> = { ')': '(', '}': '{', ']': '[' };

/** Each bracket token's matching close (same bracket kind, same nesting level), or -1; one pass per token list. */
const closes = new WeakMap<readonly GroovyToken[], Int32Array>();

function closeTable(tokens: readonly GroovyToken[]): Int32Array {
  let table = closes.get(tokens);
  if (table) return table;
  table = new Int32Array(tokens.length).fill(-1);
  const open: Record<string, number[]> = { '(': [], '{': [], '[': [] };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'punct') continue;
    if (CLOSER[t.text]) open[t.text].push(k);
    else if (OPENER[t.text]) {
      const at = open[OPENER[t.text]].pop();
      if (at !== undefined) table[at] = k;
    }
  }
  closes.set(tokens, table);
  return table;
}

/**
 * The index of the token that closes the bracket at `open` (same nesting level), or -1. Read from a
 * table built once per token list, so callers that ask for every bracket stay linear.
 */
export function matchingClose(tokens: readonly GroovyToken[], open: number): number {
  const opener = tokens[open];
  if (!opener || opener.type !== 'punct' || !CLOSER[opener.text]) return -1;
  return closeTable(tokens)[open];
}
