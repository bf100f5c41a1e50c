// The one shell tokenizer: words with their source spans, operators, comments, newlines and
// heredocs, in a single left-to-right pass. Substitutions (`$( )`, backticks, `<( )`, `>( )`) and
// subshells are tracked on an explicit stack rather than by recursion, so each character is read
// once however deep the nesting (hostile or half-typed input costs the same as a plain script), and
// unclosed constructs simply end at the end of the text. Nothing is ever evaluated: a word's
// `value` has quotes and escapes removed and keeps variables as literal `${NAME}` text.

import { cappedScript } from './budget.js';

/** A word as written (`raw`, `start`, `end` in the tokenized text) and with quotes removed (`value`). */
export interface ShellWord {
  raw: string;
  value: string;
  start: number;
  end: number;
  /** Some part was quoted (`'…'`, `"…"`, `$'…'`) or escaped. */
  quoted: boolean;
  /** An unquoted `*`, `?` or `[` makes it a glob pattern. */
  glob: boolean;
  /** A quote or substitution in it was still open at the end of the text. */
  unclosed: boolean;
  /** Indexes (in `Tokenization.bodies`) of the substitutions written directly in this word. */
  substitutions: number[];
}

export type SubstitutionKind = '$(' | '`' | '<(' | '>(' | '(';

/** A nested body: a command or process substitution, or a subshell. Its tokens carry its index. */
export interface Body {
  kind: SubstitutionKind;
  /** Enclosing body (-1 for the top level). */
  parent: number;
  /** This body, or for a subshell the nearest enclosing body that is not one (-1 for the top level). */
  owner: number;
  /** Span from the opening delimiter to after the closing one (or the end of the text). */
  start: number;
  end: number;
  /** Span of the text between the delimiters. */
  innerStart: number;
  innerEnd: number;
  /** Written inside double quotes. */
  quoted: boolean;
  closed: boolean;
  /** Nesting level: 1 for a body written at the top level. */
  level: number;
}

export type Token =
  | { kind: 'word'; body: number; word: ShellWord }
  /** Control and redirection operators; a redirection's fd number is in `fd` (`2>&1` → fd 2, op `>&`). */
  | { kind: 'op'; body: number; op: string; fd?: string; start: number; end: number }
  /** An unquoted newline; `end` includes the heredoc bodies that start after it. */
  | { kind: 'newline'; body: number; start: number; end: number }
  | { kind: 'comment'; body: number; start: number; end: number }
  /** Marks the end of a nested body (emitted once per body, also for unclosed ones at the end). */
  | { kind: 'close'; body: number; start: number; end: number };

export interface Heredoc {
  /** Index of the `<<` / `<<-` operator token. */
  operator: number;
  delimiter: string;
  /** The delimiter was quoted: the body is literal text. */
  quoted: boolean;
  /** `<<-`: leading tabs are stripped. */
  strip: boolean;
  bodyStart: number;
  /** End of the body (before the delimiter line); `end` is after the delimiter line. */
  bodyEnd: number;
  end: number;
  closed: boolean;
}

export interface Tokenization {
  text: string;
  tokens: Token[];
  bodies: Body[];
  heredocs: Heredoc[];
  /** Characters read, counted for the linear-time tests. */
  work: number;
}

/** Word values nested deeper than this keep their substitutions as written rather than rebuilt. */
const VALUE_NESTING = 8;

const REDIRECTS = ['<<<', '<<-', '&>>', '<<', '<>', '<&', '>>', '>&', '>|', '&>', '<', '>'];
const CONTROLS = [';;&', '&&', '||', ';;', ';&', '|&', '|', '&', ';', '(', ')'];
const META = asciiSet(' \t\n\r;&|<>()');
const REDIRECT_OPS = new Set(REDIRECTS);
/**
 * The operators that start with each character, in the order they are tried: for `<`, `>` and `&`
 * the redirections, then the control operators (longest first in each list).
 */
const OPERATORS_BY_FIRST = new Map<string, string[]>();
for (const op of [...REDIRECTS, ...CONTROLS]) {
  const list = OPERATORS_BY_FIRST.get(op[0]) ?? [];
  list.push(op);
  OPERATORS_BY_FIRST.set(op[0], list);
}

/** The operator written at `i`, whose first character is `c`: the longest that matches there. */
function operatorAt(text: string, i: number, c: string): string {
  for (const op of OPERATORS_BY_FIRST.get(c) ?? []) if (text.startsWith(op, i)) return op;
  return c;
}

/** ASCII codes that end a word or start a quote, escape, expansion or operator outside quotes (`#` only starts a comment between words). */
const UNQUOTED_SPECIAL = asciiSet(' \t\r\n;&|<>()\'"\\$`');
/** Codes that mean something inside double quotes. */
const DOUBLE_QUOTED_SPECIAL = asciiSet('"\\$`');

function asciiSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let k = 0; k < chars.length; k++) set[chars.charCodeAt(k)] = 1;
  return set;
}

const ANSI_C: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

interface WordBuilder {
  start: number;
  value: string;
  quoted: boolean;
  glob: boolean;
  unclosed: boolean;
  substitutions: number[];
}

interface Frame {
  body: number;
  /** The word the body was opened in (its text so far), restored when the body closes. */
  word: WordBuilder | null;
  /** Inside double quotes when the body opened. */
  inDouble: boolean;
  /** Index of the first token of this body, for rebuilding the word value. */
  firstToken: number;
  /** Open `case` commands in this body: their pattern `)` closes nothing. */
  cases: number;
}

function isNameStart(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
}
function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

/** Tokenizes a whole script (up to the per-script cap of ./budget.ts). Never throws. */
export function tokenize(script: string): Tokenization {
  const text = cappedScript(script);
  const tokens: Token[] = [];
  const bodies: Body[] = [];
  const heredocs: Heredoc[] = [];
  const pending: number[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  let work = 0;
  let word: WordBuilder | null = null;
  let inDouble = false;
  /** The next word is in command position (only used to follow `case … esac`). */
  let commandStart = true;
  let topCases = 0;
  /** Index of a `<<`/`<<-` operator whose delimiter word comes next. */
  let heredocOperator = -1;
  const current = () => (stack.length > 0 ? stack[stack.length - 1].body : -1);

  const finishWord = (end: number) => {
    if (!word) return;
    const w = word;
    word = null;
    const raw = text.slice(w.start, end);
    work++;
    tokens.push({
      kind: 'word',
      body: current(),
      word: { raw, value: w.value, start: w.start, end, quoted: w.quoted, glob: w.glob, unclosed: w.unclosed, substitutions: w.substitutions },
    });
    if (heredocOperator >= 0) {
      const op = tokens[heredocOperator] as { op: string };
      heredocs.push({ operator: heredocOperator, delimiter: w.value, quoted: w.quoted, strip: op.op === '<<-', bodyStart: n, bodyEnd: n, end: n, closed: false });
      pending.push(heredocs.length - 1);
      heredocOperator = -1;
    }
    if (commandStart && !w.quoted) {
      const frame = stack[stack.length - 1];
      if (raw === 'case') { if (frame) frame.cases++; else topCases++; }
      else if (raw === 'esac') { if (frame) frame.cases = Math.max(0, frame.cases - 1); else topCases = Math.max(0, topCases - 1); }
    }
    // Keywords are short: a Set lookup would hash the whole (possibly huge) word.
    commandStart = !w.quoted && raw.length <= 5 && COMMAND_LEADS.has(raw);
  };

  const startWord = (at: number): WordBuilder => {
    if (!word) word = { start: at, value: '', quoted: false, glob: false, unclosed: false, substitutions: [] };
    return word;
  };

  const openBody = (kind: SubstitutionKind, at: number, delimiterLength: number) => {
    if (kind === '(') tokens.push({ kind: 'op', body: current(), op: '(', start: at, end: at + 1 });
    const w = kind === '(' ? null : startWord(at);
    const index = bodies.length;
    work++;
    const parent = current();
    const owner = kind !== '(' ? index : parent < 0 ? -1 : bodies[parent].owner;
    bodies.push({ kind, parent, owner, start: at, end: n, innerStart: at + delimiterLength, innerEnd: n, quoted: inDouble, closed: false, level: stack.length + 1 });
    if (w) w.substitutions.push(index);
    stack.push({ body: index, word: w, inDouble, firstToken: tokens.length, cases: 0 });
    word = null;
    inDouble = false;
    commandStart = true;
    i = at + delimiterLength;
  };

  const closeBody = (at: number, delimiterLength: number) => {
    finishWord(at);
    const frame = stack.pop()!;
    const body = bodies[frame.body];
    body.innerEnd = at;
    body.end = at + delimiterLength;
    body.closed = delimiterLength > 0;
    tokens.push({ kind: 'close', body: frame.body, start: at, end: at + delimiterLength });
    work++;
    word = frame.word;
    inDouble = frame.inDouble;
    commandStart = false;
    i = at + delimiterLength;
    if (word) {
      if (!body.closed) word.unclosed = true;
      word.value += substitutionValue(frame.body, frame.firstToken);
    }
  };

  /** `$(a b)` with the inner words' values joined by spaces; deep or unclosed ones as written. */
  const substitutionValue = (index: number, first: number): string => {
    const body = bodies[index];
    if (body.level > VALUE_NESTING || !body.closed) return text.slice(body.start, body.end);
    const parts: string[] = [];
    for (let k = first; k < tokens.length; k++) {
      const t = tokens[k];
      work++;
      if ((t.body < 0 ? -1 : bodies[t.body].owner) !== index) continue;
      if (t.kind === 'word') parts.push(t.word.value);
      else if (t.kind === 'op') parts.push((t.fd ?? '') + t.op);
      else if (t.kind === 'close' && t.body !== index && bodies[t.body].kind === '(' && bodies[t.body].closed) parts.push(')');
    }
    return body.kind === '`' ? '`' + parts.join(' ') + '`' : body.kind + parts.join(' ') + ')';
  };

  const readHeredocs = (from: number): number => {
    let at = from;
    for (const h of pending) {
      const doc = heredocs[h];
      doc.bodyStart = at;
      while (at < n) {
        let lineEnd = text.indexOf('\n', at);
        if (lineEnd < 0) lineEnd = n;
        work += lineEnd - at + 1;
        let line = text.slice(at, lineEnd);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (doc.strip) line = line.replace(/^\t+/, '');
        const next = Math.min(lineEnd + 1, n);
        if (line === doc.delimiter) {
          doc.bodyEnd = at;
          doc.end = next;
          doc.closed = true;
          at = next;
          break;
        }
        at = next;
      }
      if (!doc.closed) { doc.bodyEnd = n; doc.end = n; }
    }
    pending.length = 0;
    return at;
  };

  const inCase = () => (stack.length > 0 ? stack[stack.length - 1].cases : topCases) > 0;

  while (i < n) {
    work++;
    const c = text[i];
    if (inDouble) {
      const w = word!;
      if (c === '"') { inDouble = false; i++; continue; }
      if (c === '\\') {
        const d = text[i + 1];
        if (d === '\n') { i += 2; continue; }
        if (d === '\r' && text[i + 2] === '\n') { i += 3; continue; }
        if (d === '"' || d === '\\' || d === '$' || d === '`') { w.value += d; i += 2; continue; }
        w.value += '\\' + (d ?? '');
        i += d === undefined ? 1 : 2;
        continue;
      }
      if (c === '$') { i = dollar(i, w); continue; }
      if (c === '`') { openBody('`', i, 1); continue; }
      // Ordinary characters up to the next one that means something inside "…", in one slice.
      let j = i + 1;
      while (j < n && !DOUBLE_QUOTED_SPECIAL[text.charCodeAt(j)]) j++;
      work += j - i - 1;
      w.value += text.slice(i, j);
      i = j;
      continue;
    }
    if (c === '`' && stack.length > 0 && bodies[stack[stack.length - 1].body].kind === '`') { closeBody(i, 1); continue; }
    if (c === '\\') {
      const d = text[i + 1];
      if (d === '\n') { i += 2; continue; }
      if (d === '\r' && text[i + 2] === '\n') { i += 3; continue; }
      const w = startWord(i);
      w.quoted = true;
      if (d !== undefined) w.value += d;
      i += d === undefined ? 1 : 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') { finishWord(i); i++; continue; }
    if (c === '\n') {
      finishWord(i);
      heredocOperator = -1;
      const end = pending.length > 0 ? readHeredocs(i + 1) : i + 1;
      tokens.push({ kind: 'newline', body: current(), start: i, end });
      commandStart = true;
      i = end;
      continue;
    }
    if (c === '#' && !word) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      work += end - i;
      tokens.push({ kind: 'comment', body: current(), start: i, end });
      i = end;
      continue;
    }
    if (c === "'") {
      const w = startWord(i);
      w.quoted = true;
      let end = text.indexOf("'", i + 1);
      if (end < 0) { end = n; w.unclosed = true; }
      work += end - i;
      w.value += text.slice(i + 1, end);
      i = Math.min(end + 1, n);
      continue;
    }
    if (c === '"') { startWord(i).quoted = true; inDouble = true; i++; continue; }
    if (c === '$') { i = dollar(i, startWord(i)); continue; }
    if (c === '`') { openBody('`', i, 1); continue; }
    if ((c === '<' || c === '>') && text[i + 1] === '(') { openBody(c === '<' ? '<(' : '>(', i, 2); continue; }
    if (META[text.charCodeAt(i)] === 1) {
      // `2>file`, `2>&1`: a word of digits right before a redirection is its fd.
      let fd: string | undefined;
      let start = i;
      const pendingWord = word as WordBuilder | null;
      if (pendingWord && (c === '<' || c === '>')) {
        const raw = text.slice(pendingWord.start, i);
        if (/^\d+$/.test(raw)) { fd = raw; start = pendingWord.start; word = null; }
      }
      finishWord(i);
      if (c === ')') {
        if (stack.length > 0 && !inCase()) { closeBody(i, 1); continue; }
        // A case pattern's `)` (or a stray one) closes nothing.
        tokens.push({ kind: 'op', body: current(), op: ')', start: i, end: i + 1 });
        commandStart = true;
        i++;
        continue;
      }
      if (c === '(') {
        const last = tokens[tokens.length - 1];
        const patternParen = inCase() && last !== undefined &&
          ((last.kind === 'word' && last.word.raw === 'in') || (last.kind === 'op' && last.op.startsWith(';;')) || last.kind === 'newline');
        if (!patternParen) { openBody('(', i, 1); continue; }
      }
      const op = operatorAt(text, i, c);
      const redirect = REDIRECT_OPS.has(op);
      tokens.push({ kind: 'op', body: current(), op, fd, start, end: i + op.length });
      i += op.length;
      heredocOperator = op === '<<' || op === '<<-' ? tokens.length - 1 : -1;
      commandStart = !redirect;
      continue;
    }
    const w = startWord(i);
    // Ordinary characters up to the next one that ends, quotes or expands a word, in one slice:
    // appending them one at a time was most of the tokenizer's time.
    let j = i;
    let glob = false;
    for (; j < n; j++) {
      const code = text.charCodeAt(j);
      if (code < 128 && UNQUOTED_SPECIAL[code]) break;
      if (code === 42 || code === 63) glob = true;
    }
    work += j - i - 1;
    if (glob) w.glob = true;
    w.value += text.slice(i, j);
    i = j;
  }
  for (;;) {
    if (word && inDouble) (word as WordBuilder).unclosed = true;
    if (stack.length === 0) break;
    closeBody(n, 0);
  }
  finishWord(n);
  if (pending.length > 0) readHeredocs(n);
  return { text, tokens, bodies, heredocs, work };

  /** Reads `$…` at `at` into the word; returns the next index. */
  function dollar(at: number, w: WordBuilder): number {
    const d = text[at + 1];
    if (d === '(' && text[at + 2] === '(') {
      // Arithmetic `$(( … ))`: kept as written.
      let depth = 0;
      let k = at + 1;
      for (; k < n; k++) {
        work++;
        if (text[k] === '(') depth++;
        else if (text[k] === ')' && --depth === 0) break;
      }
      const end = Math.min(k + 1, n);
      if (k >= n) w.unclosed = true;
      w.value += text.slice(at, end);
      return end;
    }
    if (d === '(') { openBody('$(', at, 2); return i; }
    if (d === '{' && text[at + 2] === '{') {
      // A CI template expression (`${{ github.sha }}`): expanded before the shell runs, plain text here.
      const close = text.indexOf('}}', at + 3);
      const lineEnd = close < 0 ? -1 : text.lastIndexOf('\n', close);
      if (close >= 0 && lineEnd < at) {
        work += close + 2 - at;
        w.value += text.slice(at, close + 2);
        return close + 2;
      }
    }
    if (d === '{') {
      let depth = 0;
      let k = at + 1;
      for (; k < n; k++) {
        work++;
        const e = text[k];
        if (e === '{' && (k === at + 1 || text[k - 1] === '$')) depth++;
        else if (e === '}' && --depth === 0) break;
      }
      const end = Math.min(k + 1, n);
      if (k >= n) w.unclosed = true;
      w.value += text.slice(at, end);
      return end;
    }
    if (d === "'" && !inDouble) {
      // ANSI-C quoting: backslash escapes are decoded.
      w.quoted = true;
      let k = at + 2;
      let out = '';
      while (k < n && text[k] !== "'") {
        work++;
        if (text[k] === '\\' && k + 1 < n) {
          const [s, used] = ansiEscape(text, k + 1);
          out += s;
          k += 1 + used;
        } else {
          out += text[k++];
        }
      }
      if (k >= n) w.unclosed = true;
      w.value += out;
      return Math.min(k + 1, n);
    }
    if (d !== undefined && isNameStart(d)) {
      let k = at + 2;
      while (k < n && isNameChar(text[k])) k++;
      work += k - at;
      w.value += '${' + text.slice(at + 1, k) + '}';
      return k;
    }
    if (d !== undefined && /[0-9*@#?$!-]/.test(d)) {
      w.value += '${' + d + '}';
      return at + 2;
    }
    w.value += '$';
    return at + 1;
  }
}

// Keywords after which the next word is again in command position.
const COMMAND_LEADS = new Set(['then', 'else', 'elif', 'do', '!', '{', 'time', 'if', 'while', 'until']);

function ansiEscape(text: string, k: number): [string, number] {
  const c = text[k];
  if (c in ANSI_C) return [ANSI_C[c], 1];
  let m: RegExpExecArray | null;
  const rest = text.slice(k, k + 10);
  if ((m = /^x([0-9A-Fa-f]{1,2})/.exec(rest))) return [String.fromCharCode(parseInt(m[1], 16)), m[0].length];
  if ((m = /^u([0-9A-Fa-f]{1,4})/.exec(rest))) return [String.fromCharCode(parseInt(m[1], 16)), m[0].length];
  if ((m = /^U([0-9A-Fa-f]{1,8})/.exec(rest))) {
    const cp = parseInt(m[1], 16);
    return [cp <= 0x10ffff ? String.fromCodePoint(cp) : m[0], m[0].length];
  }
  if ((m = /^[0-7]{1,3}/.exec(rest))) return [String.fromCharCode(parseInt(m[0], 8) & 0xff), m[0].length];
  return [c, 1];
}
