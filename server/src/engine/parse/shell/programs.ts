// What a simple command actually runs: wrappers (`sudo`, `env`, `exec`, `nohup`, `time`, `command`,
// …) taken off, interpreters (`sh -c`, `bash`, `python -`, `node -e`) and where they read their
// program from, and where a download (`curl`, `wget`) writes its output. Works on argv values as
// parsed by commands.ts; nothing is evaluated.
import { tokenize } from './tokens.js';

export const FETCHERS = new Set(['curl', 'wget', 'fetch']);
export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'mksh', 'fish']);
export const SOURCING = new Set(['.', 'source', 'eval']);
/**
 * Wrappers that run the command after them, with their options that take a value. A Map, so that a
 * program named `constructor` or `toString` is not taken for one.
 */
const WRAPPERS = new Map<string, Set<string>>([
  ['sudo', new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T'])],
  ['doas', new Set(['-u', '-C'])],
  ['env', new Set(['-u', '-C', '-S', '--unset', '--chdir'])],
  ['exec', new Set(['-a'])],
  ['nice', new Set(['-n'])],
  ['nohup', new Set()],
  ['time', new Set()],
  ['command', new Set()],
  ['busybox', new Set()],
]);
const LONGEST_WRAPPER = Math.max(...[...WRAPPERS.keys()].map((k) => k.length));

interface InterpreterSyntax {
  /** Short option letters whose value (rest of the word or next word) is inline code. */
  code: string;
  /** Short option letters that take a value which is not code. */
  value: string;
  /** Long options that take inline code. */
  longCode: string[];
  /** Option letters that make it read the script from stdin even with more arguments. */
  stdin: string;
}

const SHELL_SYNTAX: InterpreterSyntax = { code: 'c', value: 'oO', longCode: [], stdin: 's' };
const SYNTAX: Record<string, InterpreterSyntax> = {
  python: { code: 'cm', value: 'WX', longCode: [], stdin: '' },
  perl: { code: 'eE', value: 'MIlmx', longCode: [], stdin: '' },
  ruby: { code: 'e', value: 'IrCEKTx', longCode: [], stdin: '' },
  node: { code: 'ep', value: 'r', longCode: ['--eval', '--print'], stdin: '' },
  php: { code: 'rBRFE', value: 'cdz', longCode: [], stdin: '' },
};

/** Linux's PATH_MAX: no longer word names a program that can run. */
const MAX_PROGRAM_PATH = 4096;

/**
 * The program name of a command word (`/usr/bin/sudo` → `sudo`); '' for a word too long to name one.
 * Nested substitutions (`$($($(…`) make each inner command's first word the rest of the script, and
 * scanning or hashing each of those would cost the square of the script's length.
 */
export function baseName(word: string): string {
  if (word.length > MAX_PROGRAM_PATH) return '';
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

export function interpreterName(word: string): string | null {
  const name = baseName(word);
  if (SHELLS.has(name) || SOURCING.has(name)) return name;
  if (/^python[0-9.]*$/.test(name)) return 'python';
  if (name === 'nodejs') return 'node';
  if (/^(perl|ruby|php)[0-9.]*$/.test(name)) return name.replace(/[0-9.]+$/, '');
  return name === 'node' ? name : null;
}

/** Drops sudo/env/exec/… and their options: what actually runs. */
export function unwrap(argv: string[]): string[] {
  let words = argv;
  for (let guard = 0; guard < 8 && words.length > 0; guard++) {
    const name = baseName(words[0]);
    // Looking a word up hashes all of it; the first word of a nested substitution can be the rest of the script.
    const valued = name.length <= LONGEST_WRAPPER ? WRAPPERS.get(name) : undefined;
    if (!valued) return words;
    let i = 1;
    while (i < words.length) {
      const w = words[i];
      if (w === '--') { i++; break; }
      if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) { i++; continue; }
      if (!w.startsWith('-') || w === '-') break;
      i += valued.has(w) ? 2 : 1;
    }
    if (name === 'command' && words[1] === '-v') return [];
    words = words.slice(i);
  }
  return words;
}

export interface Invocation {
  /** The script file argument (first positional), if any. */
  script: string | null;
  /** Inline code (`-c`, `-e`, …), if any. */
  code: string | null;
  /** Reads its program from standard input. */
  stdin: boolean;
}

export function invocation(name: string, args: string[]): Invocation {
  if (SOURCING.has(name)) {
    return name === 'eval' ? { script: null, code: args.join(' '), stdin: false } : { script: args[0] ?? null, code: null, stdin: false };
  }
  const syntax = SHELLS.has(name) ? SHELL_SYNTAX : SYNTAX[name];
  let stdinFlag = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '-') return { script: null, code: null, stdin: true };
    if (w === '--') return { script: args[i + 1] ?? null, code: null, stdin: stdinFlag || i + 1 >= args.length };
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const flag = eq >= 0 ? w.slice(0, eq) : w;
      if (syntax.longCode.includes(flag)) return { script: null, code: eq >= 0 ? w.slice(eq + 1) : args[i + 1] ?? '', stdin: false };
      continue;
    }
    if ((w.startsWith('-') || (SHELLS.has(name) && w.startsWith('+'))) && w.length > 1) {
      for (let k = 1; k < w.length; k++) {
        const letter = w[k];
        if (syntax.code.includes(letter)) {
          // Shells take the code from the next word (`-ec 'cmd'`); the others from the rest of the word.
          const rest = w.slice(k + 1);
          const code = SHELLS.has(name) ? args[i + 1] ?? '' : rest || (args[i + 1] ?? '');
          return { script: null, code, stdin: false };
        }
        if (syntax.stdin.includes(letter)) stdinFlag = true;
        if (syntax.value.includes(letter)) {
          if (k === w.length - 1) i++;
          break;
        }
      }
      continue;
    }
    return { script: w, code: null, stdin: stdinFlag };
  }
  return { script: null, code: null, stdin: true };
}

export const CURL_VALUE = 'oHdDuXAemxwTFKbcrEyYzUQPt';
export const WGET_VALUE = 'OoaiBetTwQPUYlADRIXhHc';

/** True when the download goes to standard output (where a pipe can pick it up). */
export function fetchesToStdout(argv: string[]): boolean {
  const name = baseName(argv[0] ?? '');
  if (!FETCHERS.has(name)) return false;
  const toStdout = (v: string | undefined) => v === '-' || v === '/dev/stdout';
  let stdout = name === 'curl';
  const valueLetters = name === 'curl' ? CURL_VALUE : WGET_VALUE;
  const outputLetter = name === 'wget' ? 'O' : 'o';
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const flag = eq >= 0 ? w.slice(0, eq) : w;
      const value = eq >= 0 ? w.slice(eq + 1) : argv[i + 1];
      if (flag === '--output' || flag === '--output-document') {
        stdout = toStdout(value);
        if (eq < 0) i++;
      } else if (name === 'curl' && (flag === '--remote-name' || flag === '--remote-name-all')) {
        stdout = false;
      }
      continue;
    }
    if (!w.startsWith('-') || w.length < 2) continue;
    for (let k = 1; k < w.length; k++) {
      const letter = w[k];
      if (name === 'curl' && letter === 'O') { stdout = false; continue; }
      if (!valueLetters.includes(letter)) continue;
      const rest = w.slice(k + 1);
      const value = rest || argv[i + 1];
      if (!rest) i++;
      if (letter === outputLetter) stdout = toStdout(value);
      break;
    }
  }
  return stdout;
}

/** The texts inside the substitutions (`$( … )`, backticks, `<( … )`) written directly in `text`. */
export function substitutionBodies(text: string): string[] {
  const { bodies } = tokenize(text);
  return bodies.filter((b) => b.parent === -1 && b.kind !== '(' && b.kind !== '>(').map((b) => text.slice(b.innerStart, b.innerEnd));
}
