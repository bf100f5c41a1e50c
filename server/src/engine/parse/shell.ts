// The shell parse layer for RUN instructions and CI `script:` lines. Tokenizing is done by
// shell-quote (a maintained POSIX-style tokenizer: quotes, escapes, operators, comments); this module
// only groups its tokens into simple commands, pipelines and if-blocks, which is what rules need.
// Variables are kept as literal `${NAME}` text: nothing here ever evaluates or runs a script.
import { parse as shellQuoteParse } from 'shell-quote';

export type Connector = '&&' | '||' | ';' | '|' | '&' | null;

export interface ShellCommand {
  /** Words of the simple command with quotes removed; variables stay literal (`${NAME}`). */
  argv: string[];
  /** Assignments written before the command name (`FOO=bar cmd`). */
  assignments: string[];
  /** Operator joining this command to the previous one (null for the first). */
  connector: Connector;
  /** Index of the pipeline this command belongs to, and its position inside it. */
  pipeline: number;
  pipeIndex: number;
  /** Inside an if/while/until/case body: whether it runs depends on a condition. */
  conditional: boolean;
  /** Nesting depth of if/while/for bodies. */
  depth: number;
  /** Came from inside `$( … )`, backticks or `<( … )`. */
  substitution: boolean;
  redirects: { op: string; target: string }[];
}

type Token = string | { op: string } | { comment: string } | { op: 'glob'; pattern: string };

const OPENERS = new Set(['if', 'while', 'until', 'for', 'case', 'select']);
const BODY_WORDS = new Set(['then', 'else', 'elif', 'do', '!', '{', 'time']);
const CLOSERS = new Set(['fi', 'done', 'esac', '}']);
const REDIRECT_OPS = new Set(['>', '>>', '<', '>&', '<&', '>|', '<<', '<<<', '&>', '&>>']);

/** Joins backslash-newline continuations and turns unquoted newlines into `;`. */
function normalizeNewlines(script: string): string {
  let out = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === '\\' && quote !== "'") {
      const next = script[i + 1];
      if (next === '\n') { i += 1; continue; }
      if (next === '\r' && script[i + 2] === '\n') { i += 2; continue; }
      out += c + (next ?? '');
      i += 1;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      out += c;
      continue;
    }
    if (c === '"' || c === "'") { quote = c; out += c; continue; }
    if (c === '#' && (i === 0 || /\s|;/.test(script[i - 1]))) {
      // Drop comments here so that `;` insertion never lands inside one.
      while (i < script.length && script[i] !== '\n') i++;
      out += ' ; ';
      continue;
    }
    if (c === '\n') { out += ' ; '; continue; }
    if (c === '\r') continue;
    out += c;
  }
  return out;
}

// CI template expressions (`${{ github.sha }}`) are expanded before the shell runs; to the shell they
// are plain word text. They are masked during tokenizing so their spaces and braces split nothing.
const TEMPLATE_EXPRESSION = /\$\{\{[^\n]*?\}\}/g;
const MASK = /\u0001(\d+)\u0002/g;

function unmask(word: string, expressions: string[]): string {
  return word.includes('\u0001') ? word.replace(MASK, (_, n: string) => expressions[Number(n)]) : word;
}

function tokenize(script: string): Token[] {
  const expressions: string[] = [];
  const masked = script.includes('${{')
    ? script.replace(TEMPLATE_EXPRESSION, (e) => `\u0001${expressions.push(e) - 1}\u0002`)
    : script;
  try {
    const tokens = shellQuoteParse(normalizeNewlines(masked), (name: string) => (name === '' ? '$' : '${' + name + '}')) as Token[];
    if (expressions.length === 0) return tokens;
    return tokens.map((t) => (typeof t === 'string' ? unmask(t, expressions) : t));
  } catch {
    return [];
  }
}

function isOp(t: Token | undefined): t is { op: string } {
  return typeof t === 'object' && t !== null && 'op' in t;
}

/**
 * Splits a shell script into simple commands. Handles `&&`, `||`, `;`, `|`, `&`, newlines, line
 * continuations, if/then/fi, loops, redirections, and command substitutions (whose commands are
 * returned too, flagged `substitution`).
 */
export function parseShell(script: string, nesting = 0): ShellCommand[] {
  const tokens = tokenize(script);
  const commands: ShellCommand[] = [];
  let pipeline = 0;
  let pipeIndex = 0;
  let depth = 0;

  const emit = (words: string[], connector: Connector, substitution: boolean, redirects: ShellCommand['redirects']) => {
    let i = 0;
    // Compound-command keywords lead into the command that follows them.
    while (i < words.length) {
      const w = words[i];
      if (OPENERS.has(w)) { depth += 1; i += 1; if (w === 'for' || w === 'select' || w === 'case') return; continue; }
      if (BODY_WORDS.has(w)) { i += 1; continue; }
      if (CLOSERS.has(w)) { depth = Math.max(0, depth - 1); i += 1; continue; }
      break;
    }
    const rest = words.slice(i);
    const assignments: string[] = [];
    while (rest.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0])) assignments.push(rest.shift()!);
    if (rest.length === 0 && assignments.length === 0) return;
    commands.push({
      argv: rest,
      assignments,
      connector,
      pipeline,
      pipeIndex,
      conditional: depth > 0,
      depth,
      substitution,
      redirects,
    });
  };

  let words: string[] = [];
  let redirects: ShellCommand['redirects'] = [];
  let connector: Connector = null;

  const flush = (next: Connector) => {
    if (words.length > 0) emit(words, connector, false, redirects);
    words = [];
    redirects = [];
    if (next === '|') {
      pipeIndex += 1;
    } else {
      pipeline += 1;
      pipeIndex = 0;
    }
    connector = next;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (typeof t === 'string') {
      words.push(t);
      continue;
    }
    if ('comment' in t) continue;
    if (!isOp(t)) continue;
    const op = t.op;
    if (op === 'glob') {
      words.push((t as { pattern: string }).pattern);
      continue;
    }
    if (op === '(' || op === '<(' || op === '>(') {
      // Command or process substitution: collect to the matching `)`.
      const inner: Token[] = [];
      let level = 1;
      let j = i + 1;
      for (; j < tokens.length; j++) {
        const u = tokens[j];
        if (isOp(u) && (u.op === '(' || u.op === '<(' || u.op === '>(')) level += 1;
        if (isOp(u) && u.op === ')') { level -= 1; if (level === 0) break; }
        inner.push(u);
      }
      const innerText = inner.map((u) => (typeof u === 'string' ? u : isOp(u) ? u.op : '')).join(' ');
      const prefix = op === '(' ? '(' : op;
      if (op === '(' && words.length > 0 && words[words.length - 1].endsWith('$')) {
        words[words.length - 1] = words[words.length - 1] + '(' + innerText + ')';
      } else if (op === '(' && words.length === 0) {
        // A subshell: its commands are ordinary commands.
      } else {
        words.push(prefix + innerText + ')');
      }
      // Each level re-tokenizes its inner text, so deep nesting (only ever seen in hostile or
      // half-typed input) would cost quadratic time: substitutions nested deeper than 8 are not split.
      for (const sub of nesting < 8 ? parseShell(innerText, nesting + 1) : []) {
        commands.push({ ...sub, substitution: op !== '(' || words.length > 0 || sub.substitution, pipeline, pipeIndex });
      }
      i = j;
      continue;
    }
    if (REDIRECT_OPS.has(op)) {
      const target = tokens[i + 1];
      // `2>&1` arrives as "2", ">&", "1": drop the file-descriptor number too.
      if (words.length > 0 && /^\d$/.test(words[words.length - 1])) words.pop();
      redirects.push({ op, target: typeof target === 'string' ? target : '' });
      i += 1;
      continue;
    }
    if (op === '&&' || op === '||' || op === ';' || op === '|' || op === '&' || op === ';;' || op === '|&') {
      flush(op === ';;' ? ';' : op === '|&' ? '|' : (op as Connector));
      continue;
    }
  }
  flush(null);
  return commands;
}

/** The command name without a leading path (`/usr/bin/docker` → `docker`). */
export function commandName(cmd: ShellCommand): string {
  const first = cmd.argv[0] ?? '';
  const slash = first.lastIndexOf('/');
  return slash >= 0 ? first.slice(slash + 1) : first;
}
