// Simple commands read from the token stream of tokens.ts: assignments, words, redirections, the
// operator joining each command to the previous one, pipelines, if/loop depth, and the commands of
// substitutions (flagged). Every word and command keeps its span in the text, so callers can report
// or replace exactly what was written. Subshells `( … )` are read as ordinary commands in place.
import { tokenize, type ShellWord, type Token, type Tokenization } from './tokens.js';

export type Connector = '&&' | '||' | ';' | '|' | '&' | null;

export interface Redirect {
  /** The operator without its fd number (`>`, `>>`, `>&`, `<<`, …). */
  op: string;
  /** The target word's value (`''` when missing). */
  target: string;
  fd?: string;
  /** Span of the operator and its target. */
  start: number;
  end: number;
  targetWord?: ShellWord;
}

export interface Command {
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
  /** Nesting depth of if/while/until/for/case bodies. */
  depth: number;
  /** Came from inside `$( … )`, backticks, `<( … )` or `>( … )`. */
  substitution: boolean;
  redirects: Redirect[];
  /** The argv words with their spans. */
  words: ShellWord[];
  assignmentWords: ShellWord[];
  /** Span from the first word (or redirection) to the last word or redirection. */
  start: number;
  end: number;
  /** Nested body the command is written in (index in `bodies`, -1 at the top level or in a subshell there). */
  body: number;
  /**
   * The innermost `( … )` subshell the command is written in (an index in `bodies`, whose `parent`
   * leads to the enclosing ones), -1 outside any: what it changes (a `cd`, a variable) ends there.
   */
  group: number;
  /** Top-level logical line the command starts on (index into `ParsedScript.lines`). */
  line: number;
  /** Control operator before / after the command in its body (null at a line edge). */
  before: string | null;
  after: string | null;
  /** A compound keyword (`then`, `do`, `else`, `{`, …) directly precedes it. */
  afterKeyword: boolean;
  /** A compound closer (`fi`, `done`, `esac`, `}`) directly follows it. */
  beforeCloser: boolean;
}

export interface ScriptLine {
  /** Offsets of the logical line (continuations and heredoc bodies included). */
  start: number;
  end: number;
  depthAtStart: number;
  depthAtEnd: number;
}

export interface ParsedScript extends Tokenization {
  commands: Command[];
  lines: ScriptLine[];
}

const OPENERS = new Set(['if', 'while', 'until', 'for', 'case', 'select']);
const CLOSERS = new Set(['fi', 'done', 'esac', '}']);
const LEAD_KEYWORDS = new Set(['then', 'else', 'elif', 'do', '!', '{', 'time']);
const CONTROL = new Set(['&&', '||', ';', '|', '&', ';;', ';&', ';;&', '|&', ')']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

interface Builder {
  body: number;
  substitution: boolean;
  depth: number;
  pipeline: number;
  pipeIndex: number;
  connector: Connector;
  before: string | null;
  words: ShellWord[];
  redirects: Redirect[];
  afterKeyword: boolean;
  skipSegment: boolean;
  /** Open `case` commands: reading patterns (true) or an arm's commands (false). */
  cases: boolean[];
  /** Index of the last command this builder emitted. */
  last: number;
  /** The body of the current command's first word (a subshell's, inside one). */
  group: number;
}

function connectorOf(op: string): Connector {
  if (op === '|&') return '|';
  if (op.startsWith(';')) return ';';
  return op as Connector;
}

/** Tokenizes and groups a script into commands and logical lines. */
export function parseScript(text: string): ParsedScript {
  const tokenization = tokenize(text);
  const { tokens, bodies } = tokenization;
  const commands: Command[] = [];
  const lines: ScriptLine[] = [];
  const builders = new Map<number, Builder>();
  let line = 0;
  let lineStart = 0;
  let lineDepth = 0;

  /** Subshells share their enclosing body's builder: their commands are ordinary commands. */
  const owner = (body: number): number => (body < 0 ? -1 : bodies[body].owner);
  /** A body's commands start at the if/loop depth of the nearest enclosing body already read. */
  const enclosingDepth = (body: number): number => {
    for (let b = body, steps = 0; b >= 0 && steps < 8; steps++) {
      b = owner(bodies[b].parent);
      const found = builders.get(b);
      if (found) return found.depth;
    }
    return 0;
  };
  const newBuilder = (body: number): Builder => {
    return {
      body, substitution: body >= 0, depth: body >= 0 ? enclosingDepth(body) : 0, pipeline: 0, pipeIndex: 0, connector: null,
      before: null, words: [], redirects: [], afterKeyword: false, skipSegment: false, cases: [], last: -1, group: body,
    };
  };
  const builderOf = (body: number): Builder => {
    let b = builders.get(body);
    if (!b) { b = newBuilder(body); builders.set(body, b); }
    return b;
  };
  const top = builderOf(-1);

  const flush = (b: Builder, after: string | null) => {
    const words = b.words;
    if (words.length > 0) {
      let k = 0;
      while (k < words.length && ASSIGNMENT.test(words[k].raw)) k++;
      const assignmentWords = words.slice(0, k);
      const argvWords = words.slice(k);
      const ends = b.redirects.map((r) => r.end);
      commands.push({
        argv: argvWords.map((w) => w.value),
        assignments: assignmentWords.map((w) => w.value),
        connector: b.connector,
        pipeline: b.substitution ? top.pipeline : b.pipeline,
        pipeIndex: b.substitution ? top.pipeIndex : b.pipeIndex,
        conditional: b.depth > 0,
        depth: b.depth,
        substitution: b.substitution,
        redirects: b.redirects,
        words: argvWords,
        assignmentWords,
        start: words[0].start,
        end: Math.max(words[words.length - 1].end, ...ends),
        body: b.body,
        group: b.group !== b.body && b.group >= 0 && bodies[b.group].kind === '(' ? b.group : -1,
        line,
        before: b.before,
        after,
        afterKeyword: b.afterKeyword,
        beforeCloser: false,
      });
      b.last = commands.length - 1;
    }
    b.words = [];
    b.redirects = [];
    b.afterKeyword = false;
    b.skipSegment = false;
  };

  const control = (b: Builder, op: string) => {
    flush(b, op);
    b.before = op;
    if (op === '(' || op === ')') return;
    const connector = connectorOf(op);
    if (connector === '|') b.pipeIndex += 1;
    else { b.pipeline += 1; b.pipeIndex = 0; }
    b.connector = connector;
    if (op.startsWith(';;') || op === ';&') {
      if (b.cases.length > 0) b.cases[b.cases.length - 1] = true;
    }
  };

  const word = (b: Builder, w: ShellWord) => {
    const inPattern = b.cases.length > 0 && b.cases[b.cases.length - 1];
    if (inPattern) {
      if (w.raw === 'esac') { b.cases.pop(); b.depth = Math.max(0, b.depth - 1); markCloser(b); }
      return;
    }
    if (b.skipSegment) return;
    // Keywords are short: a Set lookup would hash the whole (possibly huge) word.
    if (b.words.length === 0 && w.raw.length <= 6) {
      if (OPENERS.has(w.raw)) {
        b.depth += 1;
        if (w.raw === 'case') b.cases.push(true);
        if (w.raw === 'for' || w.raw === 'select' || w.raw === 'case') b.skipSegment = true;
        return;
      }
      if (CLOSERS.has(w.raw)) {
        markCloser(b);
        if (w.raw === 'esac' && b.cases.length > 0) b.cases.pop();
        if (w.raw !== '}') b.depth = Math.max(0, b.depth - 1);
        return;
      }
      if (LEAD_KEYWORDS.has(w.raw)) { b.afterKeyword = true; return; }
    }
    b.words.push(w);
  };
  const markCloser = (b: Builder) => {
    if (b.last >= 0 && commands[b.last].after !== null && commands[b.last].line === line) commands[b.last].beforeCloser = true;
  };

  for (let k = 0; k < tokens.length; k++) {
    const t: Token = tokens[k];
    const ownerBody = owner(t.body);
    const b = builderOf(ownerBody);
    switch (t.kind) {
      case 'comment':
        continue;
      case 'close': {
        const body = bodies[t.body];
        if (body.kind === '(') {
          if (body.closed) control(builderOf(owner(body.parent)), ')');
        } else {
          flush(builderOf(t.body), null);
          builders.delete(t.body);
        }
        continue;
      }
      case 'newline': {
        const inPattern = b.cases.length > 0 && b.cases[b.cases.length - 1];
        if (!inPattern) {
          flush(b, null);
          b.pipeline += 1;
          b.pipeIndex = 0;
          b.connector = ';';
        }
        b.before = null;
        if (ownerBody === -1) {
          lines.push({ start: lineStart, end: t.start, depthAtStart: lineDepth, depthAtEnd: top.depth });
          // A heredoc body belongs to the line that opened it.
          if (t.end - t.start > 1 && text.slice(t.start, t.end).replace(/\r/g, '') !== '\n') lines[lines.length - 1].end = t.end - 1;
          line += 1;
          lineStart = t.end;
          lineDepth = top.depth;
        }
        continue;
      }
      case 'word':
        if (b.words.length === 0) b.group = t.body;
        word(b, t.word);
        continue;
      case 'op': {
        if (t.op === ')') {
          const inCase = b.cases.length > 0 && b.cases[b.cases.length - 1];
          if (inCase) { b.cases[b.cases.length - 1] = false; b.before = null; b.afterKeyword = false; continue; }
        }
        if (t.op === '(') { if (!(b.cases.length > 0 && b.cases[b.cases.length - 1])) control(b, '('); continue; }
        if (CONTROL.has(t.op)) { control(b, t.op); continue; }
        // A redirection: the next word is its target (also the fd of `>&1`, the delimiter of `<<`).
        const next = tokens[k + 1];
        const target = next && next.kind === 'word' && next.body === t.body ? next.word : undefined;
        if (target) k++;
        b.redirects.push({ op: t.op, target: target?.value ?? '', fd: t.fd, start: t.start, end: target ? target.end : t.end, targetWord: target });
        continue;
      }
    }
  }
  flush(top, null);
  if (lineStart < text.length || lines.length === 0) lines.push({ start: lineStart, end: text.length, depthAtStart: lineDepth, depthAtEnd: top.depth });
  // Spelled out: spreading the tokenization into a new object was the slowest line of the parse.
  const { text: tokenized, heredocs, work } = tokenization;
  return { text: tokenized, tokens, bodies, heredocs, work, commands, lines };
}
