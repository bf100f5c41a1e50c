// Every simple command a script runs, including those written as a string for another shell to run
// (`sh -c '…'`, `bash -lc "…"`, `su user -c "…"`), each with its wrappers taken off. Rules that look
// for one command anywhere in a RUN read this instead of the top-level commands alone.
import { parseScript, type Command } from './commands.js';
import { SHELLS, baseName, interpreterName, invocation, unwrap } from './programs.js';

export interface RunCommand {
  /** argv after sudo/env/exec/… are taken off. */
  argv: string[];
  /** The command as parsed (in the text it was read from: the script, or the nested string). */
  command: Command;
  /** Assignments written before it, and those given to `env` (`env NAME=value cmd`). */
  assignments: string[];
  /** 0 for the script itself, 1 for code in its `sh -c '…'`, and so on. */
  depth: number;
}

const MAX_DEPTH = 3;

/** `NAME=value` words given to an `env` wrapper (`env A=1 cmd`, `sudo env A=1 cmd`). */
function envAssignments(argv: string[]): string[] {
  const at = argv.findIndex((w) => baseName(w) === 'env');
  if (at < 0 || at > 3) return [];
  const out: string[] = [];
  for (let i = at + 1; i < argv.length; i++) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i])) out.push(argv[i]);
    else if (!argv[i].startsWith('-')) break;
  }
  return out;
}

/** The code `su` runs with `-c` / `--command`, if any. */
function suCode(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '-c' || w === '--command') return args[i + 1] ?? null;
    if (w.startsWith('--command=')) return w.slice('--command='.length);
    if (w === '-s' || w === '--shell' || w === '-g' || w === '-G') i++;
  }
  return null;
}

export function runCommands(script: string, depth = 0): RunCommand[] {
  const out: RunCommand[] = [];
  for (const command of parseScript(script).commands) {
    const argv = unwrap(command.argv);
    out.push({ argv, command, assignments: [...command.assignments, ...envAssignments(command.argv)], depth });
    if (argv.length === 0 || depth >= MAX_DEPTH) continue;
    const name = baseName(argv[0]);
    let code: string | null = null;
    if (name === 'su') code = suCode(argv.slice(1));
    else if (SHELLS.has(name) && interpreterName(argv[0])) code = invocation(name, argv.slice(1)).code;
    if (code) out.push(...runCommands(code, depth + 1));
  }
  return out;
}
