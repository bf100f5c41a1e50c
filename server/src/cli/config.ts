// The optional config file (.daemonless.json in the current folder, or --config), read by the reader
// the language server shares (server/src/config/project-config.ts) and merged under the command-line
// flags: flags win per rule id, exclude globs add up.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineIndex, SEVERITIES, type LintOptions, type RuleMeta, type SeverityOverride } from '../engine/index.js';
import { CONFIG_FILE_NAME, effectiveOptions, parseProjectConfig, type ProjectConfig } from '../config/project-config.js';
import { UsageError, type CliArgs } from './args.js';
import { unknownRuleMessage } from './closest.js';

export interface ResolvedOptions {
  lint: LintOptions;
  exclude: string[];
}

function readConfig(cwd: string, explicit: string | undefined, knownIds: ReadonlySet<string>): ProjectConfig {
  const path = resolve(cwd, explicit ?? CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (explicit === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return { rules: {}, exclude: [] };
    throw new UsageError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  const { config, problems } = parseProjectConfig(text, knownIds);
  if (problems.length > 0) {
    const lines = new LineIndex(text);
    throw new UsageError(
      problems
        .map((p) => {
          const { line, character } = lines.positionAt(p.start);
          return `config file: ${p.message} (${path}:${line + 1}:${character + 1})`;
        })
        .join('\n'),
    );
  }
  return config;
}

function checkOverride(id: string, value: unknown, knownIds: ReadonlySet<string>, where: string): SeverityOverride {
  if (!knownIds.has(id)) throw new UsageError(`${where}: ${unknownRuleMessage(id, knownIds)}`);
  if (value !== 'off' && !(SEVERITIES as readonly unknown[]).includes(value)) {
    throw new UsageError(`${where}: severity of '${id}' must be one of ${[...SEVERITIES, 'off'].join(', ')} (got '${String(value)}')`);
  }
  return value as SeverityOverride;
}

export function resolveOptions(args: CliArgs, cwd: string, rules: readonly RuleMeta[]): ResolvedOptions {
  const knownIds = new Set(rules.map((r) => r.id));
  const config = readConfig(cwd, args.config, knownIds);
  const flags: Record<string, SeverityOverride> = {};
  for (const [id, value] of args.ruleOverrides) flags[id] = checkOverride(id, value, knownIds, '--rule');
  return effectiveOptions(config, { rules: flags, maxFileSize: args.maxFileSize, exclude: args.exclude });
}
