// A privileged container has every capability and the host's devices: escaping to the node is one
// mount away. Docker-in-Docker is the usual reason build pods ask for it; Kaniko needs none of it.
import { daemonPodRewrite } from '../../fixes/kaniko/index.js';
import { CONTAINER_ROLE_WORDS, podSpecs } from '../../model/k8s/pod-spec.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  id: 'k8s-privileged',
  targets: ['k8s'],
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
  check(ctx) {
    for (const pod of podSpecs(ctx.file)) {
      const fix = daemonPodRewrite(ctx.file, pod, ctx.options);
      for (const container of pod.containers) {
        if (container.privileged?.value !== true) continue;
        ctx.report({
          messageId: container.role === 'stepTemplate' ? 'privilegedStepTemplate' : 'privileged',
          data: {
            container: container.name ?? '(unnamed)',
            role: CONTAINER_ROLE_WORDS[container.role],
            kind: pod.kind,
            workload: pod.name ?? '(unnamed)',
          },
          start: container.privileged.range.start,
          end: container.privileged.range.end,
          fix,
        });
      }
    }
  },
});
