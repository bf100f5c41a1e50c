// Every pod gets its service account's API token mounted at /var/run/secrets/kubernetes.io/serviceaccount
// unless it opts out. In a build pod every build step can read it: Kaniko runs the Dockerfile's RUN
// steps in its own container, a Docker daemon's builds reach the node, so the code being built (a
// merge request's Dockerfile included) holds the pod's Kubernetes API identity. A build needs none.
import { automountTokenFix } from '../../fixes/k8s/pod-security.js';
import { buildPodSubject } from '../../model/facts/pod-security.js';
import { defineRule } from '../../rule.js';
import { editableYaml } from '../../model/workload.js';

const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

export default defineRule({
  id: 'k8s-automount-service-account-token',
  scope: 'pod',
  severity: 'warning',
  docs: {
    description: 'Build pods should not mount a service account token: automountServiceAccountToken: false on the pod spec or on its ServiceAccount.',
    checkov: ['CKV_K8S_38'],
    trivy: ['KSV-0036'],
    kubeLinter: ['automount-service-account-token'],
  },
  messages: {
    mounted:
      `{kind} "{workload}" runs {builder} with the token of service account "{account}" mounted at ${TOKEN_PATH}: every build step can read it and call the Kubernetes API as that account. Set automountServiceAccountToken: false on the pod spec (or on the ServiceAccount); a build needs no API access.`,
    explicit:
      `{kind} "{workload}" runs {builder} and sets automountServiceAccountToken: true, so every build step can read the token of service account "{account}" at ${TOKEN_PATH} and call the Kubernetes API as that account. Set it to false; a build needs no API access.`,
  },
  create(ctx) {
    return {
      workload(w) {
        // A Tekton Task or Pipeline has no pod-level fields of its own: the TaskRun or PipelineRun that runs it decides.
        if (w.dialect === 'tekton' && !w.kind.endsWith('Run')) return;
        const own = w.automountServiceAccountToken;
        // The pod's own field wins over its ServiceAccount's.
        if (own?.value === false) return;
        if (own === undefined && w.serviceAccountAutomount === false) return;
        const subject = buildPodSubject(w);
        if (!subject) return;
        const data = { builder: subject.what, kind: w.kind, workload: w.name ?? '(unnamed)', account: w.serviceAccountName?.value ?? 'default' };
        const fix = automountTokenFix(editableYaml(ctx.file, w), w);
        if (own?.value === true) ctx.report({ messageId: 'explicit', data, ...own.range, fix });
        else ctx.report({ messageId: 'mounted', data, ...(w.serviceAccountName?.range ?? subject.anchor), fix });
      },
    };
  },
});
