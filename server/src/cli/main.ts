// The `daemonless` command: parses arguments, loads the config file and hands over to a command.
// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error.
import { allRules } from '../engine/index.js';
import { parseArgs, USAGE, UsageError } from './args.js';
import { runFix } from './commands/fix.js';
import { knownRules, runLint } from './commands/lint.js';
import { checkPaths } from './files.js';
import { resolveOptions } from './config.js';
import { processIo, type Io } from './io.js';
import { packageInfo } from './package-info.js';

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (args.command === 'version') {
      io.stdout(`${packageInfo().version}\n`);
      return 0;
    }
    const options = resolveOptions(args, io.cwd, knownRules(allRules));
    checkPaths(args.paths, io.cwd);
    if (args.command === 'fix') {
      return await runFix({ paths: args.paths, ruleIds: args.fixRules, write: args.write, lint: options.lint, exclude: options.exclude }, io);
    }
    return await runLint(
      {
        paths: args.paths,
        format: args.format,
        failOn: args.failOn,
        lint: args.showSuppressed ? { ...options.lint, showSuppressed: true } : options.lint,
        exclude: options.exclude,
        version: packageInfo().version,
      },
      io,
    );
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`daemonless: ${error.message}\nRun 'daemonless --help' for usage.\n`);
    } else {
      io.stderr(`daemonless: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    }
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
