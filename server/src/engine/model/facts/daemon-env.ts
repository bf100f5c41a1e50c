// Environment variables that point a Docker client at a daemon or configure how it talks to one.
// A job that stops using a daemon drops them; every reader and rewrite shares this one list.

export const DAEMON_VARIABLES: ReadonlySet<string> = new Set([
  'DOCKER_HOST',
  'DOCKER_TLS_CERTDIR',
  'DOCKER_DRIVER',
  'DOCKER_BUILDKIT',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
]);
