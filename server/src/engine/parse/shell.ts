// Entry point of the shell layer for rules and models: simple commands of a RUN instruction or a CI
// `script:` line. The tokenizer and the grouping into commands live in ./shell/ (tokens.ts,
// commands.ts); this module keeps the long-standing `parseShell` / `ShellCommand` names.
// Variables are kept as literal `${NAME}` text: nothing here ever evaluates or runs a script.
import { parseScript, type Command, type Connector } from './shell/commands.js';

export type { Connector };

/** A simple command; see `Command` for the fields (argv, assignments, spans, redirects, …). */
export type ShellCommand = Command;

/**
 * Splits a shell script into simple commands. Handles `&&`, `||`, `;`, `|`, `&`, newlines, line
 * continuations, if/then/fi, loops, case arms, redirections, heredocs, and command substitutions
 * (whose commands come first, flagged `substitution`). Offsets are relative to `script`.
 */
export function parseShell(script: string): ShellCommand[] {
  return parseScript(script).commands;
}

/** The command name without a leading path (`/usr/bin/docker` → `docker`). */
export function commandName(cmd: { argv: string[] }): string {
  const first = cmd.argv[0] ?? '';
  const slash = first.lastIndexOf('/');
  return slash >= 0 ? first.slice(slash + 1) : first;
}
