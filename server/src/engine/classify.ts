// Decides what kind of file a path holds. Names decide first; YAML content decides when the name
// says nothing (Kubernetes manifests, workflows kept outside .github/workflows).
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
  if (/^\.?gitlab-ci\.ya?ml$/i.test(name) || /\.gitlab-ci\.ya?ml$/i.test(name)) return 'gitlab-ci';
  if (/(^|\/)\.github\/workflows\/[^/]+$/.test(norm)) return 'github-actions';
  if (/(^|\/)\.gitlab\/ci\/.+$/.test(norm)) return 'gitlab-ci';
  return 'yaml';
}

const K8S_API_VERSION = /^apiVersion:[ \t]*\S/m;
const K8S_KIND = /^kind:[ \t]*\S/m;
// Jenkins kubernetes-plugin pod files (`yamlFile`) are bare pods: no apiVersion/kind, just a pod spec.
const BARE_POD_SPEC = /^spec:[ \t]*(#.*)?$/m;
const BARE_POD_CONTAINERS = /^[ \t]+containers:[ \t]*(#.*)?$/m;
const GHA_ON = /^(on|"on"|'on'):/m;
const GHA_JOBS = /^jobs:[ \t]*(#.*)?$/m;
const GHA_STEPS = /^\s+(runs-on|steps):/m;

/** Classifies a YAML file that has no telling name by what it contains. */
export function classifyYamlContent(text: string): FileKind {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (GHA_ON.test(head) && GHA_JOBS.test(head) && GHA_STEPS.test(head)) return 'github-actions';
  if (K8S_API_VERSION.test(head) && K8S_KIND.test(head)) return 'k8s';
  if (BARE_POD_SPEC.test(head) && BARE_POD_CONTAINERS.test(head)) return 'k8s';
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
