// A pod in the node's PID, IPC or network namespace sees and signals the node's processes, reads
// their shared memory, or listens on and reaches the node's own interfaces and local-only services
// (the kubelet, cloud metadata): the container boundary no longer separates it from the node.
import { defineRule } from '../../rule.js';

const WHAT: Record<string, string> = {
  hostPID: "the node's process namespace: it sees every process on the node and can signal or trace them",
  hostIPC: "the node's IPC namespace: it can read and write the shared memory of the node's processes",
  hostNetwork: "the node's network namespace: it binds the node's ports and reaches services that listen only on the node",
};

export default defineRule({
  id: 'k8s-host-namespaces',
  scope: 'pod',
  severity: 'error',
  docs: {
    description: 'Pods must not share the node\'s PID, IPC or network namespace (hostPID, hostIPC, hostNetwork).',
    checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'],
    trivy: ['KSV-0008', 'KSV-0009', 'KSV-0010'],
    kubeLinter: ['host-pid', 'host-ipc', 'host-network'],
    podSecurityStandard: 'Baseline',
  },
  messages: {
    hostNamespace: '{kind} "{workload}" sets {field}: true, so its containers share {what}. Pod Security Baseline forbids it.',
  },
  create(ctx) {
    return {
      workload(w) {
        for (const field of ['hostPID', 'hostIPC', 'hostNetwork'] as const) {
          const fact = w[field];
          if (fact?.value !== true) continue;
          ctx.report({
            messageId: 'hostNamespace',
            data: { field, what: WHAT[field], kind: w.kind, workload: w.name ?? '(unnamed)' },
            ...fact.range,
          });
        }
      },
    };
  },
});
