// A Docker-in-Docker daemon only starts in a privileged container, so every job that uses one runs
// with root on the runner host and can reach other jobs. Kaniko, rootless BuildKit or Buildah
// build the same images without a daemon.
import { isDindImage, startsDockerDaemon } from '../../model/facts/images.js';
import { CONTAINER_ROLE_WORDS, containerWhere, jobWords, type Container } from '../../model/workload.js';
import { defineRule } from '../../rule.js';
import type { Severity } from '../../types.js';

type MessageId = 'dind' | 'dindInherited' | 'dindTemplate' | 'dindPod' | 'daemon' | 'hostDaemon';

/** Rootless DinD still needs seccomp/AppArmor relaxed, but not a privileged container: information only. */
function severityFor(image: string): Severity | undefined {
  return /rootless/i.test(image) ? 'info' : undefined;
}

/**
 * Roles whose container runs its image's own entrypoint unless overridden (a job's image and steps run
 * scripts): services and sidecars; a pod's containers when privileged too (without it, `docker:<version>`
 * with no command is more often a client written without its command than a daemon).
 */
const SERVICE_ROLES = new Set<Container['role']>(['service', 'sidecar']);
const POD_ROLES = new Set<Container['role']>(['container', 'initContainer']);

/** The image of a container that runs a Docker daemon: a dind image, or `docker:<version>` started as a daemon. */
function dindImage(c: Container): string | undefined {
  const image = c.image?.value;
  if (image === undefined) return undefined;
  if (isDindImage(image)) return image;
  const started = (SERVICE_ROLES.has(c.role) || (POD_ROLES.has(c.role) && c.privileged?.value === true)) &&
    startsDockerDaemon(image, c.entrypoint.map((f) => f.value), c.command.map((f) => f.value));
  return started ? image : undefined;
}

export default defineRule<MessageId>({
  id: 'ci-dind-service',
  scope: 'any',
  // A job with two inherited DinD services gets a finding for each at its key.
  dedupe: 'none',
  severity: 'warning',
  docs: {
    description:
      'CI jobs and build pods should not run a Docker-in-Docker daemon; build images with Kaniko, rootless BuildKit or Buildah instead.',
  },
  messages: {
    dind: '{Kind} "{job}" runs a Docker-in-Docker daemon ({image}) as a service, which needs a privileged container on the {host}.',
    dindInherited:
      '{Kind} "{job}" gets a Docker-in-Docker service ({image}) from {inheritedFrom}, which needs a privileged container on the {host}.',
    dindTemplate:
      '"{job}" declares a Docker-in-Docker service ({image}); every {kind} that uses it needs a privileged container on the {host}.',
    daemon: 'The {where} of {kind} "{job}" runs a Docker daemon inside its container ({image}) and so runs privileged: {reason}.',
    hostDaemon:
      '{Kind} "{job}" uses {daemon}. That is not a privileged Docker-in-Docker service, but the build still depends on a daemon; Kaniko, rootless BuildKit or Buildah need none.',
    dindPod:
      'The {role} "{container}" of {kind} "{workload}" runs a Docker-in-Docker daemon ({image}), which needs a privileged container.',
  },
  create(ctx) {
    // Service declarations some concrete job runs: a template declaring them is covered by that job's finding.
    const used = new Set<unknown>();
    // A platform daemon set for many workloads at one place (a global option) is reported once.
    const hostDaemons = new Set<string>();
    return {
      workload(w) {
        const d = w.hostDaemon;
        if (!d || w.scope !== 'job' || hostDaemons.has(`${d.range.start}:${d.range.end}`)) return;
        hostDaemons.add(`${d.range.start}:${d.range.end}`);
        ctx.report({ messageId: 'hostDaemon', data: { ...jobWords(w), daemon: d.value }, ...d.range, severity: 'info' });
      },
      container(c, w) {
        if (c.daemon && w.scope === 'job') {
          const data = { ...jobWords(w), where: containerWhere(c), image: c.image?.value ?? '', reason: c.daemon.value };
          ctx.report({ messageId: 'daemon', data, ...c.daemon.range, fix: ctx.rewriteOf(w) });
        }
        const image = dindImage(c);
        if (image === undefined) return;
        if (w.scope === 'pod') {
          const data = {
            role: CONTAINER_ROLE_WORDS[c.role],
            container: c.name ?? '(unnamed)',
            kind: w.kind,
            workload: w.name ?? '(unnamed)',
            image,
          };
          ctx.report({ messageId: 'dindPod', data, ...c.image!.range, severity: severityFor(image), fix: ctx.rewriteOf(w) });
          return;
        }
        if (c.role !== 'service') return;
        const words = jobWords(w);
        if (!w.template) {
          used.add(c.declaration);
          const own = c.origin === undefined;
          const at = own ? c.range : w.keyRange;
          const data = { ...words, image, inheritedFrom: c.origin ?? '' };
          ctx.report({ messageId: own ? 'dind' : 'dindInherited', data, ...at, severity: severityFor(image), fix: ctx.rewriteOf(w) });
          return;
        }
        if (c.origin !== undefined || used.has(c.declaration)) return;
        used.add(c.declaration);
        const data = { ...words, image, inheritedFrom: '' };
        ctx.report({ messageId: 'dindTemplate', data, ...c.range, severity: severityFor(image), fix: ctx.rewriteOf(w) });
      },
    };
  },
});
