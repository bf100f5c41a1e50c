// A hostPath volume puts a directory of the node inside the pod: writable, it lets the pod plant
// files the node executes or reads (cron, kubelet config, binaries); even read-only, it exposes
// other pods' data, credentials and logs. Runtime sockets are k8s-docker-socket's, reported there.
import { containersList } from '../../model/facts/pod-security.js';
import { isRuntimeSocketPath } from '../../model/facts/sockets.js';
import { defineRule } from '../../rule.js';

/** Node directories whose exposure hands over the node (kube-linter's sensitive-host-mounts list, plus the kubelet's and root's). */
const SENSITIVE = ['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/root', '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/var/log'];

function normalise(path: string): string {
  const trimmed = path.trim().replace(/\/+/g, '/');
  return trimmed.length > 1 ? trimmed.replace(/\/$/, '') : trimmed;
}

function isSensitiveHostPath(path: string): boolean {
  const p = normalise(path);
  return SENSITIVE.some((s) => p === s || (s !== '/' && p.startsWith(s + '/')));
}

export default defineRule({
  id: 'k8s-host-path',
  scope: 'pod',
  severity: 'warning',
  docs: {
    description: 'Pods must not mount directories of the node through hostPath volumes.',
    trivy: ['KSV-0023', 'KSV-0121'],
    kubeLinter: ['sensitive-host-mounts', 'writable-host-mount'],
    podSecurityStandard: 'Baseline',
  },
  messages: {
    hostPath:
      'Volume "{volume}" of {kind} "{workload}" mounts the node directory {path} (mounted by: {containers}{access}). Pod Security Baseline forbids hostPath volumes; use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim.',
    sensitive:
      'Volume "{volume}" of {kind} "{workload}" mounts the node directory {path} (mounted by: {containers}{access}), which holds the node\'s system files or other pods\' data: a way to take over the node. Pod Security Baseline forbids hostPath volumes.',
  },
  create(ctx) {
    return {
      volume(v, w) {
        if (!v.hostPath || isRuntimeSocketPath(v.hostPath.value)) return;
        const mounts = v.mountedBy.flatMap((c) => c.volumeMounts.filter((m) => m.name === v.name));
        const writable = mounts.some((m) => !m.readOnly);
        const sensitive = isSensitiveHostPath(v.hostPath.value);
        ctx.report({
          messageId: sensitive ? 'sensitive' : 'hostPath',
          data: {
            volume: v.name,
            path: v.hostPath.value,
            containers: v.mountedBy.length > 0 ? containersList(v.mountedBy) : 'none',
            access: mounts.length === 0 ? '' : writable ? ', writable' : ', read-only',
            kind: w.kind,
            workload: w.name ?? '(unnamed)',
          },
          ...v.hostPath.range,
          severity: sensitive && writable ? 'error' : undefined,
        });
      },
    };
  },
});
