// Build pods run as root inside their containers (Kaniko must) or run a daemon; in the node's user
// namespace that UID 0 is the node's root, so one escape from the build is root on the node.
// `hostUsers: false` gives the pod its own user namespace: UID 0 inside maps to an unprivileged UID
// on the node, and capabilities granted to the pod stop at its namespace.
import { buildPodSubject } from '../../model/facts/pod-security.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  id: 'k8s-host-users',
  scope: 'pod',
  severity: 'info',
  docs: {
    description: 'Build pods should run in their own user namespace (hostUsers: false), which cannot be combined with host namespaces.',
  },
  messages: {
    missing:
      '{kind} "{workload}" runs {builder} in the node\'s user namespace, where a container\'s UIDs are the node\'s: root in a build container is root on the node once it escapes. Set hostUsers: false (Kubernetes 1.33+ with a runtime that supports user namespaces) so UID 0 inside maps to an unprivileged UID on the node.',
    conflict:
      '{kind} "{workload}" sets hostUsers: false together with {field}: true, which Kubernetes rejects: a pod in its own user namespace cannot share the node\'s {namespace} namespace.',
  },
  create(ctx) {
    return {
      workload(w) {
        const hostUsers = w.hostUsers;
        if (hostUsers?.value === false) {
          for (const [field, namespace] of [['hostPID', 'PID'], ['hostIPC', 'IPC'], ['hostNetwork', 'network']] as const) {
            const shared = w[field];
            if (shared?.value !== true) continue;
            ctx.report({
              messageId: 'conflict',
              data: { field, namespace, kind: w.kind, workload: w.name ?? '(unnamed)' },
              ...shared.range,
              severity: 'error',
            });
          }
          return;
        }
        const subject = buildPodSubject(w);
        if (!subject) return;
        ctx.report({ messageId: 'missing', data: { builder: subject.what, kind: w.kind, workload: w.name ?? '(unnamed)' }, ...(hostUsers?.range ?? subject.anchor) });
      },
    };
  },
});
