// A floating executor tag (`latest`, `debug`, none at all) moves with every release: the same job
// builds with a different builder from one day to the next, and whoever controls the tag controls
// what runs with the job's registry credentials. The upstream README's examples use these tags.
import { parseImageRef } from '../../model/facts/images.js';
import { executorImages } from '../../model/facts/kaniko.js';
import { DEFAULT_KANIKO_IMAGE, resolveKanikoImage } from '../../rewrite/builders/kaniko.js';
import { defineRule } from '../../rule.js';

/** Tags the Kaniko projects move with each release. */
const FLOATING = new Set(['latest', 'debug', 'slim', 'alpine', 'warmer', 'bootstrap']);

export default defineRule({
  id: 'kaniko-executor-unpinned',
  scope: 'any',
  severity: 'warning',
  docs: {
    description: 'The Kaniko executor image must be pinned to a version or a digest, not latest, a bare debug or no tag.',
    checkov: ['CKV_K8S_14'],
    trivy: ['KSV-0013'],
    kubeLinter: ['latest-tag'],
  },
  messages: {
    untagged:
      'The Kaniko executor image "{image}" has no tag, so it pulls latest, which moves with every release. Pin a version such as {example}, or a digest.',
    floating:
      'The Kaniko executor image "{image}" uses the floating tag "{tag}", which moves with every release. Pin a version such as {example}, or a digest.',
  },
  create(ctx) {
    const resolved = resolveKanikoImage(ctx.options);
    const example = 'image' in resolved ? resolved.image : DEFAULT_KANIKO_IMAGE;
    return {
      workload(w) {
        for (const image of executorImages(w, ctx.file.text)) {
          const ref = parseImageRef(image.value);
          if (ref.digest !== undefined) continue;
          if (ref.tag === undefined) ctx.report({ messageId: 'untagged', data: { image: image.value, example }, ...image.range });
          else if (FLOATING.has(ref.tag.toLowerCase())) ctx.report({ messageId: 'floating', data: { image: image.value, tag: ref.tag, example }, ...image.range });
        }
      },
    };
  },
});
