// Command-line parsing for `daemonless`. Hand-written so that repeated flags, `--flag=value` and
// usage errors (exit code 2) behave exactly as documented, with no dependency.

import { FORMAT_NAMES, type FormatName } from './formats/index.js';

export class UsageError extends Error {}

export type { FormatName };
export type FailOn = 'error' | 'warning' | 'info' | 'never';

export interface CliArgs {
  command: 'lint' | 'fix' | 'help' | 'version';
  paths: string[];
  format: FormatName;
  failOn: FailOn;
  /** `lint --rule id=severity|off`, in order given. */
  ruleOverrides: [string, string][];
  /** `fix --rule id[,id]`. */
  fixRules: string[];
  exclude: string[];
  maxFileSize?: number;
  config?: string;
  write: boolean;
  /** `lint --show-suppressed`: report suppressed findings too, marked with whose pragma suppressed them. */
  showSuppressed: boolean;
}

const FORMATS: readonly FormatName[] = FORMAT_NAMES;
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

const VALUE_FLAGS: Record<CliArgs['command'], readonly string[]> = {
  lint: ['--format', '--fail-on', '--rule', '--exclude', '--max-file-size', '--config'],
  fix: ['--rule', '--exclude', '--max-file-size', '--config'],
  help: [],
  version: [],
};
const BOOLEAN_FLAGS: Record<CliArgs['command'], readonly string[]> = {
  lint: ['--show-suppressed'],
  fix: ['--write'],
  help: [],
  version: [],
};

export const USAGE = `Usage:
  daemonless lint [paths...] [options]     report insecure container builds
  daemonless fix [paths...] --rule <id>[,<id>] [--write]
                                           apply the fixes of the given rules (a diff unless --write)
  daemonless --help | --version

Lint options:
  --format text|json|sarif|codequality|github
                                           output format (default: text)
  --fail-on error|warning|info|never       exit 1 when a finding is at or above this severity (default: error)
  --rule <id>=<severity|off>               override a rule's severity (repeatable)
  --exclude <glob>                         skip matching paths (repeatable)
  --max-file-size <n>                      skip files longer than n characters (one info finding)
  --config <file>                          config file (default: .daemonless.json in the current folder)
  --show-suppressed                        also report suppressed findings, with the tool whose pragma
                                           suppressed each (never counted by --fail-on)

Fix options:
  --rule <id>[,<id>]                       rules whose fixes to apply (required, repeatable)
  --write                                  write the files instead of printing a unified diff
  --exclude, --max-file-size, --config     as for lint

Paths may be files or folders (default: .). Exit codes: 0 clean, 1 findings at or above --fail-on,
2 usage or internal error.
`;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  }
  return value as T;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    command: 'help',
    paths: [],
    format: 'text',
    failOn: 'error',
    ruleOverrides: [],
    fixRules: [],
    exclude: [],
    write: false,
    showSuppressed: false,
  };
  if (argv.length === 0) return args;
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return args;
  if (first === '--version' || first === '-v') return { ...args, command: 'version' };
  if (first !== 'lint' && first !== 'fix') throw new UsageError(`unknown command '${first}'`);
  args.command = first;

  let onlyPaths = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      args.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') return { ...args, command: 'help' };
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS[args.command].includes(flag)) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      if (flag === '--write') args.write = true;
      if (flag === '--show-suppressed') args.showSuppressed = true;
      continue;
    }
    if (!VALUE_FLAGS[args.command].includes(flag)) throw new UsageError(`unknown option '${flag}' for ${args.command}`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < rest.length) value = rest[++i];
    else throw new UsageError(`${flag} needs a value`);

    switch (flag) {
      case '--format':
        args.format = oneOf(flag, value, FORMATS);
        break;
      case '--fail-on':
        args.failOn = oneOf(flag, value, FAIL_ON);
        break;
      case '--rule':
        if (args.command === 'fix') {
          const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
          if (ids.length === 0) throw new UsageError('--rule needs at least one rule id');
          args.fixRules.push(...ids);
        } else {
          const at = value.indexOf('=');
          if (at <= 0) throw new UsageError(`--rule expects <id>=<severity|off> (got '${value}')`);
          args.ruleOverrides.push([value.slice(0, at), value.slice(at + 1)]);
        }
        break;
      case '--exclude':
        args.exclude.push(value);
        break;
      case '--max-file-size': {
        const n = Number(value);
        if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max-file-size must be a positive integer (got '${value}')`);
        args.maxFileSize = n;
        break;
      }
      case '--config':
        args.config = value;
        break;
    }
  }
  if (args.command === 'fix' && args.fixRules.length === 0) throw new UsageError('fix needs --rule <id>[,<id>]');
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}
