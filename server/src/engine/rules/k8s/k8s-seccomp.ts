// Without a seccomp profile a container may make every system call the kernel offers, including
// the rarely used ones most container escapes go through (unshare, keyctl, bpf, userfaultfd);
// RuntimeDefault blocks them at no cost to ordinary workloads, Unconfined switches the filter off.
import { containerAnchor, containerBuilder, containerData, containersList, runningContainers } from '../../model/facts/pod-security.js';
import type { Container } from '../../model/workload.js';
import { podSeccompFix } from '../../fixes/k8s/pod-security.js';
import { defineRule } from '../../rule.js';
import { editableYaml } from '../../model/workload.js';

export default defineRule({
  id: 'k8s-seccomp',
  scope: 'pod',
  severity: 'warning',
  docs: {
    description: 'Every container must run under a RuntimeDefault or Localhost seccomp profile, set at pod or container level, never Unconfined.',
    checkov: ['CKV_K8S_31', 'CKV_K8S_32'],
    trivy: ['KSV-0030', 'KSV-0104'],
    podSecurityStandard: 'Restricted',
  },
  messages: {
    unset:
      'The {role} "{container}" of {kind} "{workload}" has no seccomp profile (neither it nor the pod sets seccompProfile), so it may make any system call. Pod Security Restricted requires RuntimeDefault or Localhost.',
    unconfined:
      '{subject} of {kind} "{workload}" sets the seccomp profile to Unconfined{via}, which turns system-call filtering off. Pod Security Baseline forbids it.',
    unknown: '{subject} of {kind} "{workload}" sets the seccomp profile "{value}"{via}, which is not RuntimeDefault, Localhost or Unconfined.',
    buildkitRootless:
      'The {role} "{container}" of {kind} "{workload}" runs rootless BuildKit with seccomp Unconfined{via}, which BuildKit documents as needed to create its own namespaces (docs/rootless.md). Keep Unconfined on this container only; set RuntimeDefault for the pod and its other containers.',
  },
  create(ctx) {
    return {
      workload(w) {
        const byRange = new Map<string, Container[]>();
        for (const c of runningContainers(w)) {
          const profile = c.seccompProfile;
          if (!profile) {
            ctx.report({ messageId: 'unset', data: containerData(c, w), ...containerAnchor(c), fix: podSeccompFix(editableYaml(ctx.file, w), w) });
            continue;
          }
          if (profile.value === 'RuntimeDefault' || profile.value === 'Localhost') continue;
          const key = `${profile.range.start}:${profile.range.end}`;
          byRange.set(key, [...(byRange.get(key) ?? []), c]);
        }
        for (const list of byRange.values()) {
          const first = list[0];
          const profile = first.seccompProfile!;
          const via = profile.annotation ? ` (annotation ${profile.annotation})` : '';
          const data: Record<string, string> = { ...containerData(first, w), via, value: profile.value };
          const subject = profile.from === 'container'
            ? `The ${data.role} "${data.container}"`
            : `The ${profile.from === 'pod' ? 'pod' : 'stepTemplate'} seccomp profile (for ${containersList(list)})`;
          if (profile.value !== 'Unconfined') {
            ctx.report({ messageId: 'unknown', data: { ...data, subject }, ...profile.range });
          } else if (profile.from === 'container' && containerBuilder(first) === 'buildkit-rootless') {
            ctx.report({ messageId: 'buildkitRootless', data, ...profile.range, severity: 'info' });
          } else {
            ctx.report({ messageId: 'unconfined', data: { ...data, subject }, ...profile.range });
          }
        }
      },
    };
  },
});
