// PodSecurityPolicy was removed in Kubernetes 1.25: a cluster ignores the object (or rejects the
// manifest), so the policy it describes protects nothing while reviewers believe it does. Pod
// Security Admission labels on the namespace are its replacement.
import type { PodSecurityPolicyFacts } from '../../model/workload.js';
import { capabilityName } from '../../model/facts/pod-security.js';
import { defineRule } from '../../rule.js';

/** Capabilities Pod Security Baseline allows adding (the runtimes' default set). */
const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/** The Pod Security Standards level a policy's settings correspond to, and the first setting that decides it. */
function levelOf(p: PodSecurityPolicyFacts): { level: 'privileged' | 'baseline' | 'restricted'; reason: string } {
  const caps = [...p.allowedCapabilities, ...p.defaultAddCapabilities].map((c) => capabilityName(c.value));
  const volumes = p.volumes.map((v) => v.value);
  if (p.privileged?.value) return { level: 'privileged', reason: 'it allows privileged containers' };
  for (const f of ['hostPID', 'hostIPC', 'hostNetwork'] as const) if (p[f]?.value) return { level: 'privileged', reason: `it allows ${f}` };
  if (p.hostPorts) return { level: 'privileged', reason: 'it allows host ports' };
  const extra = caps.find((c) => c === '*' || !BASELINE_CAPS.has(c));
  if (extra) return { level: 'privileged', reason: `it allows adding ${extra}` };
  if (volumes.includes('*') || volumes.includes('hostPath')) return { level: 'privileged', reason: 'it allows hostPath volumes' };
  if (p.seccompAllowedProfiles?.some((s) => s === '*' || s === 'unconfined')) return { level: 'privileged', reason: 'it allows seccomp unconfined' };
  if (p.allowPrivilegeEscalation?.value !== false) return { level: 'baseline', reason: 'it does not forbid privilege escalation' };
  if (!p.requiredDropCapabilities.some((c) => capabilityName(c.value) === 'ALL')) return { level: 'baseline', reason: 'it does not require dropping ALL capabilities' };
  if (caps.some((c) => c !== 'NET_BIND_SERVICE')) return { level: 'baseline', reason: 'it allows adding capabilities beyond NET_BIND_SERVICE' };
  const rule = p.runAsUserRule?.value;
  if (!(rule === 'MustRunAsNonRoot' || (rule === 'MustRunAs' && p.runAsUserNonZeroRanges))) return { level: 'baseline', reason: 'it does not require a non-root user' };
  if (volumes.length === 0 || volumes.some((v) => !RESTRICTED_VOLUMES.has(v))) return { level: 'baseline', reason: 'it allows volume types beyond the restricted list' };
  return { level: 'restricted', reason: 'it requires everything the restricted level does' };
}

export default defineRule({
  id: 'k8s-psp-removed',
  scope: 'pod',
  severity: 'warning',
  docs: {
    description: 'PodSecurityPolicy objects do nothing since Kubernetes 1.25; enforce the Pod Security Standards with namespace labels instead.',
    checkov: ['CKV_K8S_1', 'CKV_K8S_2', 'CKV_K8S_3', 'CKV_K8S_4', 'CKV_K8S_5', 'CKV_K8S_6', 'CKV_K8S_7'],
    trivy: ['KSV-0107'],
  },
  messages: {
    removed:
      'PodSecurityPolicy "{name}" was removed in Kubernetes 1.25 and protects nothing. Its settings correspond to the {level} Pod Security Standard ({reason}): label the namespaces it covered with pod-security.kubernetes.io/enforce: {level}.',
    removedPrivileged:
      'PodSecurityPolicy "{name}" was removed in Kubernetes 1.25 and protects nothing. Its settings correspond to the privileged Pod Security Standard ({reason}), which enforces nothing: label the namespaces it covered with pod-security.kubernetes.io/enforce: baseline (or restricted) and exempt only what needs more.',
  },
  create(ctx) {
    return {
      resource(r) {
        if (r.kind !== 'PodSecurityPolicy' || !r.podSecurityPolicy) return;
        const { level, reason } = levelOf(r.podSecurityPolicy);
        ctx.report({ messageId: level === 'privileged' ? 'removedPrivileged' : 'removed', data: { name: r.name ?? '(unnamed)', level, reason }, ...r.kindRange });
      },
    };
  },
});
