// The one reader of the commands a Dockerfile's RUN instructions run, for every rule that looks at
// them. Each simple command of each RUN script comes with its stage, what actually runs (wrappers
// such as sudo/env/exec taken off), its environment assignments, and a way back to file offsets.
// Code handed to another shell (`sh -c '…'`, `bash -lc "…"`, `su user -c "…"`) is read too, down to
// MAX_DEPTH; its commands point at the code argument, since offsets inside a quoted word do not map
// one to one. Each script is read the first time a rule asks for it, once per file version and once
// per distinct text (the shell layer applies the per-script cap, LintOptions.maxScriptLength).
import { dockerfileModel, type RunDecl, type ShellScript, type Stage } from '../model/dockerfile.js';
import { TextCache } from '../model/ci/container-args.js';
import { modelKey, type ParsedFile } from '../parsed-file.js';
import type { OffsetRange } from '../types.js';
import { mapSpan, scriptSourceMap } from './dockerfile-continuations.js';
import { parseScript, type Command, type ParsedScript } from './shell/commands.js';
import { cappedScript } from './shell/budget.js';
import { envAssignments, shellCode } from './shell/nested.js';
import { unwrap } from './shell/programs.js';

/** 0 is the RUN's own script; commands at MAX_DEPTH are read but the code they run is not. */
const MAX_DEPTH = 3;

/** Where a script's text is in the file, worked out the first time a span is asked for. */
class ScriptSource {
  private resolved = false;
  private fn: ((offset: number) => number) | null = null;

  constructor(private readonly fileText: string, readonly script: ShellScript, private readonly escape: string) {}

  /** Script offset → file offset; null when the script is not a slice of the file (exec form). */
  get map(): ((offset: number) => number) | null {
    if (!this.resolved) {
      this.fn = scriptSourceMap(this.fileText, this.script, this.escape);
      this.resolved = true;
    }
    return this.fn;
  }
}

/**
 * One command of a script, as read from the script's text alone: shared by every RUN (in any file)
 * with the same text, so never modified.
 */
interface ScriptCommand {
  parsed: ParsedScript;
  command: Command;
  argv: string[];
  depth: number;
  /** For nested code: the index (in the script's list) of the top-level command it was handed by, and the word. */
  outer: number;
  outerWord: number | undefined;
}

/** A simple command a RUN runs; methods live on the prototype, so a command costs no closures. */
export class RunCommand {
  private assigned: string[] | undefined;

  constructor(
    readonly stage: Stage,
    readonly run: RunDecl,
    readonly script: ShellScript,
    private readonly source: ScriptSource,
    private readonly read: ScriptCommand,
    /** For nested code: the top-level command whose argument holds it, which every span is. */
    private readonly outer: RunCommand | null,
  ) {}

  /**
   * The parse the command belongs to (the script's, or the nested code's). Within one file each
   * script and each nested code has its own, so it can key per-script state.
   */
  get parsed(): ParsedScript {
    return this.read.parsed;
  }

  /** The command as parsed, in the text it was read from (the script, or the nested code). */
  get command(): Command {
    return this.read.command;
  }

  /** argv with sudo/env/exec/nice/… and their options taken off: what actually runs. */
  get argv(): string[] {
    return this.read.argv;
  }

  /** 0 for the script itself, 1 for code in its `sh -c '…'`, and so on. */
  get depth(): number {
    return this.read.depth;
  }

  /** Assignments written before the command, and those given to `env` (`env NAME=value cmd`). */
  get assignments(): string[] {
    return (this.assigned ??= [...this.command.assignments, ...envAssignments(this.command.argv)]);
  }

  /** Read from code passed to a shell (`sh -c`, `su -c`): spans cover that argument. */
  get nested(): boolean {
    return this.outer !== null;
  }

  /** Spans in the file are exact (shell form, heredoc); false for exec form and nested code. */
  get exact(): boolean {
    return this.outer === null && this.source.map !== null;
  }

  /** File span of argv word `index` (of `command.argv`, wrappers included), or of the whole command without an index. */
  span(index?: number): OffsetRange {
    if (this.outer) return this.outer.span(this.read.outerWord);
    const c = this.read.command;
    const w = index === undefined ? null : c.words[index];
    return mapSpan(this.source.map, this.script, w ? w.start : c.start, w ? w.end : c.end);
  }

  /** File offset of an offset in the script text (exact commands only). */
  offsetAt(scriptOffset: number): number | null {
    const map = this.outer ? null : this.source.map;
    return map ? map(scriptOffset) : null;
  }
}

export interface RunScriptCommands {
  stage: Stage;
  run: RunDecl;
  script: ShellScript;
  /** Its commands in order, each followed by those of the code it hands to a shell. */
  commands: RunCommand[];
}

interface FileCommands {
  byScript: Map<ShellScript, RunCommand[]>;
  /** Shared reads already given to a script of this file: a second script with the same text reads its own. */
  used: Set<ScriptCommand[]>;
}

const commandsKey = modelKey<FileCommands>('dockerfile-run-commands');

/** The commands of a script text, nested code included (see ScriptCommand). */
function readScript(text: string): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  const add = (code: string, depth: number, outer: number, outerWord: number | undefined) => {
    const parsed = parseScript(code);
    for (const command of parsed.commands) {
      const argv = unwrap(command.argv);
      const index = out.length;
      out.push({ parsed, command, argv, depth, outer, outerWord });
      if (depth >= MAX_DEPTH) continue;
      const inner = shellCode(argv);
      if (inner === null) continue;
      if (depth > 0) add(inner, depth + 1, outer, outerWord);
      else {
        const codeIndex = command.argv.lastIndexOf(inner);
        add(inner, 1, index, codeIndex >= 0 ? codeIndex : undefined);
      }
    }
  };
  add(text, 0, -1, undefined);
  return out;
}

/**
 * Script texts repeat across RUNs, files and edits of one file: each distinct text is read once.
 * Longer scripts, and any the per-script cap cuts, are read every time rather than kept.
 */
const CACHED_SCRIPT_MAX_LENGTH = 4096;
const scriptCache = new TextCache<ScriptCommand[]>(1_000_000);

function readScriptCached(text: string, used: Set<ScriptCommand[]>): ScriptCommand[] {
  if (text.length > CACHED_SCRIPT_MAX_LENGTH || cappedScript(text) !== text) return readScript(text);
  let read = scriptCache.get(text);
  if (read && used.has(read)) return readScript(text);
  if (!read) {
    read = readScript(text);
    scriptCache.set(text, read);
  }
  used.add(read);
  return read;
}

function commandsOf(file: ParsedFile, cache: FileCommands, escape: string, stage: Stage, run: RunDecl, script: ShellScript): RunCommand[] {
  const source = new ScriptSource(file.text, script, escape);
  const out: RunCommand[] = [];
  for (const read of readScriptCached(script.text, cache.used)) {
    out.push(new RunCommand(stage, run, script, source, read, read.outer >= 0 ? out[read.outer] : null));
  }
  return out;
}

/**
 * Every POSIX-shell script of every RUN, in file order, with its commands. With `mayMatter`, only
 * scripts whose text passes it are read, so a rule that needs `sudo` does not pay for parsing every
 * RUN (another rule may still have parsed it: the parse is shared).
 */
export function runScripts(file: ParsedFile, mayMatter?: (text: string) => boolean): RunScriptCommands[] {
  const model = dockerfileModel(file);
  const cache = file.model(commandsKey, () => ({ byScript: new Map(), used: new Set<ScriptCommand[]>() }));
  const out: RunScriptCommands[] = [];
  for (const stage of model.stages) {
    for (const run of stage.runs) {
      for (const script of run.scripts) {
        if (mayMatter && !mayMatter(script.text)) continue;
        let commands = cache.byScript.get(script);
        if (!commands) {
          commands = commandsOf(file, cache, model.escape, stage, run, script);
          cache.byScript.set(script, commands);
        }
        out.push({ stage, run, script, commands });
      }
    }
  }
  return out;
}

/** The commands of every RUN (nested shell code included), in file order; `mayMatter` as for runScripts. */
export function runCommands(file: ParsedFile, mayMatter?: (text: string) => boolean): RunCommand[] {
  const out: RunCommand[] = [];
  for (const { commands } of runScripts(file, mayMatter)) for (const c of commands) out.push(c);
  return out;
}

/**
 * Where `needle` is first written inside `within` at or after `from` (else anywhere in `within`), or
 * `within` itself when it is not found as written. For findings about a value that may sit in nested
 * code or be spelled across a line continuation: placed on its first spelling inside the RUN.
 */
export function locate(file: ParsedFile, within: OffsetRange, needle: string, from = within.start): OffsetRange {
  if (needle) {
    const text = file.text.slice(within.start, within.end);
    let at = text.indexOf(needle, Math.max(0, from - within.start));
    if (at < 0) at = text.indexOf(needle);
    if (at >= 0) return { start: within.start + at, end: within.start + at + needle.length };
  }
  return within;
}
