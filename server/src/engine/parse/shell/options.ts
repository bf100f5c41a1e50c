// Reading a command's options the way getopt-style tools do: short options bundled in one word
// (`-fsSLk`), a short option's value in the rest of its word or the next word (`-ofile`, `-o file`),
// long options with `=value` or a separate value, and `--` ending the options. Works on argv values
// from commands.ts; which options take a value is given per program, since a wrong guess there
// would shift every later word.

export interface OptionSyntax {
  /** Short option letters that take a value. */
  shortValue: string;
  /** Long options (with their `--`) that take a value when written without `=`. */
  longValue?: ReadonlySet<string>;
}

export interface ParsedOption {
  /** `-k` for a short option (also inside a bundle), `--insecure` for a long one. */
  name: string;
  value: string | null;
  /** Index in the argument list of the word the option is written in. */
  index: number;
}

export interface ParsedArgs {
  options: ParsedOption[];
  /** Words that are not options or option values, with their indexes. */
  positionals: { value: string; index: number }[];
}

/** Splits the arguments of a command (argv without its name) into options and positionals. */
export function parseOptions(args: readonly string[], syntax: OptionSyntax): ParsedArgs {
  const options: ParsedOption[] = [];
  const positionals: { value: string; index: number }[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '--') {
      for (let k = i + 1; k < args.length; k++) positionals.push({ value: args[k], index: k });
      break;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      if (eq >= 0) options.push({ name: w.slice(0, eq), value: w.slice(eq + 1), index: i });
      else if (syntax.longValue?.has(w)) options.push({ name: w, value: args[++i] ?? null, index: i - 1 });
      else options.push({ name: w, value: null, index: i });
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let k = 1; k < w.length; k++) {
        const letter = w[k];
        if (syntax.shortValue.includes(letter)) {
          const rest = w.slice(k + 1);
          const at = i;
          const value = rest !== '' ? rest : args[++i] ?? null;
          options.push({ name: '-' + letter, value, index: at });
          break;
        }
        options.push({ name: '-' + letter, value: null, index: i });
      }
      continue;
    }
    positionals.push({ value: w, index: i });
  }
  return { options, positionals };
}

/** The last value given for any of the option names, or undefined when none is given. */
export function optionValue(parsed: ParsedArgs, ...names: string[]): string | null | undefined {
  let found: string | null | undefined;
  for (const o of parsed.options) if (names.includes(o.name)) found = o.value;
  return found;
}

export function hasOption(parsed: ParsedArgs, ...names: string[]): boolean {
  return parsed.options.some((o) => names.includes(o.name));
}

/** Long options of curl and wget that take a separate value (the common ones; others are rare in builds). */
export const CURL_LONG_VALUE: ReadonlySet<string> = new Set([
  '--output', '--header', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--user', '--url', '--request',
  '--max-time', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time', '--proto', '--proto-redir',
  '--cacert', '--capath', '--cert', '--key', '--user-agent', '--referer', '--cookie', '--cookie-jar', '--form',
  '--output-dir', '--config', '--proxy', '--resolve', '--write-out', '--upload-file', '--range', '--limit-rate',
  '--continue-at', '--dump-header', '--oauth2-bearer', '--create-file-mode', '--ciphers',
]);
export const WGET_LONG_VALUE: ReadonlySet<string> = new Set([
  '--output-document', '--directory-prefix', '--header', '--user', '--password', '--tries', '--timeout',
  '--user-agent', '--output-file', '--append-output', '--input-file', '--ca-certificate', '--ca-directory',
  '--certificate', '--private-key', '--progress', '--wait', '--limit-rate', '--post-data', '--body-data', '--method',
]);
