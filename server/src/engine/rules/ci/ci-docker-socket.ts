// A job that reaches the host's Docker (or containerd, cri-o, podman) socket can start a privileged
// container with the host filesystem mounted: root on the runner, and access to every other job
// on it. Kaniko builds and pushes without any daemon.
import { kanikoRewrite } from '../../fixes/kaniko/index.js';
import { isRuntimeSocketPath } from '../../model/container-facts.js';
import { containerRuns, optionWords, parseContainerArgs, volumeHostPath } from '../../model/ci/container-args.js';
import { ciModel, jobsConcreteFirst } from '../../model/ci/index.js';
import { scalarLocator } from '../../model/ci/nodes.js';
import type { CiJob, CiScalar, CiVariable } from '../../model/ci/types.js';
import { defineRule } from '../../rule.js';
import type { OffsetRange } from '../../types.js';

/** The socket path of `DOCKER_HOST=unix://…` when it names a runtime socket. */
function unixSocketPath(value: string): string | undefined {
  const m = /^unix:\/\/(\/.*)$/i.exec(value.trim());
  return m && isRuntimeSocketPath(m[1]) ? m[1] : undefined;
}

export default defineRule({
  id: 'ci-docker-socket',
  targets: ['gitlab-ci', 'github-actions'],
  severity: 'error',
  docs: {
    description: 'CI jobs must not reach the host container-runtime socket (docker.sock, containerd, cri-o, podman).',
  },
  messages: {
    volume: 'Job "{job}" mounts the host container-runtime socket {path}, which gives it root on the runner.',
    options: 'The {where} of job "{job}" mounts the host container-runtime socket {path}, which gives it root on the runner.',
    dockerHost: 'Job "{job}" talks to the host container runtime through {path}, which gives it root on the runner.',
    dockerHostGlobal: 'Every job talks to the host container runtime through {path}, which gives them root on the runner.',
    runMount: 'A "{tool} run" in job "{job}" mounts the host container-runtime socket {path} into a container.',
  },
  check(ctx) {
    const model = ciModel(ctx.file);
    if (!model) return;
    const text = ctx.file.text;
    const system = model.system;
    const seen = new Set<string>();
    const report = (
      messageId: 'volume' | 'options' | 'dockerHost' | 'dockerHostGlobal' | 'runMount',
      range: OffsetRange,
      data: Record<string, string>,
      job: CiJob | undefined,
    ) => {
      const key = `${messageId}:${range.start}:${range.end}`;
      if (seen.has(key)) return;
      seen.add(key);
      ctx.report({
        messageId,
        data,
        start: range.start,
        end: range.end,
        fix: job ? () => kanikoRewrite(ctx.file, { system, job: job.name }, ctx.options) : undefined,
      });
    };
    const locator = (value: string, range: OffsetRange) => scalarLocator(text, value, range);
    const dockerHost = (v: CiVariable, job: CiJob | undefined) => {
      if (v.name !== 'DOCKER_HOST' || v.value === undefined) return;
      const path = unixSocketPath(v.value);
      if (!path) return;
      const range = v.valueRange ?? v.keyRange;
      if (job) report('dockerHost', range, { job: job.name, path }, job);
      else report('dockerHostGlobal', range, { path }, undefined);
    };
    const volumes = (list: CiScalar[], job: CiJob) => {
      for (const volume of list) {
        const host = volumeHostPath(volume.value);
        if (host !== undefined && isRuntimeSocketPath(host)) report('volume', volume.range, { job: job.name, path: host }, job);
      }
    };
    const options = (opts: CiScalar | undefined, where: string, job: CiJob) => {
      if (!opts) return;
      const locate = locator(opts.value, opts.range);
      for (const mount of parseContainerArgs(optionWords(opts.value), false).socketMounts) {
        report('options', locate(mount.token), { job: job.name, where, path: mount.hostPath }, job);
      }
    };

    for (const job of jobsConcreteFirst(model)) {
      for (const v of job.variables) dockerHost(v, job);
      for (const step of job.steps) for (const v of step.env) dockerHost(v, job);
      for (const v of job.container?.variables ?? []) dockerHost(v, job);
      volumes(job.volumes, job);
      options(job.containerOptions, 'job container', job);
      for (const service of job.services) {
        volumes(service.volumes, job);
        options(service.options, `service "${service.alias ?? service.image}"`, job);
      }
      for (const script of job.scripts) {
        const locate = locator(script.text, script.range);
        for (const run of containerRuns(script)) {
          for (const mount of run.args.socketMounts) {
            report('runMount', locate(mount.token), { job: job.name, tool: run.tool, path: mount.hostPath }, job);
          }
        }
      }
    }
    for (const v of model.variables) dockerHost(v, undefined);
  },
});
