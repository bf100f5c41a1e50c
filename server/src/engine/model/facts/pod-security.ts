// What the pod-hardening rules share: which builder a container runs (so a finding its documented
// needs cause can say so instead of failing it), whether a pod builds images, and how findings about
// a container name it. Reads only the neutral model.
import type { Container, Workload } from '../workload.js';
import { CONTAINER_ROLE_WORDS } from '../workload.js';
import { isDindImage, parseImageRef } from './images.js';
import { isRuntimeSocketPath } from './sockets.js';
import type { OffsetRange } from '../../types.js';

/** The builders the rules know the needs of. */
export type Builder = 'kaniko' | 'buildkit-rootless' | 'buildkit' | 'buildah' | 'dind';

export const BUILDER_WORDS: Readonly<Record<Builder, string>> = {
  kaniko: 'Kaniko',
  'buildkit-rootless': 'rootless BuildKit',
  buildkit: 'BuildKit',
  buildah: 'Buildah',
  dind: 'a Docker daemon',
};

/**
 * The builder an image runs: the Kaniko executor (`gcr.io/kaniko-project/executor`, any mirror or fork
 * whose path holds `kaniko` then `executor`, and `ghcr.io/osscontainertools/kaniko`), BuildKit
 * (`moby/buildkit`, rootless when the tag says so), Buildah, or a Docker-in-Docker daemon.
 */
export function builderOf(image: string | undefined): Builder | undefined {
  if (image === undefined) return undefined;
  // Every pod rule asks for every container; a file names few images, each many times.
  const known = builderByImage.get(image);
  if (known !== undefined) return known ?? undefined;
  const builder = readBuilder(image);
  if (builderByImage.size >= MAX_KNOWN_IMAGES) builderByImage.clear();
  builderByImage.set(image, builder ?? null);
  return builder;
}

const builderByImage = new Map<string, Builder | null>();
const MAX_KNOWN_IMAGES = 4096;

function readBuilder(image: string): Builder | undefined {
  const lower = image.toLowerCase();
  if (isDindImage(lower)) return 'dind';
  const ref = parseImageRef(lower);
  const repo = ref.repository;
  if (/kaniko.*executor/.test(repo) || repo === 'osscontainertools/kaniko') return 'kaniko';
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  if (last === 'buildkit') return /rootless/.test(ref.tag ?? '') ? 'buildkit-rootless' : 'buildkit';
  if (/(^|\/)buildah(\/|$)/.test(repo)) return 'buildah';
  return undefined;
}

export function containerBuilder(c: Container): Builder | undefined {
  return builderOf(c.image?.value);
}

/** Whether the pod builds images: it runs a recognised builder or a daemon, or mounts a runtime socket. */
export function isBuildPod(w: Workload): boolean {
  return w.containers.some((c) => containerBuilder(c) !== undefined) ||
    w.volumes.some((v) => v.hostPath !== undefined && isRuntimeSocketPath(v.hostPath.value));
}

/**
 * What makes a pod a build pod, in message words (`Kaniko (container "build")`, `a build with the
 * node's runtime socket (/var/run/docker.sock)`), and where a finding about a pod-level setting it
 * lacks goes: the builder container's name, else the socket's path. Undefined for other pods.
 */
export function buildPodSubject(w: Workload): { what: string; anchor: OffsetRange } | undefined {
  if (!isBuildPod(w)) return undefined;
  const builder = runningContainers(w).find((c) => containerBuilder(c) !== undefined);
  if (builder) {
    const role = builder.role === 'container' ? 'container' : builder.role;
    return { what: `${BUILDER_WORDS[containerBuilder(builder)!]} (${role} "${builder.name ?? '(unnamed)'}")`, anchor: containerAnchor(builder) };
  }
  const socket = w.volumes.find((v) => v.hostPath !== undefined && isRuntimeSocketPath(v.hostPath.value));
  // A builder that is only a stepTemplate's image runs in no container; the pod is still a build pod.
  if (!socket) return undefined;
  return { what: `a build with the node's runtime socket (${socket.hostPath!.value})`, anchor: socket.hostPath!.range };
}

/** The containers that run (a Tekton stepTemplate does not; its settings reach the steps). */
export function runningContainers(w: Workload): Container[] {
  return w.containers.filter((c) => c.role !== 'stepTemplate');
}

/** Where a finding about something a container leaves unset goes: its name, else its image, else its start. */
export function containerAnchor(c: Container): OffsetRange {
  return c.nameRange ?? c.image?.range ?? { start: c.range.start, end: c.range.start };
}

/** Message data naming a container and its workload. */
export function containerData(c: Container, w: Workload): Record<string, string> {
  return {
    container: c.name ?? '(unnamed)',
    role: CONTAINER_ROLE_WORDS[c.role],
    kind: w.kind,
    workload: w.name ?? '(unnamed)',
  };
}

/** Message data naming the containers a pod-level setting reaches. */
export function containersList(list: Container[]): string {
  return list.map((c) => `"${c.name ?? '(unnamed)'}"`).join(', ');
}

/** A capability name as Kubernetes compares it: upper case, without the `CAP_` prefix. */
export function capabilityName(value: string): string {
  return value.trim().toUpperCase().replace(/^CAP_/, '');
}
