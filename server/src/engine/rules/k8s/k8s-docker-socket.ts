// A hostPath volume on the node's container-runtime socket lets the pod start any container on the
// node, privileged and with the host filesystem: it is root on the node without asking for it.
import { daemonPodRewrite } from '../../fixes/kaniko/index.js';
import { podSpecs } from '../../model/k8s/pod-spec.js';
import { isRuntimeSocketPath } from '../../model/container-facts.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  id: 'k8s-docker-socket',
  targets: ['k8s'],
  severity: 'error',
  docs: {
    description: 'Pods must not mount a container-runtime socket (docker, containerd, cri-o, buildkitd, podman) from the host.',
    checkov: ['CKV_K8S_27'],
    trivy: ['KSV-0006'],
    kubeLinter: ['docker-sock', 'container-runtime-sock'],
  },
  messages: {
    socket:
      'Volume "{volume}" of {kind} "{workload}" mounts the host\'s runtime socket {path} (mounted by: {containers}), which gives the pod root on the node.',
    socketDir:
      'Volume "{volume}" of {kind} "{workload}" mounts the host directory {path}, which holds the runtime socket (mounted by: {containers}) and gives the pod root on the node.',
  },
  check(ctx) {
    for (const pod of podSpecs(ctx.file)) {
      const fix = daemonPodRewrite(ctx.file, pod, ctx.options);
      for (const volume of pod.volumes) {
        if (volume.hostPath === undefined || volume.hostPathRange === undefined) continue;
        if (!isRuntimeSocketPath(volume.hostPath)) continue;
        const names = volume.mountedBy.map((c) => c.name ?? '(unnamed)');
        ctx.report({
          messageId: /\.sock\/*$/.test(volume.hostPath.trim()) ? 'socket' : 'socketDir',
          data: {
            volume: volume.name,
            path: volume.hostPath,
            containers: names.length > 0 ? names.join(', ') : 'none',
            kind: pod.kind,
            workload: pod.name ?? '(unnamed)',
          },
          start: volume.hostPathRange.start,
          end: volume.hostPathRange.end,
          fix,
        });
      }
    }
  },
});
