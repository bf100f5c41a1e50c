// Decides what kind of file a path holds. Names decide first (Dockerfiles here, YAML paths by the
// dialects that claim them); YAML content decides when the name says nothing (Kubernetes manifests,
// workflows kept outside .github/workflows), asking each dialect in turn.
import { allDialects } from './dialects/index.js';
import type { FileKind } from './types.js';

const YAML_EXT = /\.ya?ml$/i;

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

export function classifyByName(path: string): FileKind | 'yaml' {
  const norm = path.replace(/\\/g, '/');
  const name = baseName(norm);
  if (isDockerfileName(name)) return 'dockerfile';
  if (!YAML_EXT.test(name)) return 'unknown';
  for (const dialect of allDialects) if (dialect.claimsPath?.(norm, name)) return dialect.fileKind;
  return 'yaml';
}

/** Classifies a YAML file that has no telling name by what it contains (dialects in their listed order). */
export function classifyYamlContent(text: string): FileKind {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  for (const dialect of allDialects) if (dialect.sniff?.(head)) return dialect.fileKind;
  return 'unknown';
}

export function classify(path: string, text?: string): FileKind {
  const byName = classifyByName(path);
  if (byName !== 'yaml') return byName;
  return text === undefined ? 'unknown' : classifyYamlContent(text);
}

/** Whether a path could hold a file daemonless analyses, judged by name alone (for workspace walks). */
export function isCandidatePath(path: string): boolean {
  return classifyByName(path) !== 'unknown';
}
