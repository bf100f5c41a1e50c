// Unless allowPrivilegeEscalation is false, the kernel's no_new_privs flag is off: a setuid binary or
// a file capability in the image (sudo, su, ping, newuidmap) lifts a process above the privileges
// the container started with, which turns a foothold as an unprivileged user into root.
import { capabilityName, containerAnchor, containerBuilder, containerData, runningContainers } from '../../model/facts/pod-security.js';
import { allowPrivilegeEscalationFix } from '../../fixes/k8s/pod-security.js';
import { defineRule } from '../../rule.js';
import { editableYaml } from '../../model/workload.js';

export default defineRule({
  id: 'k8s-allow-privilege-escalation',
  scope: 'pod',
  severity: 'warning',
  docs: {
    description: 'Containers must set securityContext.allowPrivilegeEscalation: false.',
    checkov: ['CKV_K8S_20', 'CKV_K8S_5'],
    trivy: ['KSV-0001'],
    kubeLinter: ['privilege-escalation-container'],
    podSecurityStandard: 'Restricted',
  },
  messages: {
    unset:
      'The {role} "{container}" of {kind} "{workload}" does not set allowPrivilegeEscalation: false, and Kubernetes defaults it to true: setuid binaries and file capabilities can raise its privileges. Pod Security Restricted requires false.',
    allowed: 'The {role} "{container}" of {kind} "{workload}" sets allowPrivilegeEscalation: true. Pod Security Restricted requires false.',
    forced:
      'The {role} "{container}" of {kind} "{workload}" {reason}, which always allows privilege escalation whatever allowPrivilegeEscalation says (and the API server rejects allowPrivilegeEscalation: false beside it).',
    buildkitRootless:
      'The {role} "{container}" of {kind} "{workload}" runs rootless BuildKit, which needs privilege escalation: its newuidmap and newgidmap helpers are setuid and fail under allowPrivilegeEscalation: false (moby/buildkit#1671). Allow it on this container only and set allowPrivilegeEscalation: false on every other container of the pod.',
  },
  create(ctx) {
    return {
      container(c, w) {
        if (c.role === 'stepTemplate' && c.allowPrivilegeEscalation?.value !== true) return;
        const data = containerData(c, w);
        const sysAdmin = c.capabilitiesAdd.find((cap) => capabilityName(cap.value) === 'SYS_ADMIN');
        if (c.privileged?.value === true || sysAdmin) {
          const reason = c.privileged?.value === true ? 'runs privileged' : `adds ${sysAdmin!.value}`;
          // k8s-privileged reports the privileged flag; this finding sits on what the author wrote for escalation, else on the cause.
          const at = c.allowPrivilegeEscalation?.from === 'container' ? c.allowPrivilegeEscalation.range : (sysAdmin?.range ?? c.privileged!.range);
          ctx.report({ messageId: 'forced', data: { ...data, reason }, ...at });
          return;
        }
        const ape = c.allowPrivilegeEscalation;
        if (ape?.value === false) return;
        if (containerBuilder(c) === 'buildkit-rootless') {
          ctx.report({ messageId: 'buildkitRootless', data, ...(ape?.range ?? containerAnchor(c)), severity: 'info' });
          return;
        }
        if (ape?.value === true) {
          // A step inheriting the stepTemplate's true is reported once, on the template's value.
          if (ape.from === 'stepTemplate') return;
          ctx.report({ messageId: 'allowed', data, ...ape.range, fix: allowPrivilegeEscalationFix(editableYaml(ctx.file, w), c) });
          return;
        }
        if (c.role === 'stepTemplate') return;
        ctx.report({ messageId: 'unset', data, ...containerAnchor(c), fix: allowPrivilegeEscalationFix(editableYaml(ctx.file, w), c) });
      },
    };
  },
});
