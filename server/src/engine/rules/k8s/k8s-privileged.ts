// A privileged container has every capability and the host's devices: escaping to the node is one
// mount away. Docker-in-Docker is the usual reason build pods ask for it; Kaniko needs none of it.
import { CONTAINER_ROLE_WORDS } from '../../model/workload.js';
import { removePrivilegedFix } from '../../fixes/k8s/pod-security.js';
import { containerBuilder } from '../../model/facts/pod-security.js';
import type { Container } from '../../model/workload.js';
import { defineRule } from '../../rule.js';
import { editableYaml } from '../../model/workload.js';

function needsPrivileged(c: Container): boolean {
  const builder = containerBuilder(c);
  return builder !== undefined && builder !== 'kaniko';
}

export default defineRule({
  id: 'k8s-privileged',
  scope: 'pod',
  severity: 'error',
  docs: {
    description: 'Containers, init containers, ephemeral containers and Tekton steps or sidecars must not run privileged.',
    checkov: ['CKV_K8S_16'],
    trivy: ['KSV-0017'],
    kubeLinter: ['privileged-container'],
  },
  messages: {
    privileged: 'The {role} "{container}" of {kind} "{workload}" runs privileged, which gives it root on the node.',
    privilegedStepTemplate:
      'The stepTemplate of {kind} "{workload}" makes every step run privileged, which gives them root on the node.',
  },
  create(ctx) {
    return {
      container(c, w) {
        if (c.privileged?.value !== true) return;
        ctx.report({
          messageId: c.role === 'stepTemplate' ? 'privilegedStepTemplate' : 'privileged',
          data: {
            container: c.name ?? '(unnamed)',
            role: CONTAINER_ROLE_WORDS[c.role],
            kind: w.kind,
            workload: w.name ?? '(unnamed)',
          },
          ...c.privileged.range,
          // A Docker daemon's pod gets the Kaniko rewrite; other privileged containers lose the flag,
          // except builders other than Kaniko, which often need it (gitlab-org/gitlab-runner#38957).
          fix: ctx.rewriteOf(w) ?? (needsPrivileged(c) ? undefined : removePrivilegedFix(editableYaml(ctx.file, w), c)),
        });
      },
    };
  },
});
