// The upstream executor, gcr.io/kaniko-project/executor, was archived on 2025-06-03 (last release
// v1.24.0): its base images and Go dependencies get no more security fixes. Maintained forks publish
// the same executor, flags and image variants under their own names.
import { parseImageRef } from '../../model/facts/images.js';
import { executorImages, type ExecutorImage } from '../../model/facts/kaniko.js';
import { DEFAULT_KANIKO_IMAGE, resolveKanikoImage } from '../../rewrite/builders/kaniko.js';
import { defineRule } from '../../rule.js';
import type { FixOutcome, LintOptions } from '../../types.js';

const TITLE = 'Switch to the maintained Kaniko image';

export function isArchivedUpstream(image: string): boolean {
  const ref = parseImageRef(image.toLowerCase());
  return ref.registry !== undefined && /^([a-z0-9-]+\.)?gcr\.io$/.test(ref.registry) && ref.repository === 'kaniko-project/executor';
}

/** The variant a tag selects: '' (the plain executor), 'debug' or 'slim'; undefined when the tag names something else. */
export function variantOf(tag: string | undefined): string | undefined {
  if (tag === undefined) return '';
  const t = tag.toLowerCase();
  if (t === 'latest') return '';
  const m = /^(?:(debug|slim)|(debug|slim)-v?\d[\w.]*|v?\d[\w.]*?(?:-(debug|slim))?)$/.exec(t);
  if (!m) return undefined;
  return m[1] ?? m[2] ?? m[3] ?? '';
}

/** The configured image in the variant of `image`, or why it cannot be given. */
export function maintainedImageFor(image: string, options: LintOptions): { image: string } | { reason: string } {
  const configured = resolveKanikoImage(options);
  if ('reason' in configured) return configured;
  if (isArchivedUpstream(configured.image)) return { reason: `the configured Kaniko image '${configured.image}' is the archived upstream image; set daemonless.kaniko.image to a maintained one such as ${DEFAULT_KANIKO_IMAGE}` };
  const variant = variantOf(parseImageRef(image).tag);
  if (variant === undefined) return { reason: `the tag of '${image}' names no executor variant this fix knows (plain, debug, slim)` };
  const target = configured.image;
  const ref = parseImageRef(target);
  const targetVariant = variantOf(ref.tag);
  if (targetVariant === variant) return { image: target };
  const version = /^(v?\d[\w.]*?)(?:-(?:debug|slim))?$/i.exec(ref.tag ?? '');
  if (ref.digest !== undefined || !version) {
    return { reason: `the configured Kaniko image '${target}' is the ${targetVariant || 'plain'} variant and pinned in a way this fix cannot change, while this container uses the ${variant || 'plain'} variant` };
  }
  const name = target.slice(0, target.length - (ref.tag ?? '').length - 1);
  return { image: `${name}:${version[1]}${variant ? `-${variant}` : ''}` };
}

function switchImage(text: string, image: ExecutorImage, options: LintOptions): FixOutcome {
  if (!image.editable) {
    return { type: 'refusal', title: TITLE, reason: 'the image is not written here as it runs (it comes from a parameter default or a variable); change it where it is set' };
  }
  const target = maintainedImageFor(image.value, options);
  if ('reason' in target) return { type: 'refusal', title: TITLE, reason: target.reason };
  const raw = text.slice(image.range.start, image.range.end);
  const start = image.range.start + raw.indexOf(image.value);
  return {
    type: 'fix',
    title: `${TITLE} ${target.image}`,
    kind: 'rewrite',
    edits: [{ start, end: start + image.value.length, text: target.image }],
    notes: ['The maintained fork keeps the executor\'s flags; some defaults differ by version (see its changelog), such as --skip-unused-stages.'],
  };
}

export default defineRule({
  id: 'kaniko-executor-archived',
  scope: 'any',
  severity: 'info',
  docs: {
    description: 'The upstream Kaniko image gcr.io/kaniko-project/executor is archived; use a maintained fork.',
  },
  messages: {
    archived:
      'The Kaniko executor image "{image}" is the upstream gcr.io/kaniko-project/executor, archived in June 2025 (last release v1.24.0): it gets no more fixes, security ones included. Use a maintained fork such as {example}.',
  },
  create(ctx) {
    return {
      workload(w) {
        for (const image of executorImages(w, ctx.file.text)) {
          if (!isArchivedUpstream(image.value)) continue;
          const suggested = maintainedImageFor(image.value, ctx.options);
          const example = 'image' in suggested ? suggested.image : DEFAULT_KANIKO_IMAGE;
          ctx.report({ messageId: 'archived', data: { image: image.value, example }, ...image.range, fix: () => switchImage(ctx.file.text, image, ctx.options) });
        }
      },
    };
  },
});
