// Facts about container images and host paths that every model (CI and Kubernetes) needs to agree on:
// which image runs a Docker daemon, and which host path hands a container the node's runtime socket.

/** An image reference split into its parts; the tag and digest are undefined when absent. */
export interface ImageRef {
  /** Registry host when the first path segment looks like one (has a dot or a port, or is localhost). */
  registry: string | undefined;
  /** Repository path without the registry, e.g. `library/docker`. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const segments = rest.split('/');
  let registry: string | undefined;
  if (segments.length > 1 && /[.:]|^localhost$/.test(segments[0])) registry = segments.shift();
  return { registry, repository: segments.join('/'), tag, digest };
}

const DIND_TAG = /(^|[-._])dind([-._]|$)/;

/**
 * Whether an image runs the Docker daemon: the official `docker` image with a `dind` tag
 * (`docker:dind`, `docker:24-dind`, `docker:24.0.5-dind-alpine3.18`, `docker:dind-rootless`), from
 * any registry or mirror (`docker.io/library/docker:dind`, `registry.example.com/docker:20.10-dind`).
 */
export function isDindImage(image: string): boolean {
  const ref = parseImageRef(image.toLowerCase());
  if (ref.tag === undefined) return false;
  const lastSegment = ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
  return lastSegment === 'docker' && DIND_TAG.test(ref.tag);
}

/**
 * Whether an image is the Docker CLI (`docker`, `docker:24`, `docker:cli`, `docker:stable`), i.e. a
 * client that needs a daemon somewhere. Dind images count too: they ship the CLI as well.
 */
export function isDockerCliImage(image: string): boolean {
  const ref = parseImageRef(image.toLowerCase());
  const lastSegment = ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
  return lastSegment === 'docker';
}

const RUNTIME_SOCKETS = new Set([
  'docker.sock',
  'containerd.sock',
  'crio.sock',
  'cri-dockerd.sock',
  'dockershim.sock',
  'buildkitd.sock',
  'podman.sock',
]);

// Directories whose contents include one of the sockets above on a typical node.
const RUNTIME_SOCKET_DIRS = new Set([
  '/var/run',
  '/run',
  '/var/run/docker',
  '/run/docker',
  '/var/run/containerd',
  '/run/containerd',
  '/var/run/crio',
  '/run/crio',
  '/var/run/buildkit',
  '/run/buildkit',
  '/var/run/podman',
  '/run/podman',
]);

function normalizeHostPath(path: string): string {
  let p = path.trim().replace(/\/{2,}/g, '/');
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  // `/run/./docker.sock` and `/var/run/../run/docker.sock` name the same socket.
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const joined = out.join('/');
  return joined === '' ? '/' : joined;
}

/**
 * Whether a host path is a container-runtime socket (docker, containerd, cri-o, cri-dockerd,
 * buildkitd, podman) or a directory that exposes one (`/var/run`, `/run`, `/run/containerd`, ...).
 */
export function isRuntimeSocketPath(path: string): boolean {
  const p = normalizeHostPath(path);
  if (RUNTIME_SOCKET_DIRS.has(p)) return true;
  const base = p.slice(p.lastIndexOf('/') + 1);
  return RUNTIME_SOCKETS.has(base);
}
