// Kaniko exists to build images without privileges and without a daemon: a Kaniko container that
// runs privileged or mounts the node's runtime socket hands the build root on the host anyway, and
// neither is something Kaniko needs.
import { containerRuns, optionWords, parseContainerArgs } from '../../model/facts/container-args.js';
import { scalarLocator, trimRange } from '../../parse/yaml-nodes.js';
import { isKanikoImage } from '../../model/facts/kaniko.js';
import { isRuntimeSocketPath } from '../../model/facts/sockets.js';
import { volumeHostPath } from '../../model/facts/container-args.js';
import { CONTAINER_ROLE_WORDS, containerWhere, editableYaml } from '../../model/workload.js';
import type { Container, Workload } from '../../model/workload.js';
import { removePrivilegedFix } from '../../fixes/k8s/pod-security.js';
import { defineRule } from '../../rule.js';

function where(c: Container, w: Workload): string {
  return w.scope === 'job' ? `${containerWhere(c)} of ${w.noun ?? 'job'} "${w.name ?? '(unnamed)'}"` : `${CONTAINER_ROLE_WORDS[c.role]} "${c.name ?? '(unnamed)'}" of ${w.kind} "${w.name ?? '(unnamed)'}"`;
}

export default defineRule({
  id: 'kaniko-privileged',
  scope: 'any',
  severity: 'error',
  docs: {
    description: 'A Kaniko container must not run privileged or mount the container-runtime socket: Kaniko needs neither.',
    checkov: ['CKV_K8S_16', 'CKV_K8S_27'],
    trivy: ['KSV-0017', 'KSV-0006'],
    kubeLinter: ['privileged-container', 'docker-sock'],
  },
  messages: {
    privileged:
      'The Kaniko {where} runs privileged, which gives the build root on the host and defeats the point of Kaniko: it builds without privileges. Remove privileged.',
    socket:
      'The Kaniko {where} mounts the runtime socket {path}, which gives the build root on the host and defeats the point of Kaniko: it builds without a daemon. Remove the mount.',
    run: 'A "{tool} run" of the Kaniko image {image} {how}, which gives the build root on the host and defeats the point of Kaniko: it needs neither.',
  },
  create(ctx) {
    const text = ctx.file.text;
    return {
      workload(w) {
        for (const c of w.containers) {
          if (!isKanikoImage(c.image?.value)) continue;
          if (c.privileged?.value === true) ctx.report({ messageId: 'privileged', data: { where: where(c, w) }, ...c.privileged.range, fix: w.scope === 'pod' ? removePrivilegedFix(editableYaml(ctx.file, w), c) : undefined });
          for (const v of w.volumes) {
            if (!v.hostPath || !isRuntimeSocketPath(v.hostPath.value) || !v.mountedBy.includes(c)) continue;
            for (const m of c.volumeMounts.filter((m) => m.name === v.name)) ctx.report({ messageId: 'socket', data: { where: where(c, w), path: v.hostPath.value }, ...trimRange(text, m.range) });
          }
          for (const b of c.bindMounts) {
            const host = volumeHostPath(b.value);
            if (host !== undefined && isRuntimeSocketPath(host)) ctx.report({ messageId: 'socket', data: { where: where(c, w), path: host }, ...b.range });
          }
          if (c.runtimeOptions) {
            const locate = scalarLocator(text, c.runtimeOptions.value, c.runtimeOptions.range);
            const args = parseContainerArgs(optionWords(c.runtimeOptions.value), false);
            for (const flag of args.privileged) ctx.report({ messageId: 'privileged', data: { where: where(c, w) }, ...locate(flag) });
            for (const m of args.socketMounts) ctx.report({ messageId: 'socket', data: { where: where(c, w), path: m.hostPath }, ...locate(m.token) });
          }
        }
        for (const s of w.scripts) {
          const locate = scalarLocator(text, s.text, s.range);
          for (const run of containerRuns(s)) {
            const image = run.args.image?.value;
            if (!isKanikoImage(image)) continue;
            for (const flag of run.args.privileged) ctx.report({ messageId: 'run', data: { tool: run.tool, image: image!, how: `runs privileged (${flag})` }, ...locate(flag) });
            for (const m of run.args.socketMounts) ctx.report({ messageId: 'run', data: { tool: run.tool, image: image!, how: `mounts the runtime socket ${m.hostPath}` }, ...locate(m.token) });
          }
        }
      },
    };
  },
});
