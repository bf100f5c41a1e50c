// A container whose user is not pinned runs as the image's USER, which is root for most images: in
// the node's user namespace that is the node's UID 0, one kernel or runtime escape away from root
// on the node, and owner of every root-owned file a hostPath or misconfigured volume exposes.
import { containerAnchor, containerBuilder, containerData, containersList, runningContainers } from '../../model/facts/pod-security.js';
import type { Container, Workload } from '../../model/workload.js';
import { runAsNonRootFix } from '../../fixes/k8s/pod-security.js';
import { defineRule } from '../../rule.js';
import { editableYaml } from '../../model/workload.js';

const KANIKO_ADVICE =
  'Kaniko needs UID 0 inside its own container (it unpacks base images and runs RUN steps in its filesystem), not on the node: keep it, and set hostUsers: false on the pod so UID 0 inside maps to an unprivileged UID on the node.';

export default defineRule({
  id: 'k8s-run-as-root',
  scope: 'pod',
  severity: 'warning',
  docs: {
    description: 'Containers must not be able to run as root: runAsNonRoot: true or a non-zero runAsUser, at pod or container level.',
    checkov: ['CKV_K8S_23', 'CKV_K8S_6'],
    trivy: ['KSV-0012', 'KSV-0105'],
    kubeLinter: ['run-as-non-root'],
    podSecurityStandard: 'Restricted',
  },
  messages: {
    mayRunAsRoot:
      'The {role} "{container}" of {kind} "{workload}" may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set for it, so the image\'s user (often root) decides. Pod Security Restricted requires runAsNonRoot: true.',
    uidZero: '{subject} of {kind} "{workload}" runs as UID 0 (runAsUser: 0), which is root on the node unless the pod sets hostUsers: false.',
    overridesPod:
      'The {role} "{container}" of {kind} "{workload}" sets runAsNonRoot: false, overriding the pod\'s runAsNonRoot: true, so it may run as root.',
    explicitFalse:
      '{subject} of {kind} "{workload}" sets runAsNonRoot: false, which Pod Security Restricted rejects wherever it is written, although it runs as {users}. Set runAsNonRoot: true: the kubelet then only checks that the user is not UID 0.',
    kaniko: 'The {role} "{container}" of {kind} "{workload}" runs Kaniko as root. {advice}',
  },
  create(ctx) {
    const isKaniko = (c: Container) => containerBuilder(c) === 'kaniko';
    return {
      workload(w: Workload) {
        // Kaniko's UID 0 is its documented need; in a pod with its own user namespace it is not the node's root.
        const kanikoOk = (c: Container) => isKaniko(c) && w.hostUsers?.value === false;
        const zeroByRange = new Map<number, Container[]>();
        const falseByRange = new Map<number, Container[]>();
        for (const c of runningContainers(w)) {
          const user = c.runAsUser;
          const nonRoot = c.runAsNonRoot;
          if (user?.value === 0) {
            if (kanikoOk(c)) continue;
            if (user.from === 'container' && isKaniko(c)) {
              ctx.report({ messageId: 'kaniko', data: { ...containerData(c, w), advice: KANIKO_ADVICE }, ...user.range, severity: 'info' });
              continue;
            }
            zeroByRange.set(user.range.start, [...(zeroByRange.get(user.range.start) ?? []), c]);
            continue;
          }
          // A non-zero UID is not root, but an explicit runAsNonRoot: false still fails Restricted admission.
          if (nonRoot?.value === false && user !== undefined && user.value > 0) {
            falseByRange.set(nonRoot.range.start, [...(falseByRange.get(nonRoot.range.start) ?? []), c]);
            continue;
          }
          if (nonRoot?.value === true || (user !== undefined && user.value > 0)) continue;
          if (nonRoot?.value === false && nonRoot.from === 'container' && w.podSecurity?.runAsNonRoot?.value === true) {
            ctx.report({ messageId: isKaniko(c) ? 'kaniko' : 'overridesPod', data: { ...containerData(c, w), advice: KANIKO_ADVICE }, ...nonRoot.range, severity: isKaniko(c) ? 'info' : undefined });
            continue;
          }
          if (kanikoOk(c)) continue;
          if (isKaniko(c)) {
            ctx.report({ messageId: 'kaniko', data: { ...containerData(c, w), advice: KANIKO_ADVICE }, ...containerAnchor(c), severity: 'info' });
            continue;
          }
          ctx.report({ messageId: 'mayRunAsRoot', data: containerData(c, w), ...containerAnchor(c) });
        }
        for (const list of falseByRange.values()) {
          const first = list[0];
          const fact = first.runAsNonRoot!;
          const subject = fact.from === 'container'
            ? `The ${containerData(first, w).role} "${first.name ?? '(unnamed)'}"`
            : `The ${fact.from === 'pod' ? 'pod' : 'stepTemplate'} securityContext (for ${containersList(list)})`;
          const uids = [...new Set(list.map((c) => c.runAsUser!.value))];
          // Setting true is safe only where every container it reaches runs as a plain non-zero UID.
          const reached = runningContainers(w).filter((c) => c.runAsNonRoot?.range.start === fact.range.start);
          const safe = reached.every((c) => c.runAsUser !== undefined && Number.isInteger(c.runAsUser.value) && c.runAsUser.value > 0);
          ctx.report({
            messageId: 'explicitFalse',
            data: { ...containerData(first, w), subject, users: `${uids.length > 1 ? 'UIDs' : 'UID'} ${uids.join(', ')}` },
            ...fact.range,
            fix: safe ? runAsNonRootFix(editableYaml(ctx.file, w), fact.range) : undefined,
          });
        }
        for (const list of zeroByRange.values()) {
          const first = list[0];
          const fact = first.runAsUser!;
          const subject = fact.from === 'container'
            ? `The ${containerData(first, w).role} "${first.name ?? '(unnamed)'}"`
            : `The ${fact.from === 'pod' ? 'pod' : 'stepTemplate'} securityContext (for ${containersList(list)})`;
          const allKaniko = list.every(isKaniko);
          ctx.report({
            messageId: allKaniko ? 'kaniko' : 'uidZero',
            data: { ...containerData(first, w), subject, advice: KANIKO_ADVICE },
            ...fact.range,
            severity: allKaniko ? 'info' : undefined,
          });
        }
      },
    };
  },
});
