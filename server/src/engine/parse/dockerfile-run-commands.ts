// The simple commands of every RUN of a Dockerfile, parsed once per file version and shared by the
// rules that read them, each with its stage and a way back to file offsets. Code handed to a shell
// (`sh -c '…'`, `bash -c "…"`) is read as well; its commands point at the code argument, since
// offsets inside a quoted word do not map one to one.
import { dockerfileModel, type RunDecl, type ShellScript, type Stage } from '../model/dockerfile.js';
import type { ParsedFile } from '../parsed-file.js';
import type { OffsetRange } from '../types.js';
import { mapSpan, scriptSourceMap } from './dockerfile-continuations.js';
import { parseScript, type Command, type ParsedScript } from './shell/commands.js';
import { baseName, invocation, SHELLS, unwrap } from './shell/programs.js';

/** A simple command of a RUN; methods live on the prototype, so a command costs no closures. */
export class RunCommand {
  constructor(
    readonly stage: Stage,
    readonly run: RunDecl,
    readonly script: ShellScript,
    /** The parse the command belongs to (the script's, or the nested code's). */
    readonly parsed: ParsedScript,
    readonly command: Command,
    private readonly map: ((offset: number) => number) | null,
    /** For code passed to a shell with `-c`: the span of that argument, which every span is. */
    private readonly nestedSpan: OffsetRange | null,
  ) {}

  /** Read from code passed to a shell with `-c`: spans cover that argument. */
  get nested(): boolean {
    return this.nestedSpan !== null;
  }

  /** Spans in the file are exact (shell form, heredoc); false for exec form and nested code. */
  get exact(): boolean {
    return this.map !== null && this.nestedSpan === null;
  }

  /** File span of argv word `index`, or of the whole command without an index. */
  span(index?: number): OffsetRange {
    if (this.nestedSpan) return this.nestedSpan;
    const w = index === undefined ? null : this.command.words[index];
    return mapSpan(this.map, this.script, w ? w.start : this.command.start, w ? w.end : this.command.end);
  }

  /** File offset of an offset in the script text (exact commands only). */
  offsetAt(scriptOffset: number): number | null {
    return this.nestedSpan || !this.map ? null : this.map(scriptOffset);
  }
}

const NESTING = 2;

function commandsOf(file: ParsedFile, escape: string, stage: Stage, run: RunDecl, script: ShellScript): RunCommand[] {
  const out: RunCommand[] = [];
  const map = scriptSourceMap(file.text, script, escape);
  const add = (text: string, nestedSpan: OffsetRange | null, depth: number) => {
    const parsed = parseScript(text);
    for (const command of parsed.commands) {
      const rc = new RunCommand(stage, run, script, parsed, command, map, nestedSpan);
      out.push(rc);
      if (depth >= NESTING) continue;
      const argv = unwrap(command.argv);
      const name = baseName(argv[0] ?? '');
      if (!SHELLS.has(name)) continue;
      const call = invocation(name, argv.slice(1));
      if (call.code === null || call.code === '') continue;
      const codeIndex = command.argv.lastIndexOf(call.code);
      add(call.code, nestedSpan ?? rc.span(codeIndex >= 0 ? codeIndex : undefined), depth + 1);
    }
  };
  add(script.text, null, 0);
  return out;
}

/**
 * The simple commands of every RUN (nested `sh -c` code included), in file order. With `mayMatter`,
 * only scripts whose text passes it are read: each script is parsed once per file version, the first
 * time a rule asks for it, so a rule that needs `sudo` does not pay for parsing every RUN.
 */
export function runCommands(file: ParsedFile, mayMatter?: (text: string) => boolean): RunCommand[] {
  const model = dockerfileModel(file);
  const cache = file.model('dockerfile-run-commands', () => new Map<ShellScript, RunCommand[]>());
  const out: RunCommand[] = [];
  for (const stage of model.stages) {
    for (const run of stage.runs) {
      for (const script of run.scripts) {
        if (mayMatter && !mayMatter(script.text)) continue;
        let commands = cache.get(script);
        if (!commands) {
          commands = commandsOf(file, model.escape, stage, run, script);
          cache.set(script, commands);
        }
        for (const c of commands) out.push(c);
      }
    }
  }
  return out;
}
