// ADD also downloads URLs and unpacks local archives; used for plain files it hides which of those the
// author meant, and a later rename to `.tar` silently changes what lands in the image. COPY only copies.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionsOf, type InstructionView } from '../../parse/dockerfile-instructions.js';
import type { FixOutcome } from '../../types.js';

/** Names ADD unpacks (tar, optionally compressed with gzip, bzip2, xz or zstd) or may (a bare compressed file). */
const ARCHIVE = /\.(?:tar|tgz|tbz2?|txz|tzst|taz|tz|gz|bz2|xz|zst|lz|lzma|z)$/i;
/** Flags COPY accepts as well; any other (--checksum, --keep-git-dir, --unpack) is ADD-only. */
const SHARED_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude', 'parents']);

function isRemote(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^git@/.test(source) || /\.git(?:#|$)/.test(source);
}

/** Why ADD may be meant, or null for plain local files and folders. */
function addOnly(sources: string[]): boolean {
  return sources.some((s) => s === '' || isRemote(s) || ARCHIVE.test(s) || s.includes('$') || s.startsWith('<<'));
}

function toCopy(add: InstructionView): FixOutcome {
  const title = 'Replace ADD with COPY';
  const other = [...add.flags.keys()].filter((f) => !SHARED_FLAGS.has(f));
  if (other.length > 0) return { type: 'refusal', title, reason: `--${other[0]} is a flag of ADD that COPY does not have.` };
  // A glob may match an archive that ADD would unpack; only a glob that names a non-archive file type is safe.
  const sources = add.words.slice(0, -1).map((w) => w.value);
  const risky = sources.find((s) => /[*?[]/.test(s) && !/\.[A-Za-z0-9]+$/.test(s));
  if (risky) return { type: 'refusal', title, reason: `"${risky}" may match an archive, which ADD unpacks and COPY does not.` };
  const keyword = add.instruction.getInstruction();
  const text = keyword === keyword.toLowerCase() ? 'copy' : 'COPY';
  return { type: 'fix', title, kind: 'quickfix', edits: [{ start: add.keywordRange.start, end: add.keywordRange.end, text }] };
}

export default defineRule({
  id: 'df-add-instead-of-copy',
  targets: ['dockerfile'],
  severity: 'info',
  docs: {
    description: 'ADD copies plain local files or folders, where COPY says the same thing without ADD\'s download and unpack behaviour.',
    hadolint: ['DL3020'],
    checkov: ['CKV_DOCKER_4'],
    trivy: ['DS-0005'],
  },
  messages: {
    add: 'ADD copies {source}, a local file or folder: use COPY, which does not download URLs or unpack archives.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    for (const add of instructionsOf(ctx.file, model, ['ADD'])) {
      if (add.words.length < 2) continue;
      const sources = add.words.slice(0, -1).map((w) => w.value);
      if (addOnly(sources)) continue;
      // The COPY equivalent of `ADD --checksum` does not exist: a checksum means ADD is meant.
      if (add.flags.has('checksum')) continue;
      ctx.report({
        messageId: 'add',
        data: { source: sources.length > 1 ? `${sources[0]} (and ${sources.length - 1} more)` : sources[0] },
        start: add.keywordRange.start,
        end: add.range.end,
        fix: () => toCopy(add),
      });
    }
  },
});
