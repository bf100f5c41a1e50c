// Source-preserving view of a CI script: logical lines, and the simple commands on each line with
// their exact source spans. parseShell gives each command's meaning (quotes removed); this module
// gives back where each command and each word sits in the text, so a rewrite can replace one
// command and keep every other byte of the line, and can emit the user's own quoting.

export interface RawToken {
  kind: 'word' | 'op' | 'nl';
  text: string;
  start: number;
  end: number;
}

export interface RawCommand {
  /** Words of the command (assignments first, redirections excluded), as written. */
  words: RawToken[];
  /** Leading `NAME=value` words. */
  assignments: number;
  /** Span of the command in the line, from its first word to its last word or redirection. */
  start: number;
  end: number;
  /** Control operator before / after the command inside the line (null at the line edge). */
  before: string | null;
  after: string | null;
  /** A compound keyword (`then`, `do`, `else`, `{`) directly precedes it. */
  afterKeyword: boolean;
  /** A compound closer (`fi`, `done`, `esac`, `}`) directly follows it. */
  beforeCloser: boolean;
  /** Nesting depth of if/while/until/for/case bodies at the command. */
  depth: number;
}

export interface LogicalLine {
  /** Offsets of the line in the script text (continuations and heredoc bodies included). */
  start: number;
  end: number;
  text: string;
  commands: RawCommand[];
  /** Depth of compound commands open when the line starts. */
  depthAtStart: number;
  depthAtEnd: number;
}

const CONTROL_OPS = new Set(['&&', '||', ';', '|', '&', ';;', '|&', '(', ')']);
const OPENERS = new Set(['if', 'while', 'until', 'for', 'case', 'select']);
const CLOSERS = new Set(['fi', 'done', 'esac']);
const LEAD_KEYWORDS = new Set(['then', 'else', 'elif', 'do', '!', '{', 'time']);
const OPERATOR_CHARS = new Set([';', '&', '|', '<', '>', '(', ')']);

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

function skipWord(s: string, i: number): number {
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') return i;
    if (OPERATOR_CHARS.has(c)) return i;
    if (c === '\\') { i += 2; continue; }
    if (c === "'") { const j = s.indexOf("'", i + 1); i = j < 0 ? s.length : j + 1; continue; }
    if (c === '"') { i = skipDouble(s, i); continue; }
    if (c === '`') { const j = s.indexOf('`', i + 1); i = j < 0 ? s.length : j + 1; continue; }
    if (c === '$' && s[i + 1] === '(') { i = skipParens(s, i + 1); continue; }
    if (c === '$' && s[i + 1] === '{') { const j = s.indexOf('}', i + 2); i = j < 0 ? s.length : j + 1; continue; }
    i++;
  }
  return i;
}

function readOperator(s: string, i: number): string {
  for (const op of ['<<<', '<<-', '&>>', '&&', '||', ';;', '|&', '>>', '>&', '<&', '<<', '&>', '>|']) {
    if (s.startsWith(op, i)) return op;
  }
  return s[i];
}

/** Tokenizes a script with source offsets. Heredoc bodies are folded into the preceding newline token. */
export function rawTokens(s: string): RawToken[] {
  const out: RawToken[] = [];
  const pendingHeredocs: { delimiter: string; strip: boolean }[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && s[i + 1] === '\n') { i += 2; continue; }
    if (c === '\\' && s[i + 1] === '\r' && s[i + 2] === '\n') { i += 3; continue; }
    if (c === '\n') {
      let end = i + 1;
      for (const h of pendingHeredocs) {
        while (end < s.length) {
          let lineEnd = s.indexOf('\n', end);
          if (lineEnd < 0) lineEnd = s.length;
          let body = s.slice(end, lineEnd).replace(/\r$/, '');
          if (h.strip) body = body.replace(/^\t+/, '');
          end = Math.min(lineEnd + 1, s.length);
          if (body === h.delimiter) break;
        }
      }
      pendingHeredocs.length = 0;
      out.push({ kind: 'nl', text: s.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    if (c === '#' && (out.length === 0 || out[out.length - 1].end < i || out[out.length - 1].kind !== 'word')) {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (OPERATOR_CHARS.has(c)) {
      const op = readOperator(s, i);
      out.push({ kind: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
      if (op === '<<' || op === '<<-') {
        while (s[i] === ' ' || s[i] === '\t') i++;
        const wEnd = skipWord(s, i);
        const delimiter = s.slice(i, wEnd).replace(/['"\\]/g, '');
        if (delimiter) pendingHeredocs.push({ delimiter, strip: op === '<<-' });
        out.push({ kind: 'word', text: s.slice(i, wEnd), start: i, end: wEnd });
        i = wEnd;
      }
      continue;
    }
    const end = skipWord(s, i);
    const text = s.slice(i, end);
    // `2>&1`, `2>file`: the fd number belongs to the redirection.
    if (/^\d+$/.test(text) && (s[end] === '>' || s[end] === '<')) {
      const op = readOperator(s, end);
      out.push({ kind: 'op', text: text + op, start: i, end: end + op.length });
      i = end + op.length;
      continue;
    }
    out.push({ kind: 'word', text, start: i, end });
    i = end;
  }
  return out;
}

function isRedirect(op: string): boolean {
  return /^\d*(<<<|<<-|&>>|>>|>&|<&|<<|&>|>\||>|<)$/.test(op);
}

/** Splits a script (one CI script item) into logical lines with their simple commands. */
export function logicalLines(script: string): LogicalLine[] {
  const tokens = rawTokens(script);
  const lines: LogicalLine[] = [];
  let depth = 0;
  let lineTokens: RawToken[] = [];
  let lineStart = 0;
  const finish = (end: number) => {
    const startDepth = depth;
    const commands: RawCommand[] = [];
    let current: RawToken[] = [];
    let redirEnd = -1;
    let before: string | null = null;
    let afterKeyword = false;
    let skipSegment = false;
    const flush = (after: string | null) => {
      if (current.length > 0 || redirEnd >= 0) {
        const words = current;
        let assignments = 0;
        while (assignments < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[assignments].text)) assignments++;
        const start = words.length > 0 ? words[0].start : redirEnd;
        const last = words.length > 0 ? words[words.length - 1].end : redirEnd;
        if (words.length > 0) {
          commands.push({ words, assignments, start, end: Math.max(last, redirEnd), before, after, afterKeyword, beforeCloser: false, depth });
        }
      }
      current = [];
      redirEnd = -1;
      afterKeyword = false;
      skipSegment = false;
    };
    for (let k = 0; k < lineTokens.length; k++) {
      const t = lineTokens[k];
      if (t.kind === 'op' && CONTROL_OPS.has(t.text)) {
        flush(t.text);
        before = t.text;
        continue;
      }
      if (t.kind === 'op' && isRedirect(t.text)) {
        const target = /&\d*$/.test(t.text) || t.text.endsWith('&1') ? undefined : lineTokens[k + 1];
        redirEnd = target && target.kind === 'word' ? target.end : t.end;
        if (target && target.kind === 'word') k++;
        continue;
      }
      if (skipSegment) continue;
      if (current.length === 0) {
        if (OPENERS.has(t.text)) {
          depth++;
          if (t.text === 'for' || t.text === 'case' || t.text === 'select') skipSegment = true;
          continue;
        }
        if (CLOSERS.has(t.text) || t.text === '}') {
          if (commands.length > 0 && commands[commands.length - 1].after !== null) commands[commands.length - 1].beforeCloser = true;
          if (t.text !== '}') depth = Math.max(0, depth - 1);
          continue;
        }
        if (LEAD_KEYWORDS.has(t.text)) { afterKeyword = true; continue; }
      }
      current.push(t);
    }
    flush(null);
    lines.push({ start: lineStart, end, text: script.slice(lineStart, end), commands, depthAtStart: startDepth, depthAtEnd: depth });
  };
  for (const t of tokens) {
    if (t.kind === 'nl') {
      finish(t.start);
      lineTokens = [];
      lineStart = t.end;
      // A heredoc body is folded into the newline token: it belongs to the line that opened it.
      if (t.end - t.start > 1 && t.text.replace(/\r/g, '') !== '\n') lines[lines.length - 1].end = t.end - 1;
      continue;
    }
    lineTokens.push(t);
  }
  if (lineStart < script.length || lines.length === 0) finish(script.length);
  for (const l of lines) l.text = script.slice(l.start, l.end);
  return lines;
}

/** Removes one level of quoting from a raw word whose whole text is a single double-quoted string. */
export function doubleQuotedBody(raw: string): string | undefined {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') && skipDouble(raw, 0) === raw.length) return raw.slice(1, -1);
  if (!/["'`\\\s]/.test(raw)) return raw;
  return undefined;
}
