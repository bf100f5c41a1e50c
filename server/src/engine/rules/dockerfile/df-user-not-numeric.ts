// Kubernetes checks `runAsNonRoot` against the image's numeric UID: a user name cannot be verified
// without reading the image's /etc/passwd, so the kubelet refuses to start the pod.
import { defineRule } from '../../rule.js';
import { dockerfileModel, effectiveUser, shippedStage } from '../../model/dockerfile.js';

export default defineRule({
  id: 'df-user-not-numeric',
  targets: ['dockerfile'],
  severity: 'info',
  docs: {
    description: 'The final stage\'s USER is a name rather than a numeric UID, which Kubernetes runAsNonRoot cannot verify.',
    hadolint: ['DL3066'],
  },
  messages: {
    name: 'USER {user} is a name: Kubernetes runAsNonRoot can only verify a numeric UID; use the UID (for example USER 10001:10001).',
  },
  check(ctx) {
    const final = shippedStage(dockerfileModel(ctx.file), ctx.options.dockerfileTarget);
    if (!final) return;
    const user = effectiveUser(final);
    // Root is df-user-root's finding; an unknown value (a build argument) is never judged.
    if (!user || !user.user || user.isRoot !== false || /^\d+$/.test(user.user)) return;
    ctx.report({ messageId: 'name', data: { user: user.user }, start: user.range.start, end: user.range.end });
  },
});
