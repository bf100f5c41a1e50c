// The commands of every RUN of a Dockerfile, nested `sh -c` strings included, with a way back to the
// file: a RUN's shell text has its line continuations joined, so offsets in it are not file offsets;
// a finding about a word is placed on that word's first spelling inside the RUN, else on the RUN.
import { runCommands, type RunCommand } from '../parse/shell/nested.js';
import type { ParsedFile } from '../parsed-file.js';
import type { OffsetRange } from '../types.js';
import { dockerfileModel, type RunDecl, type ShellScript, type Stage } from './dockerfile.js';

export interface RunScriptCommands {
  stage: Stage;
  run: RunDecl;
  script: ShellScript;
  commands: RunCommand[];
}

/** Every POSIX-shell script of every RUN, in file order, with the commands it runs. */
export function runScripts(file: ParsedFile): RunScriptCommands[] {
  return file.model('dockerfile-run-scripts', () => {
    const out: RunScriptCommands[] = [];
    for (const stage of dockerfileModel(file).stages) {
      for (const run of stage.runs) {
        for (const script of run.scripts) out.push({ stage, run, script, commands: runCommands(script.text) });
      }
    }
    return out;
  });
}

/**
 * Where `needle` is first written inside `within` at or after `from` (else anywhere in `within`), or
 * `within` itself when it is not found as written.
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
