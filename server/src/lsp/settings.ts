// The `daemonless.*` settings as the server uses them, read defensively: a malformed value falls back
// to its default instead of breaking analysis.
import type { LintOptions, SeverityOverride } from '../engine/index.js';

export interface Settings {
  rules: Record<string, SeverityOverride>;
  exclude: string[];
  maxFileSize: number;
  kanikoImage: string;
  debounceMs: number;
  /** `files.exclude` patterns whose value is `true`. */
  filesExclude: string[];
}

export const DEFAULT_MAX_FILE_SIZE = 2_000_000;
const MAX_DEBOUNCE_MS = 2000;
const OVERRIDES = new Set<string>(['error', 'warning', 'info', 'hint', 'off']);

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  exclude: [],
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  kanikoImage: '',
  debounceMs: 0,
  filesExclude: [],
};

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
  const maxFileSize =
    typeof d.maxFileSize === 'number' && Number.isFinite(d.maxFileSize) && d.maxFileSize > 0
      ? Math.floor(d.maxFileSize)
      : DEFAULT_MAX_FILE_SIZE;
  const kaniko = isRecord(d.kaniko) ? d.kaniko : {};
  const kanikoImage = typeof kaniko.image === 'string' ? kaniko.image.trim() : '';
  const debounceMs =
    typeof d.debounceMs === 'number' && Number.isFinite(d.debounceMs)
      ? Math.min(MAX_DEBOUNCE_MS, Math.max(0, Math.floor(d.debounceMs)))
      : 0;
  const f = isRecord(files) ? files : {};
  const filesExclude = isRecord(f.exclude)
    ? Object.entries(f.exclude).filter(([, on]) => on === true).map(([pattern]) => pattern)
    : [];
  return { rules, exclude, maxFileSize, kanikoImage, debounceMs, filesExclude };
}

export function lintOptions(settings: Settings): LintOptions {
  const options: LintOptions = { rules: settings.rules, maxFileSize: settings.maxFileSize };
  if (settings.kanikoImage !== '') options.kanikoImage = settings.kanikoImage;
  return options;
}

/** Every glob that keeps a file out of the workspace scan. */
export function scanExcludes(settings: Settings): string[] {
  return [...settings.filesExclude, ...settings.exclude];
}
