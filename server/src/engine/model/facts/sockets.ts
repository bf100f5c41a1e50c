// Which host paths hand a container the node's container-runtime socket, agreed by every dialect.
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
