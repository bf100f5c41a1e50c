// An image that declares the Docker socket as a volume, or points DOCKER_HOST at a daemon, is built
// to drive a Docker daemon from inside the container: whoever controls the container then controls
// the daemon, which is root on its host. A plain-TCP daemon (port 2375) adds no authentication at all.
import { Volume } from 'dockerfile-ast';
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionWords } from '../../model/dockerfile-instructions.js';

/** A path to a Docker (or Podman) API socket. */
export function isDockerSocketPath(path: string): boolean {
  const p = path.trim().replace(/^unix:\/\//, '').replace(/\/+$/, '');
  return /(^|\/)(docker|podman)\.sock$/.test(p) || p === '/var/run/docker' || p === '/run/docker';
}

/** 'socket' for a unix socket DOCKER_HOST, 'tcp' for a plain-TCP daemon (port 2375), else null. */
export function dockerHostKind(value: string): 'socket' | 'tcp' | null {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (/^unix:\/\//i.test(v)) return isDockerSocketPath(v) ? 'socket' : null;
  if (/^(tcp|http):\/\/[^/]+:2375\/?$/i.test(v)) return 'tcp';
  return null;
}

export default defineRule({
  id: 'df-docker-socket',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'VOLUME declares the Docker socket, or ENV DOCKER_HOST points at a Docker daemon socket or an unencrypted TCP daemon.',
  },
  messages: {
    volume: 'VOLUME {path} expects the Docker socket to be mounted: the container can then control the host\'s Docker daemon, which is root on the host. Build images with a daemonless builder (Kaniko, BuildKit rootless) instead.',
    socket: 'ENV DOCKER_HOST={value} points at a Docker daemon socket: the container is meant to drive the host\'s daemon, which is root on the host. Build images with a daemonless builder (Kaniko, BuildKit rootless) instead.',
    tcp: 'ENV DOCKER_HOST={value} points at a Docker daemon over plain TCP (port 2375): no TLS, no authentication, full control of the daemon. Use a daemonless builder, or at least TLS on port 2376.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    for (const instruction of ctx.file.dockerfile.getInstructions()) {
      if (!(instruction instanceof Volume)) continue;
      for (const word of instructionWords(ctx.file, instruction)) {
        if (isDockerSocketPath(word.value)) ctx.report({ messageId: 'volume', data: { path: word.value }, start: word.range.start, end: word.range.end });
      }
    }
    for (const stage of model.stages) {
      for (const env of stage.envs) {
        if (env.name !== 'DOCKER_HOST' || env.value === null) continue;
        const value = env.resolved ?? env.value;
        const kind = dockerHostKind(value);
        if (kind) ctx.report({ messageId: kind, data: { value }, start: env.nameRange.start, end: env.nameRange.end });
      }
    }
  },
});
