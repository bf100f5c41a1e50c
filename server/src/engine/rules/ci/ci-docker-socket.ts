// A job that reaches the host's Docker (or containerd, cri-o, podman) socket can start a privileged
// container with the host filesystem mounted: root on the runner, and access to every other job
// on it. Kaniko builds and pushes without any daemon.
import { containerRuns, optionWords, parseContainerArgs, volumeHostPath } from '../../model/facts/container-args.js';
import { scalarLocator } from '../../parse/yaml-nodes.js';
import { isRuntimeSocketPath } from '../../model/facts/sockets.js';
import { CONTAINER_ROLE_WORDS, containerWhere, jobWords } from '../../model/workload.js';
import { defineRule } from '../../rule.js';

/** The socket path of `DOCKER_HOST=unix://…` when it names a runtime socket. */
function unixSocketPath(value: string): string | undefined {
  const m = /^unix:\/\/(\/.*)$/i.exec(value.trim());
  return m && isRuntimeSocketPath(m[1]) ? m[1] : undefined;
}

export default defineRule({
  id: 'ci-docker-socket',
  scope: 'any',
  severity: 'error',
  docs: {
    description: 'CI jobs must not reach the host container-runtime socket (docker.sock, containerd, cri-o, podman).',
  },
  messages: {
    volume: '{Kind} "{job}" mounts the host container-runtime socket {path} into its {where}, which gives it root on the {host}.',
    options: 'The {where} of {kind} "{job}" mounts the host container-runtime socket {path}, which gives it root on the {host}.',
    dockerHost: '{Kind} "{job}" talks to the host container runtime through {path}, which gives it root on the {host}.',
    dockerHostGlobal: 'Every job talks to the host container runtime through {path}, which gives them root on the runner.',
    runnerSocket:
      'The runner mounts its host\'s container-runtime socket {path} into the {where} of {kind} "{job}" (the file writes no such mount), and the {kind}\'s steps use it: they drive the daemon of the runner\'s host, so any step can start a privileged container there, which is root on a machine the runner\'s other jobs share.',
    runMount: 'A "{tool} run" in {kind} "{job}" mounts the host container-runtime socket {path} into a container.',
    runMountInPod:
      'A "{tool} run" in the {role} "{container}" of {kind} "{workload}" mounts the host container-runtime socket {path} into a container.',
  },
  create(ctx) {
    const text = ctx.file.text;
    return {
      env(v, w, c) {
        // The variable reaches the job's scripts: set for the workload or its own container, not a service's.
        if (v.name !== 'DOCKER_HOST' || v.value === undefined || (c && c.role !== 'job')) return;
        const path = unixSocketPath(v.value);
        if (!path) return;
        const at = v.valueRange ?? v.nameRange;
        if (w) ctx.report({ messageId: 'dockerHost', data: { ...jobWords(w), path }, ...at, fix: ctx.rewriteOf(w) });
        else ctx.report({ messageId: 'dockerHostGlobal', data: { path }, ...at });
      },
      container(c, w) {
        const words = jobWords(w);
        for (const mount of c.bindMounts) {
          const host = volumeHostPath(mount.value);
          if (host === undefined || !isRuntimeSocketPath(host)) continue;
          ctx.report({ messageId: 'volume', data: { ...words, where: containerWhere(c), path: host }, ...mount.range, fix: ctx.rewriteOf(w) });
        }
        if (c.runnerSocket) {
          const data = { ...words, where: containerWhere(c), path: c.runnerSocket.value };
          ctx.report({ messageId: 'runnerSocket', data, ...c.runnerSocket.range, fix: ctx.rewriteOf(w) });
        }
        if (c.runtimeOptions) {
          const locate = scalarLocator(text, c.runtimeOptions.value, c.runtimeOptions.range);
          for (const mount of parseContainerArgs(optionWords(c.runtimeOptions.value), false).socketMounts) {
            const data = { ...words, where: containerWhere(c), path: mount.hostPath };
            ctx.report({ messageId: 'options', data, ...locate(mount.token), fix: ctx.rewriteOf(w) });
          }
        }
      },
      script(s, w) {
        const locate = scalarLocator(text, s.text, s.range);
        for (const run of containerRuns(s)) {
          for (const mount of run.args.socketMounts) {
            const at = locate(mount.token);
            const fix = ctx.rewriteOf(w);
            if (w.scope === 'job') {
              ctx.report({ messageId: 'runMount', data: { ...jobWords(w), tool: run.tool, path: mount.hostPath }, ...at, fix });
            } else {
              const data = {
                tool: run.tool,
                path: mount.hostPath,
                role: CONTAINER_ROLE_WORDS[s.runsIn.role],
                container: s.runsIn.name ?? '(unnamed)',
                kind: w.kind,
                workload: w.name ?? '(unnamed)',
              };
              ctx.report({ messageId: 'runMountInPod', data, ...at, fix });
            }
          }
        }
      },
    };
  },
});
