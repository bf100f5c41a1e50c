// Remote content a shell script runs without verifying it: a download piped into an interpreter
// (`curl … | sh`), or an interpreter given a fetched script through a substitution (`bash <(curl …)`,
// `sh -c "$(wget -O- …)"`), also inside `sh -c` strings. Read through the shell layer's program
// helpers; df-curl-pipe-shell and df-download-unverified both ask.
import { parseShell, type ShellCommand } from '../shell.js';
import { baseName, fetchesToStdout, interpreterName, invocation, SHELLS, SOURCING, substitutionBodies, unwrap } from './programs.js';

/** The fetcher whose output a substitution (`$(…)`, `` `…` ``, `<(…)`) yields, if it is one. */
function fetchedBy(word: string): string | null {
  for (const inner of substitutionBodies(word)) {
    // Only the first command matters, so a huge (usually unterminated) substitution is cut short.
    const first = parseShell(inner.length > 4096 ? inner.slice(0, 4096) : inner).find((c) => c.pipeIndex === 0 && !c.substitution);
    if (!first) continue;
    const argv = unwrap(first.argv);
    if (argv.length > 0 && fetchesToStdout(argv)) return baseName(argv[0]);
  }
  return null;
}

export interface RemoteExecution {
  kind: 'pipe' | 'substitution';
  fetcher: string;
  interpreter: string;
}

/** Finds remote content executed without verification in a shell script. */
export function findRemoteExecution(script: string, depth = 0): RemoteExecution | null {
  // Both findings need a fetcher and either a pipe or a substitution (`$(`, `<(`, backticks); the
  // tokenizer only removes characters, so without `|`, `(` or `` ` `` in the text neither can occur.
  if (depth > 3 || !/[|(`]/.test(script) || !/curl|wget|fetch/.test(script)) return null;
  const commands = parseShell(script);
  const pipelines = new Map<number, ShellCommand[]>();
  for (const cmd of commands) {
    if (cmd.substitution) continue;
    const list = pipelines.get(cmd.pipeline) ?? [];
    list.push(cmd);
    pipelines.set(cmd.pipeline, list);
  }
  for (const list of pipelines.values()) {
    let fetcher: string | null = null;
    for (const cmd of list) {
      const argv = unwrap(cmd.argv);
      if (argv.length === 0) continue;
      if (fetcher && cmd.pipeIndex > 0) {
        const name = interpreterName(argv[0]);
        if (name && !SOURCING.has(name) && invocation(name, argv.slice(1)).stdin) {
          return { kind: 'pipe', fetcher, interpreter: baseName(argv[0]) };
        }
      }
      if (fetchesToStdout(argv)) fetcher = baseName(argv[0]);
    }
  }
  for (const cmd of commands) {
    const argv = unwrap(cmd.argv);
    if (argv.length === 0) continue;
    const name = interpreterName(argv[0]);
    if (!name) continue;
    const call = invocation(name, argv.slice(1));
    const viaScript = call.script?.startsWith('<(') ? fetchedBy(call.script) : null;
    const viaCode = call.code !== null ? fetchedBy(call.code) : null;
    const fetcher = viaScript ?? viaCode;
    if (fetcher) return { kind: 'substitution', fetcher, interpreter: baseName(argv[0]) };
    if (call.code && name !== 'eval' && SHELLS.has(name)) {
      const nested = findRemoteExecution(call.code, depth + 1);
      if (nested) return nested;
    }
  }
  return null;
}
