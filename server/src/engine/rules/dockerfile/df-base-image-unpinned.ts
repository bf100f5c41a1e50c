// An untagged or :latest image is whatever the registry serves today: builds stop being reproducible
// and a compromised or breaking upstream push flows straight into the image.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';

/** 'untagged' or 'latest' for an image reference that is not pinned, else null. */
export function unpinnedKind(image: string): 'untagged' | 'latest' | null {
  const ref = image.trim();
  if (ref === '' || ref.includes('@') || ref.toLowerCase() === 'scratch') return null;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon <= slash) return 'untagged';
  return ref.slice(colon + 1) === 'latest' ? 'latest' : null;
}

export default defineRule({
  id: 'df-base-image-unpinned',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'A base image (FROM or COPY --from) has no tag or uses :latest, so the build changes whenever upstream pushes.',
    hadolint: ['DL3006', 'DL3007'],
    checkov: ['CKV_DOCKER_7'],
    trivy: ['DS-0001'],
  },
  messages: {
    untagged: 'Image "{image}" has no tag, so it resolves to :latest and changes without notice; pin a version tag or a digest.',
    latest: 'Image "{image}" uses the :latest tag, which changes without notice; pin a version tag or a digest.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    const seen: { start: number; end: number; image: string }[] = [];
    for (const stage of model.stages) {
      if (stage.image && !stage.parent && stage.image.resolved !== null) {
        seen.push({ start: stage.image.range.start, end: stage.image.range.end, image: stage.image.resolved });
      }
      for (const copy of stage.copyFroms) {
        if (!copy.stage && copy.resolved !== null && !/^\d+$/.test(copy.resolved)) seen.push({ start: copy.range.start, end: copy.range.end, image: copy.resolved });
      }
    }
    for (const { start, end, image } of seen) {
      const kind = unpinnedKind(image);
      if (kind) ctx.report({ messageId: kind, data: { image }, start, end });
    }
  },
});
