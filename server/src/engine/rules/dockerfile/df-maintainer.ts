// MAINTAINER has been deprecated since Docker 1.13: tools read the author from the OCI label
// `org.opencontainers.image.authors`, and BuildKit warns on every build that uses it.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionsOf, type InstructionView } from '../../parse/dockerfile-instructions.js';
import type { ParsedFile } from '../../parsed-file.js';
import type { FixOutcome } from '../../types.js';

export const AUTHORS_LABEL = 'org.opencontainers.image.authors';

function toLabel(file: ParsedFile, escape: string, m: InstructionView): FixOutcome {
  const title = `Replace MAINTAINER with LABEL ${AUTHORS_LABEL}`;
  if (!m.stage) return { type: 'refusal', title, reason: 'MAINTAINER is written before the first FROM, where LABEL is not allowed.' };
  const args = m.words.length > 0 ? file.text.slice(m.words[0].start, m.words[m.words.length - 1].end) : '';
  if (args === '') return { type: 'refusal', title, reason: 'MAINTAINER names no one.' };
  // LABEL values are quoted and substituted: only text that means the same inside "…" is moved as is.
  if (/["$\\\r\n`]/.test(args) || args.includes(escape)) {
    return { type: 'refusal', title, reason: 'The maintainer text has quotes, variables, escapes or line breaks; write the LABEL by hand.' };
  }
  return {
    type: 'fix',
    title,
    kind: 'quickfix',
    edits: [{ start: m.keywordRange.start, end: m.words[m.words.length - 1].end, text: `LABEL ${AUTHORS_LABEL}="${args}"` }],
  };
}

export default defineRule({
  id: 'df-maintainer',
  targets: ['dockerfile'],
  severity: 'info',
  docs: {
    description: 'MAINTAINER is deprecated; the author belongs in the org.opencontainers.image.authors label.',
    hadolint: ['DL4000'],
    checkov: ['CKV_DOCKER_6'],
    trivy: ['DS-0022'],
  },
  messages: {
    maintainer: 'MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors="…" instead.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    for (const m of instructionsOf(ctx.file, model, ['MAINTAINER'])) {
      ctx.report({ messageId: 'maintainer', start: m.keywordRange.start, end: m.keywordRange.end, fix: () => toLabel(ctx.file, model.escape, m) });
    }
  },
});
