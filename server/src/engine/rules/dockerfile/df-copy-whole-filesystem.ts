// `COPY --from=build / /` moves a whole root filesystem into the shipped image: compilers, package
// caches, shells and whatever secrets the build stage held, the very things a multi-stage build exists
// to leave behind.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionsOf, shippedStages } from '../../parse/dockerfile-instructions.js';

const ROOT = new Set(['/', '/.', '/*']);

export default defineRule({
  id: 'df-copy-whole-filesystem',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'The shipped image copies the whole filesystem of another stage or image (COPY --from=x / /).',
    hadolint: ['DL3067'],
  },
  messages: {
    whole: 'COPY --from={from} / / copies the whole filesystem of {from} into the shipped image, build tools and build secrets included; copy only the paths it needs.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    const shipped = shippedStages(model, ctx.options.dockerfileTarget);
    for (const copy of instructionsOf(ctx.file, model, ['COPY'])) {
      const from = copy.flags.get('from');
      if (!from || !copy.stage || !shipped.has(copy.stage) || copy.words.length < 2) continue;
      const sources = copy.words.slice(0, -1).map((w) => w.value);
      const dest = copy.words[copy.words.length - 1].value;
      if (!ROOT.has(dest.replace(/\/+$/, '/')) || !sources.some((s) => ROOT.has(s))) continue;
      ctx.report({ messageId: 'whole', data: { from }, start: copy.keywordRange.start, end: copy.range.end });
    }
  },
});
