// A hostPath volume on the node's container-runtime socket lets the pod start any container on the
// node, privileged and with the host filesystem: it is root on the node without asking for it.
import { isRuntimeSocketPath } from '../../model/facts/sockets.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  id: 'k8s-docker-socket',
  scope: 'pod',
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
  create(ctx) {
    return {
      volume(v, w) {
        if (!v.hostPath || !isRuntimeSocketPath(v.hostPath.value)) return;
        const names = v.mountedBy.map((c) => c.name ?? '(unnamed)');
        ctx.report({
          messageId: /\.sock\/*$/.test(v.hostPath.value.trim()) ? 'socket' : 'socketDir',
          data: {
            volume: v.name,
            path: v.hostPath.value,
            containers: names.length > 0 ? names.join(', ') : 'none',
            kind: w.kind,
            workload: w.name ?? '(unnamed)',
          },
          ...v.hostPath.range,
          fix: ctx.rewriteOf(w),
        });
      },
    };
  },
});
