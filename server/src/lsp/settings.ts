// The `daemonless.*` settings as the server uses them, read defensively: a malformed value is ignored
// instead of breaking analysis. A setting the user did not set is absent here, so it leaves the value
// of the folder's `.daemonless.json` (or the built-in default) in place.
import type { LintOptions, SeverityOverride } from '../engine/index.js';
import { BUDGET_KEYS, effectiveOptions, type ConfigOverrides, type ProjectConfig } from '../config/project-config.js';

export interface Settings extends ConfigOverrides {
  rules: Record<string, SeverityOverride>;
  exclude: string[];
  debounceMs: number;
  /** `files.exclude` patterns whose value is `true`. */
  filesExclude: string[];
}

const MAX_DEBOUNCE_MS = 2000;
const OVERRIDES = new Set<string>(['error', 'warning', 'info', 'hint', 'off']);

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  exclude: [],
  debounceMs: 0,
  filesExclude: [],
};

/** What analysis uses in one workspace folder: its config file under the user's settings. */
export interface FolderOptions {
  lint: LintOptions;
  /** Every glob that keeps a file out of the workspace scan. */
  excludes: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds settings from the `daemonless` and `files` configuration sections (either may be missing). */
export function parseSettings(daemonless: unknown, files: unknown): Settings {
  const d = isRecord(daemonless) ? daemonless : {};
  const rules: Record<string, SeverityOverride> = {};
  if (isRecord(d.rules)) {
    for (const [id, value] of Object.entries(d.rules)) {
      if (typeof value === 'string' && OVERRIDES.has(value)) rules[id] = value as SeverityOverride;
    }
  }
  const exclude = Array.isArray(d.exclude) ? d.exclude.filter((p): p is string => typeof p === 'string' && p !== '') : [];
  const kaniko = isRecord(d.kaniko) ? d.kaniko : {};
  const debounceMs =
    typeof d.debounceMs === 'number' && Number.isFinite(d.debounceMs)
      ? Math.min(MAX_DEBOUNCE_MS, Math.max(0, Math.floor(d.debounceMs)))
      : 0;
  const f = isRecord(files) ? files : {};
  const filesExclude = isRecord(f.exclude)
    ? Object.entries(f.exclude).filter(([, on]) => on === true).map(([pattern]) => pattern)
    : [];
  const settings: Settings = { rules, exclude, debounceMs, filesExclude };
  if (typeof d.maxFileSize === 'number' && Number.isFinite(d.maxFileSize) && d.maxFileSize >= 1) settings.maxFileSize = Math.floor(d.maxFileSize);
  if (typeof kaniko.image === 'string' && kaniko.image.trim() !== '') settings.kanikoImage = kaniko.image.trim();
  if (Array.isArray(d.trustedRegistries)) {
    // Entries are kept as written: a malformed one matches no registry, which is the safe side.
    const trusted = d.trustedRegistries.filter((r): r is string => typeof r === 'string' && r.trim() !== '').map((r) => r.trim());
    if (trusted.length > 0) settings.trustedRegistries = trusted;
  }
  for (const key of BUDGET_KEYS) {
    const budget = d[key];
    if (typeof budget === 'number' && Number.isFinite(budget) && budget >= 1) settings[key] = Math.floor(budget);
  }
  return settings;
}

export function folderOptions(config: ProjectConfig, settings: Settings): FolderOptions {
  const { lint, exclude } = effectiveOptions(config, settings);
  return { lint, excludes: [...settings.filesExclude, ...exclude] };
}
