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
 * Whether an image is the official `docker` image's default variant, which has been its daemon (dind)
 * variant since Docker 22.06: `docker`, `docker:latest`, `docker:rc`, `docker:27`, `docker:27.3.1`,
 * `docker:28.0.0-alpine3.21`. Before 22.06 (`docker:20.10`, `docker:19.03.12`, `docker:stable`) the
 * plain tags were the client only; `-cli` tags are the client at every version.
 */
export function isDefaultDaemonVariant(image: string): boolean {
  const ref = parseImageRef(image.toLowerCase());
  const lastSegment = ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
  if (lastSegment !== 'docker') return false;
  const tag = ref.tag;
  if (tag === undefined || tag === 'latest' || tag === 'rc') return true;
  const version = /^(\d+)(?:\.(\d+))?(?:\.\d+)?(?:-(?:rc|beta)(?:\.?\d+)?)?(?:-alpine[\d.]*)?$/.exec(tag);
  if (!version) return false;
  const major = Number(version[1]);
  return major > 22 || (major === 22 && Number(version[2] ?? 0) >= 6);
}

/**
 * Whether a container of `image` started with these overrides runs the Docker daemon: a dind image, or
 * the default daemon variant (isDefaultDaemonVariant) with its own entrypoint and no command, or a
 * command of options only (its entrypoint then runs `dockerd` with them) or `dockerd` itself. A
 * default-variant container given any other command (`docker build …`, `sh -c …`) is a client.
 */
export function startsDockerDaemon(image: string, entrypoint: readonly string[], command: readonly string[]): boolean {
  if (isDindImage(image)) return true;
  if (!isDefaultDaemonVariant(image)) return false;
  const program = (word: string) => word.slice(word.lastIndexOf('/') + 1);
  if (entrypoint.length > 0) return /^dockerd(-entrypoint\.sh)?$/.test(program(entrypoint[0]));
  return command.length === 0 || command[0].startsWith('-') || program(command[0]) === 'dockerd';
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
