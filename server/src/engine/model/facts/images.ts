// Image references, read one way for every dialect and rule: the parts of a reference, and which
// images run a Docker daemon or hold its client.

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

/** Docker Hub's host names: an image without a registry comes from there too. */
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * The registry an image is pulled from, lower-case: `docker.io` for Docker Hub in every spelling
 * (`ubuntu`, `library/ubuntu`, `index.docker.io/…`, `registry-1.docker.io/…`).
 */
export function imageRegistry(image: string): string {
  return registryName(parseImageRef(image).registry ?? 'docker.io');
}

/** A registry host as written (`Index.Docker.IO`, `ghcr.io`) in the one spelling used to compare it. */
export function registryName(host: string): string {
  const name = host.trim().toLowerCase();
  return DOCKER_HUB_HOSTS.has(name) ? 'docker.io' : name;
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
