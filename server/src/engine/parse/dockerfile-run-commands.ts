// The one reader of the commands a Dockerfile's RUN instructions run, for every rule that looks at
// them. Each simple command of each RUN script comes with its stage, what actually runs (wrappers
// such as sudo/env/exec taken off), its environment assignments, and a way back to file offsets.
// Code handed to another shell (`sh -c '…'`, `bash -lc "…"`, `su user -c "…"`) is read too, down to
// MAX_DEPTH; its commands point at the code argument, since offsets inside a quoted word do not map
// one to one. Each script is parsed once per file version (the shell layer applies the per-script
// cap, LintOptions.maxScriptLength), the first time a rule asks for it.
import { dockerfileModel, type RunDecl, type ShellScript, type Stage } from '../model/dockerfile.js';
import { modelKey, type ParsedFile } from '../parsed-file.js';
import type { OffsetRange } from '../types.js';
import { mapSpan, scriptSourceMap } from './dockerfile-continuations.js';
import { parseScript, type Command, type ParsedScript } from './shell/commands.js';
import { envAssignments, shellCode } from './shell/nested.js';
import { packageInstall, type PackageInstall } from './shell/packages.js';
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

/** A simple command a RUN runs; methods live on the prototype, so a command costs no closures. */
export class RunCommand {
  private assigned: string[] | undefined;
  private install: PackageInstall | null | undefined;

  constructor(
    readonly stage: Stage,
    readonly run: RunDecl,
    readonly script: ShellScript,
    /** The parse the command belongs to (the script's, or the nested code's). */
    readonly parsed: ParsedScript,
    /** The command as parsed, in the text it was read from (the script, or the nested code). */
    readonly command: Command,
    /** argv with sudo/env/exec/nice/… and their options taken off: what actually runs. */
    readonly argv: string[],
    /** 0 for the script itself, 1 for code in its `sh -c '…'`, and so on. */
    readonly depth: number,
    private readonly source: ScriptSource,
    /** For code passed to a shell: the span of that argument, which every span is. */
    private readonly nestedSpan: OffsetRange | null,
  ) {}

  /** Assignments written before the command, and those given to `env` (`env NAME=value cmd`). */
  get assignments(): string[] {
    return (this.assigned ??= [...this.command.assignments, ...envAssignments(this.command.argv)]);
  }

  /** The package installation the command runs (packageInstall of its argv), read once for every rule that asks. */
  get packageInstall(): PackageInstall | null {
    if (this.install === undefined) this.install = packageInstall(this.command.argv);
    return this.install;
  }

  /** Read from code passed to a shell (`sh -c`, `su -c`): spans cover that argument. */
  get nested(): boolean {
    return this.nestedSpan !== null;
  }

  /** Spans in the file are exact (shell form, heredoc); false for exec form and nested code. */
  get exact(): boolean {
    return this.nestedSpan === null && this.source.map !== null;
  }

  /** File span of argv word `index` (of `command.argv`, wrappers included), or of the whole command without an index. */
  span(index?: number): OffsetRange {
    if (this.nestedSpan) return this.nestedSpan;
    const w = index === undefined ? null : this.command.words[index];
    return mapSpan(this.source.map, this.script, w ? w.start : this.command.start, w ? w.end : this.command.end);
  }

  /** File offset of an offset in the script text (exact commands only). */
  offsetAt(scriptOffset: number): number | null {
    const map = this.nestedSpan ? null : this.source.map;
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

const commandsKey = modelKey<Map<ShellScript, RunCommand[]>>('dockerfile-run-commands');

function commandsOf(file: ParsedFile, escape: string, stage: Stage, run: RunDecl, script: ShellScript): RunCommand[] {
  const out: RunCommand[] = [];
  const source = new ScriptSource(file.text, script, escape);
  const add = (text: string, nestedSpan: OffsetRange | null, depth: number) => {
    const parsed = parseScript(text);
    for (const command of parsed.commands) {
      const argv = unwrap(command.argv);
      const rc = new RunCommand(stage, run, script, parsed, command, argv, depth, source, nestedSpan);
      out.push(rc);
      if (depth >= MAX_DEPTH) continue;
      const code = shellCode(argv);
      if (code === null) continue;
      const codeIndex = command.argv.lastIndexOf(code);
      add(code, nestedSpan ?? rc.span(codeIndex >= 0 ? codeIndex : undefined), depth + 1);
    }
  };
  add(script.text, null, 0);
  return out;
}

/**
 * Every POSIX-shell script of every RUN, in file order, with its commands. With `mayMatter`, only
 * scripts whose text passes it are read, so a rule that needs `sudo` does not pay for parsing every
 * RUN (another rule may still have parsed it: the parse is shared).
 */
export function runScripts(file: ParsedFile, mayMatter?: (text: string) => boolean): RunScriptCommands[] {
  const model = dockerfileModel(file);
  const cache = file.model(commandsKey, () => new Map());
  const out: RunScriptCommands[] = [];
  for (const stage of model.stages) {
    for (const run of stage.runs) {
      for (const script of run.scripts) {
        if (mayMatter && !mayMatter(script.text)) continue;
        let commands = cache.get(script);
        if (!commands) {
          commands = commandsOf(file, model.escape, stage, run, script);
          cache.set(script, commands);
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
