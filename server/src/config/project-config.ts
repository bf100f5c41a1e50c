// The project's config file, `.daemonless.json`, as both the CLI and the language server read it: the
// text is checked here (no file system), each problem carries the offsets of the key or value it is
// about, and the options are layered the same way in both: built-in defaults < the file < the
// adapter's own overrides (command-line flags, or the editor's daemonless.* settings).
import {
  allRules,
  BUILTIN_FINDINGS,
  SEVERITIES,
  type LintOptions,
  type SeverityOverride,
} from '../engine/index.js';
import { closestId, unknownRuleMessage } from '../cli/closest.js';
import { parseJsonTree, JsonSyntaxError, type JsonMember, type JsonNode } from './json-tree.js';

export const CONFIG_FILE_NAME = '.daemonless.json';

/** What a valid config file sets; absent fields leave the built-in defaults. */
export interface ProjectConfig {
  rules: Record<string, SeverityOverride>;
  exclude: string[];
  maxFileSize?: number;
  kanikoImage?: string;
  /** `trustedRegistries`: the registries df-untrusted-registry accepts. */
  trustedRegistries?: string[];
  /** `dockerfile.target`: the stage that ships. */
  dockerfileTarget?: string;
  maxNestingDepth?: number;
  maxScriptLength?: number;
  timeBudgetMs?: number;
}

export interface ConfigProblem {
  message: string;
  /** UTF-16 offsets into the file's text. */
  start: number;
  end: number;
}

export interface ConfigReadResult {
  /** Empty when there are problems: an invalid file is not applied at all. */
  config: ProjectConfig;
  problems: ConfigProblem[];
}

/** The overrides an adapter puts on top of the file; each absent field leaves the file's value. */
export interface ConfigOverrides {
  rules?: Readonly<Record<string, SeverityOverride>>;
  exclude?: readonly string[];
  maxFileSize?: number;
  kanikoImage?: string;
  /** Replaces the file's list when it has an entry. */
  trustedRegistries?: readonly string[];
  maxNestingDepth?: number;
  maxScriptLength?: number;
  timeBudgetMs?: number;
}

export interface EffectiveOptions {
  lint: LintOptions;
  /** The file's exclude globs followed by the overrides' (they add up). */
  exclude: string[];
}

/** The engine's work budgets (LintOptions fields of the same names): each a positive integer. */
export const BUDGET_KEYS = ['maxNestingDepth', 'maxScriptLength', 'timeBudgetMs'] as const;

const TOP_LEVEL_KEYS = ['rules', 'exclude', 'maxFileSize', 'kaniko', 'trustedRegistries', 'dockerfile', '$schema', ...BUDGET_KEYS];
const KANIKO_KEYS = ['image'];
const DOCKERFILE_KEYS = ['target'];

/** A registry host with an optional port, `*.` before a domain for any host under it, or `*` for all. */
const REGISTRY_PATTERN = /^(\*|(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?)$/i;
/** A build stage name, as Docker accepts it after `FROM … AS`. */
const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/i;
const OVERRIDES: readonly string[] = [...SEVERITIES, 'off'];

/** Every id a config may name: the registered rules and the engine's built-in findings. */
export function knownRuleIds(): string[] {
  return [...allRules, ...BUILTIN_FINDINGS].map((r) => r.id);
}

function unknownKeyMessage(key: string, known: readonly string[], prefix = ''): string {
  const near = closestId(key, known);
  return `unknown key '${prefix}${key}'${near ? ` (did you mean '${prefix}${near}'?)` : ''}`;
}

/** Reads a config file's text; `knownIds` are the rule ids it may name. */
export function parseProjectConfig(text: string, knownIds: Iterable<string> = knownRuleIds()): ConfigReadResult {
  const problems: ConfigProblem[] = [];
  const invalid = (): ConfigReadResult => ({ config: { rules: {}, exclude: [] }, problems });
  try {
    JSON.parse(text);
  } catch (error) {
    // JSON.parse decides, as it always did for the CLI; the tree finds where it went wrong.
    let offset = text.length;
    try {
      parseJsonTree(text);
    } catch (located) {
      if (located instanceof JsonSyntaxError) offset = located.offset;
    }
    problems.push({ message: `not valid JSON: ${(error as Error).message}`, start: offset, end: Math.min(offset + 1, text.length) });
    return invalid();
  }
  let root: JsonNode;
  try {
    root = parseJsonTree(text);
  } catch {
    // Only reachable if the tree and JSON.parse disagree; the file is still read, without positions.
    root = treeOf(JSON.parse(text) as unknown);
  }
  const at = (node: { start: number; end: number }, message: string) => problems.push({ message, start: node.start, end: node.end });
  const atKey = (member: JsonMember, message: string) => problems.push({ message, start: member.keyStart, end: member.keyEnd });
  if (root.type !== 'object') {
    at(root, 'must hold a JSON object');
    return invalid();
  }
  const ids = new Set(knownIds);
  const config: ProjectConfig = { rules: {}, exclude: [] };
  // Later duplicates win, as with JSON.parse.
  for (const member of root.members) {
    const { value } = member;
    switch (member.key) {
      case '$schema':
        break;
      case 'rules': {
        if (value.type !== 'object') {
          at(value, '"rules" must be an object of rule id → severity');
          break;
        }
        config.rules = {};
        for (const rule of value.members) {
          if (!ids.has(rule.key)) {
            atKey(rule, unknownRuleMessage(rule.key, ids));
            continue;
          }
          const severity = rule.value;
          if (severity.type !== 'string' || !OVERRIDES.includes(severity.value)) {
            const got = severity.type === 'string' ? severity.value : text.slice(severity.start, severity.end);
            at(severity, `severity of '${rule.key}' must be one of ${OVERRIDES.join(', ')} (got '${got}')`);
            continue;
          }
          config.rules[rule.key] = severity.value as SeverityOverride;
        }
        break;
      }
      case 'exclude': {
        if (value.type !== 'array') {
          at(value, '"exclude" must be an array of globs');
          break;
        }
        const bad = value.items.filter((item) => item.type !== 'string');
        for (const item of bad) at(item, '"exclude" must be an array of globs (strings)');
        if (bad.length === 0) config.exclude = value.items.map((item) => (item as { value: string }).value);
        break;
      }
      case 'maxFileSize':
        if (value.type !== 'number' || !Number.isInteger(value.value) || value.value <= 0) {
          at(value, '"maxFileSize" must be a positive integer');
          break;
        }
        config.maxFileSize = value.value;
        break;
      case 'maxNestingDepth':
      case 'maxScriptLength':
      case 'timeBudgetMs':
        if (value.type !== 'number' || !Number.isInteger(value.value) || value.value <= 0) {
          at(value, `"${member.key}" must be a positive integer`);
          break;
        }
        config[member.key] = value.value;
        break;
      case 'kaniko': {
        if (value.type !== 'object') {
          at(value, '"kaniko" must be an object like { "image": "..." }');
          break;
        }
        delete config.kanikoImage;
        for (const option of value.members) {
          if (!KANIKO_KEYS.includes(option.key)) {
            atKey(option, unknownKeyMessage(option.key, KANIKO_KEYS, 'kaniko.'));
          } else if (option.value.type !== 'string') {
            at(option.value, '"kaniko.image" must be a string');
          } else if (option.value.value.trim() !== '') {
            config.kanikoImage = option.value.value.trim();
          }
        }
        break;
      }
      case 'trustedRegistries': {
        const what = '"trustedRegistries" must be an array of registry hosts (e.g. "registry.corp.example", "*.corp.example", "*")';
        if (value.type !== 'array') {
          at(value, what);
          break;
        }
        let valid = true;
        for (const item of value.items) {
          if (item.type !== 'string') {
            at(item, what);
            valid = false;
          } else if (!REGISTRY_PATTERN.test(item.value.trim())) {
            at(item, `"trustedRegistries" entry '${item.value}' is not a registry host: write a host name with an optional port ("registry.corp.example:5000"), "*.corp.example" for the hosts under a domain, or "*" for all (Docker Hub is "docker.io")`);
            valid = false;
          }
        }
        if (valid) config.trustedRegistries = value.items.map((item) => (item as { value: string }).value.trim());
        break;
      }
      case 'dockerfile': {
        if (value.type !== 'object') {
          at(value, '"dockerfile" must be an object like { "target": "runtime" }');
          break;
        }
        delete config.dockerfileTarget;
        for (const option of value.members) {
          if (!DOCKERFILE_KEYS.includes(option.key)) {
            atKey(option, unknownKeyMessage(option.key, DOCKERFILE_KEYS, 'dockerfile.'));
          } else if (option.value.type !== 'string' || !STAGE_NAME.test(option.value.value.trim())) {
            const got = option.value.type === 'string' ? ` (got '${option.value.value}')` : '';
            at(option.value, `"dockerfile.target" must be a build stage name (a letter, then letters, digits, '_', '.' or '-')${got}`);
          } else {
            config.dockerfileTarget = option.value.value.trim();
          }
        }
        break;
      }
      default:
        atKey(member, unknownKeyMessage(member.key, TOP_LEVEL_KEYS));
    }
  }
  return problems.length > 0 ? invalid() : { config, problems };
}

/** A tree without positions (everything at 0), for the fallback above. */
function treeOf(value: unknown): JsonNode {
  const none = { start: 0, end: 0 };
  if (Array.isArray(value)) return { type: 'array', ...none, items: value.map(treeOf) };
  if (value === null) return { type: 'null', ...none, value: null };
  if (typeof value === 'object') {
    return {
      type: 'object',
      ...none,
      members: Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, keyStart: 0, keyEnd: 0, value: treeOf(v) })),
    };
  }
  if (typeof value === 'string') return { type: 'string', ...none, value };
  if (typeof value === 'number') return { type: 'number', ...none, value };
  return { type: 'boolean', ...none, value: value as boolean };
}

/** The file's options with the adapter's overrides on top: per rule id, per field; exclude globs add up. */
export function effectiveOptions(config: ProjectConfig, overrides: ConfigOverrides = {}): EffectiveOptions {
  const lint: LintOptions = { rules: { ...config.rules, ...overrides.rules } };
  const maxFileSize = overrides.maxFileSize ?? config.maxFileSize;
  if (maxFileSize !== undefined) lint.maxFileSize = maxFileSize;
  const kanikoImage = overrides.kanikoImage || config.kanikoImage;
  if (kanikoImage) lint.rewrite = { image: kanikoImage };
  const trustedRegistries = overrides.trustedRegistries?.length ? overrides.trustedRegistries : config.trustedRegistries;
  if (trustedRegistries?.length) lint.trustedRegistries = [...trustedRegistries];
  if (config.dockerfileTarget) lint.dockerfileTarget = config.dockerfileTarget;
  for (const key of BUDGET_KEYS) {
    const budget = overrides[key] ?? config[key];
    if (budget !== undefined) lint[key] = budget;
  }
  return { lint, exclude: [...config.exclude, ...(overrides.exclude ?? [])] };
}
