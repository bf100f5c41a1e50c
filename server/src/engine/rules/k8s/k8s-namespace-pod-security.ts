// Pod Security Admission only acts on namespaces that carry its labels: a namespace without an
// enforce label, or labelled privileged, admits privileged pods, host mounts and host namespaces,
// which is where a build pod's compromise turns into the node's.
import { namespaceLabelChoices, namespaceLabelFix } from '../../fixes/k8s/pod-security.js';
import { defineRule } from '../../rule.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const LEVELS = new Set(['privileged', 'baseline', 'restricted']);

export default defineRule({
  id: 'k8s-namespace-pod-security',
  scope: 'pod',
  severity: 'warning',
  docs: {
    description: 'Namespaces must enforce the baseline or restricted Pod Security Standard with the pod-security.kubernetes.io/enforce label.',
  },
  messages: {
    missing:
      'Namespace "{name}" has no pod-security.kubernetes.io/enforce label{others}, so Pod Security Admission admits any pod, privileged ones included. Label it pod-security.kubernetes.io/enforce: baseline or restricted.',
    privileged:
      'Namespace "{name}" enforces the privileged Pod Security Standard, which allows everything. Enforce baseline or restricted, and move what needs more to a namespace of its own.',
    invalid:
      'Namespace "{name}" sets pod-security.kubernetes.io/enforce to "{value}", which is not privileged, baseline or restricted (the values are case-sensitive). Set baseline or restricted.',
  },
  create(ctx) {
    return {
      resource(r) {
        if (r.kind !== 'Namespace') return;
        const name = r.name ?? '(unnamed)';
        const enforce = r.labels.find((l) => l.key === ENFORCE);
        if (!enforce) {
          const others = r.labels.filter((l) => /^pod-security\.kubernetes\.io\/(warn|audit)$/.test(l.key)).map((l) => l.key.split('/')[1]);
          const at = r.nameRange ?? r.kindRange;
          ctx.report({ messageId: 'missing', data: { name, others: others.length > 0 ? ` (only ${others.join(' and ')}, which do not block)` : '' }, ...at, alternativeFixes: namespaceLabelChoices(ctx.file, r) });
          return;
        }
        const value = enforce.value ?? '';
        const at = enforce.valueRange ?? enforce.keyRange;
        // Which level a namespace needs is the user's choice: restricted rejects the capabilities Kaniko
        // needs, baseline admits them. Only a miscased baseline or restricted says which level was meant.
        if (value === 'privileged') ctx.report({ messageId: 'privileged', data: { name }, ...at, alternativeFixes: namespaceLabelChoices(ctx.file, r) });
        else if (!LEVELS.has(value)) {
          const meant = value.trim().toLowerCase();
          const fix = meant === 'restricted' || meant === 'baseline' ? namespaceLabelFix(ctx.file, r, meant) : undefined;
          ctx.report({ messageId: 'invalid', data: { name, value }, ...at, fix, alternativeFixes: fix ? undefined : namespaceLabelChoices(ctx.file, r) });
        }
      },
    };
  },
});
