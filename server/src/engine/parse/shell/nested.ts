// What a simple command hands to another shell: the code of `sh -c '…'`, `bash -lc "…"` or
// `su user -c "…"`, and the `NAME=value` words given to an `env` wrapper. The Dockerfile RUN reader
// (parse/dockerfile-run-commands.ts) follows the code down to a fixed depth.
import { SHELLS, baseName, interpreterName, invocation } from './programs.js';

/** `NAME=value` words given to an `env` wrapper (`env A=1 cmd`, `sudo env A=1 cmd`). */
export function envAssignments(argv: string[]): string[] {
  // Only the first four words can be the wrapper: looking further only cost a baseName per word.
  let at = -1;
  for (let i = 0; i < argv.length && i <= 3; i++) {
    if (baseName(argv[i]) === 'env') { at = i; break; }
  }
  if (at < 0) return [];
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

/** The code a command (argv with wrappers removed) gives a shell to run, or null (also for empty code). */
export function shellCode(argv: string[]): string | null {
  if (argv.length === 0) return null;
  const name = baseName(argv[0]);
  let code: string | null = null;
  if (name === 'su') code = suCode(argv.slice(1));
  else if (SHELLS.has(name) && interpreterName(argv[0])) code = invocation(name, argv.slice(1)).code;
  return code || null;
}
