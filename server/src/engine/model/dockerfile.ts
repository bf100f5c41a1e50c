// A stage-aware view of a Dockerfile: stages with their resolved base images and parent stages,
// global and per-stage ARG/ENV declarations, USER instructions with variables substituted where the
// value is certain, and RUN bodies as shell scripts (continuations joined, heredocs split out).
// A value that depends on a build argument without a default is "unknown" (null): never guessed.
import { Arg, Copy, Env, From, Run, Shell, User, type Instruction } from 'dockerfile-ast';
import { modelKey, type ParsedFile } from '../parsed-file.js';
import type { OffsetRange } from '../types.js';
import { joinContinuations } from '../parse/dockerfile-continuations.js';

/** A variable's state in a scope: a string value, `null` when unknown, absent when never declared. */
type VarValue = string | null;

export interface VarDecl {
  kind: 'ARG' | 'ENV';
  instruction: Arg | Env;
  name: string;
  nameRange: OffsetRange;
  /** The value as written (quotes removed), or null when none is given (`ARG NAME`). */
  value: string | null;
  valueRange: OffsetRange | null;
  /** The value after substitution, or null when it depends on an unknown value. */
  resolved: string | null;
}

export interface ImageRef {
  /** The image argument as written, e.g. `${BASE}` or `alpine:3.20`. */
  raw: string;
  /** After ARG substitution; null when a variable is unknown. */
  resolved: string | null;
  range: OffsetRange;
}

export interface UserDecl {
  instruction: User;
  raw: string;
  resolved: string | null;
  /** The user part (before `:`) of the resolved value. */
  user: string | null;
  /** True for `root` or `0` (with any group); null when unknown. */
  isRoot: boolean | null;
  range: OffsetRange;
}

export interface ShellScript {
  text: string;
  /** Source range of the text the script came from (the RUN arguments, or one heredoc body). */
  range: OffsetRange;
}

export interface RunDecl {
  instruction: Run;
  form: 'shell' | 'exec' | 'heredoc';
  /** The RUN arguments after any flags. */
  range: OffsetRange;
  /** Exec form: the JSON array. */
  exec: string[] | null;
  /** Shell code that will run: empty when the stage's SHELL is not a POSIX shell. */
  scripts: ShellScript[];
}

export interface CopyFromDecl {
  instruction: Copy;
  raw: string;
  resolved: string | null;
  range: OffsetRange;
  /** The stage named (by alias or index), if the value refers to one. */
  stage: Stage | null;
}

export interface Stage {
  index: number;
  from: From;
  fromRange: OffsetRange;
  image: ImageRef | null;
  alias: string | null;
  /** The earlier stage this stage is built on, when the base is `FROM <alias>`. */
  parent: Stage | null;
  args: VarDecl[];
  envs: VarDecl[];
  users: UserDecl[];
  runs: RunDecl[];
  copyFroms: CopyFromDecl[];
  /** ENV values at the end of the stage (inherited by stages built on it). */
  envAtEnd: Map<string, VarValue>;
}

export interface DockerfileModel {
  escape: string;
  globalArgs: VarDecl[];
  stages: Stage[];
  finalStage: Stage | null;
}

/** Platform ARGs BuildKit defines for FROM without a declaration. */
const PLATFORM_ARGS = new Set([
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
]);

const POSIX_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'mksh', 'busybox']);

export class Scope {
  private readonly vars = new Map<string, VarValue>();
  /**
   * A closed scope (before the first FROM) knows every variable that can be set; an open one (inside a
   * stage) does not, because the base image may define ENV values.
   */
  constructor(readonly closed: boolean, private readonly escape: string, inherited?: Map<string, VarValue>) {
    if (inherited) for (const [k, v] of inherited) this.vars.set(k, v);
  }

  set(name: string, value: VarValue): void {
    this.vars.set(name, value);
  }

  get(name: string): VarValue | undefined {
    if (this.vars.has(name)) return this.vars.get(name);
    if (!this.closed || PLATFORM_ARGS.has(name)) return null;
    return undefined;
  }

  /**
   * Substitutes `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`.
   * Returns null when the result depends on an unknown value or uses an unsupported form.
   */
  substitute(text: string): string | null {
    if (!text.includes('$')) return text;
    let out = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === this.escape && text[i + 1] === '$') {
        out += '$';
        i += 2;
        continue;
      }
      if (c !== '$') {
        out += c;
        i += 1;
        continue;
      }
      if (text[i + 1] === '{') {
        const close = matchingBrace(text, i + 1);
        if (close < 0) return null;
        const value = this.expandBraced(text.slice(i + 2, close));
        if (value === null) return null;
        out += value;
        i = close + 1;
        continue;
      }
      let j = i + 1;
      while (j < text.length && isNameChar(text.charCodeAt(j), j === i + 1)) j++;
      if (j === i + 1) {
        out += '$';
        i += 1;
        continue;
      }
      const value = this.get(text.slice(i + 1, j));
      // An undeclared variable expands to nothing; judging that empty result would only mislead.
      if (value === null || value === undefined) return null;
      out += value;
      i = j;
    }
    return out;
  }

  private expandBraced(inner: string): string | null {
    let j = 0;
    while (j < inner.length && isNameChar(inner.charCodeAt(j), j === 0)) j++;
    if (j === 0) return null;
    const value = this.get(inner.slice(0, j));
    const rest = inner.slice(j);
    if (rest === '') return value ?? null;
    const colon = rest[0] === ':';
    const op = colon ? rest[1] : rest[0];
    const word = rest.slice(colon ? 2 : 1);
    if (op !== '-' && op !== '+') return null;
    if (value === null) return null;
    const isSet = value !== undefined && (!colon || value !== '');
    if (op === '-') return isSet ? value! : this.substitute(word);
    return isSet ? this.substitute(word) : '';
  }
}

function isNameChar(code: number, first: boolean): boolean {
  const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return letter || (!first && code >= 48 && code <= 57);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === '{') depth++;
    else if (text[k] === '}' && --depth === 0) return k;
  }
  return -1;
}

/** The part of a USER value before the `:` that separates user and group (outside `${…}`). */
function userPart(raw: string): string {
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '{') depth++;
    else if (raw[i] === '}') depth--;
    else if (raw[i] === ':' && depth === 0) return raw.slice(0, i);
  }
  return raw;
}

/** True when a USER value's user part is root (`root`, `0`, with or without a group). */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || /^0+$/.test(name);
}

function quoteWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : "'" + word.replace(/'/g, `'\\''`) + "'";
}

function parseExecForm(text: string): string[] | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    // Not valid JSON: Docker runs it in shell form.
  }
  return null;
}

function baseName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

/**
 * Bounds of an instruction's arguments in text[from, to) (from = end of the keyword), skipping the
 * first `skip` arguments: dockerfile-ast's getRawArguments() tokenizer, kept state for state (its
 * escaped-whitespace and comment handling decide where an argument ends), without building the
 * arguments. Null when there are no more than `skip` arguments.
 */
export function argumentBounds(text: string, from: number, to: number, escape: string, skip: number): OffsetRange | null {
  const esc = escape.length === 1 ? escape.charCodeAt(0) : -2;
  const len = to - from;
  const at = (i: number) => (i < len ? text.charCodeAt(from + i) : -1);
  let atLineStart = false;
  let comment = false;
  let found = -1;
  let escapedWhitespace = false;
  let escaping = false;
  let marker = -1;
  let count = 0;
  let first = -1;
  let last = -1;
  const push = (start: number, end: number) => {
    if (count === skip) first = start;
    count++;
    last = end;
  };
  for (let i = 0; i < len; i++) {
    const c = at(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (escaping) {
        escapedWhitespace = true;
        if (c === 10 || c === 13) {
          escapedWhitespace = false;
          if (comment) {
            comment = false;
            atLineStart = true;
          }
        }
        continue;
      } else if (found !== -1) {
        push(found, marker === -1 ? i : marker);
        marker = -1;
        found = -1;
      }
    } else if (c === esc) {
      const next = at(i + 1);
      if (next === 32 || next === 9) {
        for (let j = i + 2; j < len; j++) {
          const blank = at(j);
          if (blank === 32 || blank === 9) continue;
          if (blank === 13 || blank === 10) {
            if (blank === 13) j++;
            comment = false;
            escaping = true;
            atLineStart = true;
            if (found !== -1) marker = i;
            i = j;
          } else {
            marker = i;
            if (found === -1) i = j - 1;
          }
          break;
        }
      } else if (next === 13 || next === 10) {
        comment = false;
        escaping = true;
        atLineStart = true;
        if (found !== -1 && marker === -1) marker = i;
        i += next === 13 ? 2 : 1;
      } else {
        if (escapedWhitespace && marker !== -1) {
          push(found, marker);
          found = -1;
        }
        marker = -1;
        escapedWhitespace = false;
        escaping = false;
        if (next === -1) break;
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (atLineStart && c === 35) {
        comment = true;
      } else {
        if (escapedWhitespace && marker !== -1) {
          push(found, marker);
          found = -1;
        }
        escapedWhitespace = false;
        escaping = false;
        marker = -1;
        if (found === -1) found = i;
      }
      atLineStart = false;
    }
  }
  if (found !== -1) push(found, marker === -1 ? len : marker);
  return count > skip ? { start: from + first, end: from + last } : null;
}

// The instruction classes, read once: in the bundle each reference to an imported class is a getter
// call, and an instanceof chain walks the prototype chain per test. Dispatching on the constructor
// (dockerfile-ast creates exactly one class per keyword) was a fifth of the model's own time.
const FROM_CLASS = From;
const ARG_CLASS = Arg;
const ENV_CLASS = Env;
const USER_CLASS = User;
const SHELL_CLASS = Shell;
const RUN_CLASS = Run;
const COPY_CLASS = Copy;

const HEREDOC_MARKER = /<<-?\s*(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_]+)/g;

export function buildDockerfileModel(file: ParsedFile): DockerfileModel {
  const df = file.dockerfile;
  const lines = file.lines;
  const escape = df.getEscapeCharacter();
  const hasCarriageReturn = file.text.includes('\r');
  const offset = (p: { line: number; character: number }) => lines.offsetAt(p);
  const range = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): OffsetRange => ({
    start: offset(r.start),
    end: offset(r.end),
  });

  const globalScope = new Scope(true, escape);
  const globalArgs: VarDecl[] = [];
  const stages: Stage[] = [];
  let stage: Stage | null = null;
  let scope = globalScope;
  // Whether the stage's SHELL is a POSIX shell, whose RUN text is shell code.
  let posixShell = true;
  // A `<` followed by the escape character may still start a heredoc (`<\<EOF`).
  const escapedHeredocStart = '<' + escape;
  let envNames = new Set<string>();

  const declare = (instruction: Arg | Env, kind: 'ARG' | 'ENV', into: VarDecl[], target: Scope) => {
    for (const property of instruction.getProperties()) {
      const name = property.getName();
      if (!name || name === escape) continue;
      const value = property.getValue();
      const valueRange = property.getValueRange();
      let resolved: VarValue;
      if (value === null) {
        // `ARG NAME` inside a stage takes the global default, if there is one.
        resolved = kind === 'ARG' && target !== globalScope ? globalScope.get(name) ?? null : null;
      } else {
        resolved = target.substitute(value);
      }
      into.push({
        kind,
        instruction,
        name,
        nameRange: range(property.getNameRange()),
        value,
        valueRange: valueRange ? range(valueRange) : null,
        resolved,
      });
      // ENV takes precedence over an ARG of the same name for the rest of the stage.
      if (kind === 'ARG' && envNames.has(name)) continue;
      if (kind === 'ENV') envNames.add(name);
      target.set(name, resolved);
      if (kind === 'ENV' && stage) stage.envAtEnd.set(name, resolved);
    }
  };

  const instructions = df.getInstructions();
  for (let n = 0; n < instructions.length; n++) {
    const instruction = instructions[n];
    const kind = instruction.constructor;
    if (kind === FROM_CLASS) {
      const from = instruction as From;
      // One getArguments() call instead of three (getImage, getImageRange, getBuildStage each tokenize).
      const fromArgs = from.getArguments();
      const imageRange = fromArgs.length > 0 ? fromArgs[0].getRange() : null;
      const raw = fromArgs.length > 0 ? fromArgs[0].getValue() : null;
      const resolved = raw === null ? null : globalScope.substitute(raw);
      const stageRange = fromArgs.length > 2 && fromArgs[1].getValue().toUpperCase() === 'AS' ? fromArgs[2].getRange() : null;
      const aliasName = hasCarriageReturn
        ? from.getBuildStage()
        : stageRange && file.text.slice(offset(stageRange.start), offset(stageRange.end));
      const refName = (resolved ?? raw ?? '').toLowerCase();
      let parent: Stage | null = null;
      for (let k = stages.length - 1; k >= 0 && refName && !parent; k--) {
        if (stages[k].alias !== null && stages[k].alias!.toLowerCase() === refName) parent = stages[k];
      }
      stage = {
        index: stages.length,
        from,
        fromRange: range(from.getRange()),
        image: raw !== null && imageRange ? { raw, resolved, range: range(imageRange) } : null,
        alias: aliasName,
        parent,
        args: [],
        envs: [],
        users: [],
        runs: [],
        copyFroms: [],
        envAtEnd: new Map(parent?.envAtEnd ?? []),
      };
      stages.push(stage);
      scope = new Scope(false, escape, parent?.envAtEnd);
      envNames = new Set(parent?.envAtEnd.keys() ?? []);
      posixShell = true;
      continue;
    }
    if (kind === ARG_CLASS) {
      declare(instruction as Arg, 'ARG', stage ? stage.args : globalArgs, scope);
      continue;
    }
    if (!stage) continue;
    if (kind === ENV_CLASS) {
      declare(instruction as Env, 'ENV', stage.envs, scope);
    } else if (kind === USER_CLASS) {
      const args = argumentsRange(instruction, 0);
      if (!args) continue;
      const raw = joinContinuations(file.text.slice(args.start, args.end), escape).trim();
      const resolved = scope.substitute(raw);
      // The user part decides; an unknown group must not hide a known root user.
      const user = resolved !== null ? resolved.split(':')[0].trim() : scope.substitute(userPart(raw));
      stage.users.push({
        instruction: instruction as User,
        raw,
        resolved,
        user,
        isRoot: user === null ? null : isRootUser(user),
        range: args,
      });
    } else if (kind === SHELL_CLASS) {
      const exec = parseExecForm(joinContinuations((instruction as Shell).getRawArgumentsContent() ?? '', escape));
      if (exec && exec.length > 0) posixShell = POSIX_SHELLS.has(baseName(exec[0]));
    } else if (kind === RUN_CLASS) {
      const run = buildRun(instruction as Run, posixShell);
      if (run) stage.runs.push(run);
    } else if (kind === COPY_CLASS) {
      const copy = instruction as Copy;
      // dockerfile-ast's getFromFlag() finds --from only when it is the one flag (not beside --chown).
      const flag = copy.getFlags().find((f) => f.getName() === 'from');
      const value = flag?.getValue();
      const valueRange = flag?.getValueRange();
      if (!flag || !value || !valueRange) continue;
      stage.copyFroms.push({ instruction: copy, raw: value, resolved: scope.substitute(value), range: range(valueRange), stage: null });
    }
  }

  // `COPY --from` may name any other stage, so it is matched once every stage is known.
  for (const current of stages) {
    for (const copy of current.copyFroms) {
      const ref = (copy.resolved ?? copy.raw).toLowerCase();
      copy.stage = /^\d+$/.test(ref)
        ? stages[Number(ref)] ?? null
        : stages.find((s) => s !== current && s.alias !== null && s.alias.toLowerCase() === ref) ?? null;
    }
  }

  /**
   * The instruction's arguments after its first `skip` (its flags), as dockerfile-ast's
   * getArgumentsRange() would give them. That call re-tokenizes the instruction and converts every
   * argument's offsets to positions on each call; for text without carriage returns (where its
   * document offsets and ours agree) the same bounds are computed here in one pass.
   */
  function argumentsRange(instruction: Instruction, skip: number): OffsetRange | null {
    if (hasCarriageReturn) {
      const r = instruction.getArgumentsRange();
      return r ? range(r) : null;
    }
    return argumentBounds(file.text, offset(instruction.getInstructionRange().end), offset(instruction.getRange().end), escape, skip);
  }

  function buildRun(instruction: Run, posix: boolean): RunDecl | null {
    const args = argumentsRange(instruction, instruction.getFlags().length);
    if (!args) return null;
    const { start, end } = args;
    // A heredoc needs a `<<` in the arguments; with an escape character between the two `<` only
    // dockerfile-ast's tokenizer can tell, so that rare spelling is handed to it as well.
    const argsText = file.text.slice(start, end);
    const heredocs = argsText.includes('<<') || argsText.includes(escapedHeredocStart) ? instruction.getHeredocs() : [];
    if (heredocs.length > 0) {
      let commandEndLine = lines.positionAt(start).line;
      for (const h of heredocs) commandEndLine = Math.max(commandEndLine, h.getStartRange().end.line);
      const commandEnd = lines.lineEnd(commandEndLine);
      const command = joinContinuations(file.text.slice(start, commandEnd), escape);
      const withoutMarkers = command.replace(HEREDOC_MARKER, ' ').trim();
      const scripts: ShellScript[] = [];
      const firstWord = baseName(withoutMarkers.split(/\s+/)[0] ?? '');
      const bodiesAreShell =
        withoutMarkers === '' || (POSIX_SHELLS.has(firstWord) && !/\s-[A-Za-z]*c\b/.test(withoutMarkers));
      if (posix && withoutMarkers !== '') scripts.push({ text: command, range: { start, end: commandEnd } });
      if (posix && bodiesAreShell) {
        for (const h of heredocs) {
          const content = h.getContentRange();
          if (!content) continue;
          const r = range(content);
          scripts.push({ text: file.text.slice(r.start, r.end), range: r });
        }
      }
      return { instruction, form: 'heredoc', range: { start, end }, exec: null, scripts };
    }
    const text = joinContinuations(argsText, escape);
    const exec = parseExecForm(text);
    if (exec) {
      const name = baseName(exec[0] ?? '');
      const dashC = exec.indexOf('-c');
      const script = POSIX_SHELLS.has(name) && dashC > 0 && dashC + 1 < exec.length ? exec[dashC + 1] : exec.map(quoteWord).join(' ');
      return { instruction, form: 'exec', range: { start, end }, exec, scripts: [{ text: script, range: { start, end } }] };
    }
    return { instruction, form: 'shell', range: { start, end }, exec: null, scripts: posix ? [{ text, range: { start, end } }] : [] };
  }

  return { escape, globalArgs, stages, finalStage: stages.length > 0 ? stages[stages.length - 1] : null };
}

const dockerfileModelKey = modelKey<DockerfileModel>('dockerfile');

export function dockerfileModel(file: ParsedFile): DockerfileModel {
  return file.model(dockerfileModelKey, buildDockerfileModel);
}

/**
 * The stage that ships: the one named `target` (LintOptions.dockerfileTarget, compared as Docker does,
 * case-insensitively) when the file has it, else the last stage.
 */
export function shippedStage(model: DockerfileModel, target?: string): Stage | null {
  const name = target?.trim().toLowerCase();
  if (name) {
    const named = model.stages.find((s) => s.alias !== null && s.alias.toLowerCase() === name);
    if (named) return named;
  }
  return model.finalStage;
}

/** The stage's last USER, or the one it inherits from the stage it is built on. */
export function effectiveUser(stage: Stage): UserDecl | null {
  for (let s: Stage | null = stage, guard = 0; s && guard < 1000; s = s.parent, guard++) {
    if (s.users.length > 0) return s.users[s.users.length - 1];
  }
  return null;
}

/** The first stage of the chain whose base is not another stage of this file. */
export function rootStage(stage: Stage): Stage {
  let s = stage;
  for (let guard = 0; s.parent && guard < 1000; guard++) s = s.parent;
  return s;
}
