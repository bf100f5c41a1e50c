// Without a USER instruction the container runs as the base image's default user, which is root for
// almost every image: the implicit root that reviews miss.
import { defineRule } from '../../rule.js';
import { dockerfileModel, effectiveUser, rootStage, shippedStage } from '../../model/dockerfile.js';

/** Images whose default user is documented as non-root. */
export function isKnownNonRootImage(image: string): boolean {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const name = colon > slash ? ref.slice(0, colon) : ref;
  const tag = colon > slash ? ref.slice(colon + 1) : '';
  if (/^(?:gcr\.io|[a-z-]+\.gcr\.io)\/distroless\//.test(name)) return tag.split('-').includes('nonroot');
  // Chainguard images run as a non-root user, except the wolfi-base starter image.
  if (name.startsWith('cgr.dev/chainguard/')) return !name.endsWith('/wolfi-base');
  return false;
}

export default defineRule({
  id: 'df-missing-user',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'The final stage never sets USER, so the container runs as the base image default user, usually root.',
    checkov: ['CKV_DOCKER_3'],
    trivy: ['DS-0002'],
  },
  messages: {
    missing: 'The final stage never sets USER, so it runs as the default user of {image} (usually root); add USER with an unprivileged user.',
    nonRootBase: 'The final stage never sets USER; {image} defaults to a non-root user, but an explicit USER keeps that visible and enforced.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    const final = shippedStage(model, ctx.options.dockerfileTarget);
    if (!final || !final.image || effectiveUser(final)) return;
    const base = rootStage(final).image;
    const image = base ? base.resolved ?? base.raw : final.image.raw;
    const nonRoot = base?.resolved ? isKnownNonRootImage(base.resolved) : false;
    ctx.report({
      messageId: nonRoot ? 'nonRootBase' : 'missing',
      data: { image },
      start: final.image.range.start,
      end: final.image.range.end,
      ...(nonRoot ? { severity: 'info' as const } : {}),
    });
  },
});
