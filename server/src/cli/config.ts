// The optional config file (.daemonless.json in the current folder, or --config), merged under the
// command-line flags: flags win per rule id, exclude globs add up.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SEVERITIES, type LintOptions, type RuleMeta, type SeverityOverride } from '../engine/index.js';
import { UsageError, type CliArgs } from './args.js';
import { unknownRuleMessage } from './closest.js';

export const DEFAULT_CONFIG_FILE = '.daemonless.json';

export interface ConfigFile {
  rules?: Record<string, string>;
  exclude?: string[];
  maxFileSize?: number;
  kaniko?: { image?: string };
}

export interface ResolvedOptions {
  lint: LintOptions;
  exclude: string[];
}

function readConfig(cwd: string, explicit: string | undefined): ConfigFile {
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (explicit === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`config file ${path} must hold a JSON object`);
  }
  const config = parsed as Record<string, unknown>;
  const known = new Set(['rules', 'exclude', 'maxFileSize', 'kaniko', '$schema']);
  for (const key of Object.keys(config)) {
    if (!known.has(key)) throw new UsageError(`config file ${path}: unknown key '${key}'`);
  }
  const rules = config.rules;
  if (rules !== undefined && (typeof rules !== 'object' || rules === null || Array.isArray(rules))) {
    throw new UsageError(`config file ${path}: "rules" must be an object of rule id → severity`);
  }
  const exclude = config.exclude;
  if (exclude !== undefined && (!Array.isArray(exclude) || exclude.some((g) => typeof g !== 'string'))) {
    throw new UsageError(`config file ${path}: "exclude" must be an array of globs`);
  }
  const max = config.maxFileSize;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max <= 0)) {
    throw new UsageError(`config file ${path}: "maxFileSize" must be a positive integer`);
  }
  const kaniko = config.kaniko as { image?: unknown } | undefined;
  if (kaniko !== undefined && (typeof kaniko !== 'object' || kaniko === null || (kaniko.image !== undefined && typeof kaniko.image !== 'string'))) {
    throw new UsageError(`config file ${path}: "kaniko" must be an object like { "image": "..." }`);
  }
  return config as ConfigFile;
}

function checkOverride(id: string, value: unknown, knownIds: ReadonlySet<string>, where: string): SeverityOverride {
  if (!knownIds.has(id)) throw new UsageError(`${where}: ${unknownRuleMessage(id, knownIds)}`);
  if (value !== 'off' && !(SEVERITIES as readonly unknown[]).includes(value)) {
    throw new UsageError(`${where}: severity of '${id}' must be one of ${[...SEVERITIES, 'off'].join(', ')} (got '${String(value)}')`);
  }
  return value as SeverityOverride;
}

export function resolveOptions(args: CliArgs, cwd: string, rules: readonly RuleMeta[]): ResolvedOptions {
  const config = readConfig(cwd, args.config);
  const knownIds = new Set(rules.map((r) => r.id));
  const overrides: Record<string, SeverityOverride> = {};
  for (const [id, value] of Object.entries(config.rules ?? {})) overrides[id] = checkOverride(id, value, knownIds, 'config file');
  for (const [id, value] of args.ruleOverrides) overrides[id] = checkOverride(id, value, knownIds, '--rule');
  const lint: LintOptions = { rules: overrides };
  const maxFileSize = args.maxFileSize ?? config.maxFileSize;
  if (maxFileSize !== undefined) lint.maxFileSize = maxFileSize;
  if (config.kaniko?.image) lint.kanikoImage = config.kaniko.image;
  return { lint, exclude: [...(config.exclude ?? []), ...args.exclude] };
}
