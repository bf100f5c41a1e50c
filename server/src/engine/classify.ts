// Decides what kind of file a path holds. Names decide first (Dockerfiles here, YAML paths by the
// dialects that claim them); YAML content decides when the name says nothing (Kubernetes manifests,
// workflows kept outside .github/workflows), asking each dialect in turn.
import { allDialects } from './dialects/index.js';
import type { FileKind } from './types.js';

const YAML_EXT = /\.ya?ml$/i;
const JSON_EXT = /\.json$/i;
/** TOML files whose content may decide (a runner's `config.toml` kept under another folder). */
const TOML_CONFIG_NAME = /^config\.toml$/i;
const TOML_EXT = /\.toml$/i;

function baseName(path: string): string {
  const norm = path.replace(/\\/g, '/');
  return norm.slice(norm.lastIndexOf('/') + 1);
}

export function isDockerfileName(name: string): boolean {
  if (/^(Dockerfile|Containerfile)$/i.test(name)) return true;
  if (/\.(Dockerfile|Containerfile)$/i.test(name)) return true;
  // Dockerfile.prod, Dockerfile.alpine — but not documentation or ignore files beside it.
  if (/^(Dockerfile|Containerfile)\.[^.]+$/i.test(name)) return !/\.(md|txt|dockerignore|ignore|orig|bak|swp)$/i.test(name);
  return false;
}

/**
 * What a name alone says: a kind, `unknown`, or `yaml` when the content must decide (YAML files with
 * no telling name, and JSON files, which may hold Kubernetes manifests).
 */
export function classifyByName(path: string): FileKind | 'yaml' {
  const norm = path.replace(/\\/g, '/');
  const name = baseName(norm);
  if (isDockerfileName(name)) return 'dockerfile';
  for (const dialect of allDialects) if (dialect.format === 'groovy' && dialect.claimsPath?.(norm, name)) return dialect.fileKind;
  if (TOML_EXT.test(name)) {
    for (const dialect of allDialects) if (dialect.format === 'toml' && dialect.claimsPath?.(norm, name)) return dialect.fileKind;
    return TOML_CONFIG_NAME.test(name) && allDialects.some((d) => d.sniffToml) ? 'yaml' : 'unknown';
  }
  if (JSON_EXT.test(name)) return allDialects.some((d) => d.sniffJson) ? 'yaml' : 'unknown';
  if (!YAML_EXT.test(name)) return 'unknown';
  for (const dialect of allDialects) if (dialect.claimsPath?.(norm, name)) return dialect.fileKind;
  return 'yaml';
}

/**
 * Classifies a YAML file that has no telling name by what it contains (dialects in their listed
 * order); `json` asks the dialects that read JSON documents instead.
 */
export function classifyYamlContent(text: string, json = false): FileKind {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  for (const dialect of allDialects) if (json ? dialect.sniffJson?.(head) : dialect.sniff?.(head)) return dialect.fileKind;
  return 'unknown';
}

/** Classifies a TOML file that has no telling path by what it contains (only the TOML dialects are asked). */
export function classifyTomlContent(text: string): FileKind {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  for (const dialect of allDialects) if (dialect.sniffToml?.(head)) return dialect.fileKind;
  return 'unknown';
}

/** Whether a path names a JSON file (whose content is sniffed as JSON). */
export function isJsonPath(path: string): boolean {
  return JSON_EXT.test(path);
}

export function classify(path: string, text?: string): FileKind {
  const byName = classifyByName(path);
  if (byName !== 'yaml') return byName;
  if (text !== undefined && TOML_EXT.test(path)) return classifyTomlContent(text);
  return text === undefined ? 'unknown' : classifyYamlContent(text, isJsonPath(path));
}

/** Whether a path could hold a file daemonless analyses, judged by name alone (for workspace walks). */
export function isCandidatePath(path: string): boolean {
  return classifyByName(path) !== 'unknown';
}
