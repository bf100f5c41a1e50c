// A container keeps the runtime's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID,
// SETGID, NET_RAW, KILL, …) unless it drops them: root in it can bypass file permissions, change
// owners and forge packets, and every kernel bug behind one of them stays reachable.
import { capabilityName, containerAnchor, containerBuilder, containerData, runningContainers } from '../../model/facts/pod-security.js';
import { dropAllFix } from '../../fixes/k8s/pod-security.js';
import { defineRule } from '../../rule.js';
import { editableYaml } from '../../model/workload.js';


export default defineRule({
  id: 'k8s-capabilities-drop-all',
  scope: 'pod',
  severity: 'warning',
  docs: {
    description: 'Containers must drop all capabilities (capabilities.drop: [ALL]) and add back only what they need.',
    checkov: ['CKV_K8S_37', 'CKV_K8S_28'],
    trivy: ['KSV-0003', 'KSV-0004'],
    kubeLinter: ['drop-net-raw-capability'],
    podSecurityStandard: 'Restricted',
  },
  messages: {
    noDrop:
      'The {role} "{container}" of {kind} "{workload}" drops no capabilities, so it keeps the runtime\'s defaults (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW, …). Pod Security Restricted requires capabilities.drop: [ALL].',
    lacksAll:
      'The {role} "{container}" of {kind} "{workload}" drops {dropped} but not ALL, so it keeps the other default capabilities. Pod Security Restricted requires capabilities.drop: [ALL].',
    kaniko:
      'The {role} "{container}" of {kind} "{workload}" runs Kaniko and does not drop ALL capabilities. Kaniko needs CHOWN, DAC_OVERRIDE, FOWNER, SETUID and SETGID to unpack base images and run RUN steps as other users (GoogleContainerTools/kaniko#778); drop ALL and add back only those five.',
  },
  create(ctx) {
    return {
      workload(w) {
        for (const c of w.containers) {
          const drop = c.capabilitiesDrop;
          if (drop.items.some((d) => capabilityName(d.value) === 'ALL')) continue;
          // A stepTemplate's list is reported once, on the template; steps that inherit it are not repeated.
          if (c.role === 'stepTemplate' ? drop.from === undefined : drop.from === 'stepTemplate') continue;
          const data = containerData(c, w);
          if (containerBuilder(c) === 'kaniko') {
            ctx.report({ messageId: 'kaniko', data, ...(drop.range ?? containerAnchor(c)), severity: 'info' });
            continue;
          }
          if (drop.from !== undefined) {
            const dropped = drop.items.map((d) => d.value).join(', ') || 'nothing';
            ctx.report({ messageId: 'lacksAll', data: { ...data, dropped }, ...drop.range!, fix: dropAllFix(editableYaml(ctx.file, w), c) });
            continue;
          }
          if (runningContainers(w).includes(c)) ctx.report({ messageId: 'noDrop', data, ...containerAnchor(c), fix: dropAllFix(editableYaml(ctx.file, w), c) });
        }
      },
    };
  },
});
