// Added capabilities hand root's powers back piece by piece: SYS_ADMIN is most of privileged (mount,
// namespaces, BPF), SYS_MODULE loads kernel code, SYS_PTRACE reads other processes' memory, NET_ADMIN
// rewrites the node's or pod's network, DAC_READ_SEARCH reads any file, ALL is every one of them.
import { capabilityName, containerBuilder, containerData } from '../../model/facts/pod-security.js';
import { defineRule } from '../../rule.js';

const DANGEROUS = new Set(['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'ALL']);
/** What Kaniko needs back after dropping ALL (GoogleContainerTools/kaniko#778, #1171; shipwright-io/build#93, #118). */
const KANIKO_NEEDS = new Set(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID']);

export default defineRule({
  id: 'k8s-dangerous-capability',
  scope: 'pod',
  severity: 'error',
  docs: {
    description: 'Containers must not add capabilities beyond NET_BIND_SERVICE; SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH and ALL are errors.',
    checkov: ['CKV_K8S_25', 'CKV_K8S_39', 'CKV_K8S_24'],
    trivy: ['KSV-0005', 'KSV-0022', 'KSV-0106', 'KSV-0119', 'KSV-0120'],
    podSecurityStandard: 'Restricted',
  },
  messages: {
    dangerous: 'The {role} "{container}" of {kind} "{workload}" adds {capability}, {why}.',
    notAllowed:
      'The {role} "{container}" of {kind} "{workload}" adds {capability}. Pod Security Restricted allows adding only NET_BIND_SERVICE.',
    kaniko:
      'The {role} "{container}" of {kind} "{workload}" adds {capability}, which Kaniko needs to build (its documented set after dropping ALL is CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID). Pod Security Restricted allows none of them: run Kaniko in a namespace enforcing Baseline, which allows these five.',
  },
  create(ctx) {
    const WHY: Record<string, string> = {
      SYS_ADMIN: 'which is close to privileged: mounts, namespaces and most of the kernel\'s administrative calls',
      NET_ADMIN: 'which lets it reconfigure interfaces, routes and firewall rules',
      SYS_PTRACE: 'which lets it trace and read the memory of other processes it can see',
      SYS_MODULE: 'which lets it load kernel modules: code in the node\'s kernel',
      DAC_READ_SEARCH: 'which lets it read any file and open files by handle outside its mounts',
      ALL: 'which grants every capability, as privileged does',
    };
    return {
      container(c, w) {
        // A stepTemplate's list is reported on the template; steps inheriting it are not repeated.
        if (c.role !== 'stepTemplate' && c.capabilitiesAddFrom === 'stepTemplate') return;
        const data = containerData(c, w);
        const kanikoNeeds = containerBuilder(c) === 'kaniko' ? c.capabilitiesAdd.filter((cap) => KANIKO_NEEDS.has(capabilityName(cap.value))) : [];
        if (kanikoNeeds.length > 0) {
          // One finding for the set Kaniko needs, not one per capability.
          ctx.report({ messageId: 'kaniko', data: { ...data, capability: kanikoNeeds.map((cap) => cap.value).join(', ') }, ...kanikoNeeds[0].range, severity: 'info' });
        }
        for (const cap of c.capabilitiesAdd) {
          if (kanikoNeeds.includes(cap)) continue;
          const name = capabilityName(cap.value);
          if (name === 'NET_BIND_SERVICE') continue;
          if (DANGEROUS.has(name)) {
            ctx.report({ messageId: 'dangerous', data: { ...data, capability: cap.value, why: WHY[name] }, ...cap.range });
          } else {
            ctx.report({ messageId: 'notAllowed', data: { ...data, capability: cap.value }, ...cap.range, severity: 'warning' });
          }
        }
      },
    };
  },
});
