// The image that ships carries everything its base carries: the full Debian-based language images
// bring compilers, headers and hundreds of packages that a running app never uses, and each of them is
// attack surface and scanner noise. Only Docker Hub's official images whose slim variant is published
// for the same tags are named, and only for tags whose slim spelling is certain; anything else
// (variables, vendor images, `-apache`, `-onbuild`) stays quiet rather than guess a tag.
import { defineRule } from '../../rule.js';
import { dockerfileModel, shippedStage, type Stage } from '../../model/dockerfile.js';
import { parseImageRef, registryName } from '../../model/facts/images.js';

/** Debian release names used in official image tags. */
const DEBIAN_CODENAMES = new Set(['jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky']);

/** Where an image puts `slim` relative to the Debian codename: python:3.12-slim-bookworm, node:20-bookworm-slim. */
type SlimStyle = 'slim-codename' | 'codename-slim';

/** Official images with a published slim variant for their version tags. */
const SLIM_IMAGES: Record<string, SlimStyle> = {
  python: 'slim-codename',
  ruby: 'slim-codename',
  perl: 'slim-codename',
  node: 'codename-slim',
};

/**
 * Official images that are toolchains: in the shipped stage they mean the compiler ships too. The
 * usual answer is a build stage with the toolchain and a minimal stage for the result.
 */
const TOOLCHAIN_IMAGES = new Set(['golang', 'rust', 'gcc', 'maven', 'gradle', 'buildpack-deps']);

const VERSION = /^\d+(\.\d+)*$/;

/** The slim tag for a full tag of `image`, or null when the slim spelling is not certain. */
export function slimTag(image: string, tag: string | undefined): string | null {
  const style = image === 'debian' ? 'debian' : SLIM_IMAGES[image];
  if (!style) return null;
  if (tag === undefined || tag === 'latest') return style === 'debian' ? 'stable-slim' : 'slim';
  if (style === 'debian') {
    if (DEBIAN_CODENAMES.has(tag) || VERSION.test(tag) || tag === 'stable' || tag === 'testing') return `${tag}-slim`;
    return null;
  }
  if (VERSION.test(tag)) return `${tag}-slim`;
  if (DEBIAN_CODENAMES.has(tag)) return style === 'slim-codename' ? `slim-${tag}` : `${tag}-slim`;
  const m = /^(\d+(?:\.\d+)*)-([a-z]+)$/.exec(tag);
  if (m && DEBIAN_CODENAMES.has(m[2])) return style === 'slim-codename' ? `${m[1]}-slim-${m[2]}` : `${m[1]}-${m[2]}-slim`;
  return null;
}

/** The official Docker Hub image name (`python` for `python`, `library/python`, `docker.io/library/python`), else null. */
function officialName(registry: string | undefined, repository: string): string | null {
  if (registry !== undefined && registryName(registry) !== 'docker.io') return null;
  const name = repository.toLowerCase().replace(/^library\//, '');
  return name.includes('/') ? null : name;
}

/** The stage whose base comes from a registry: the shipped stage, or the stage it is built on. */
function externalBase(stage: Stage): Stage {
  let s = stage;
  for (let guard = 0; s.parent && guard < 1000; guard++) s = s.parent;
  return s;
}

export default defineRule({
  id: 'df-non-minimal-base',
  targets: ['dockerfile'],
  severity: 'info',
  docs: {
    description: 'The shipped stage is based on a full language or toolchain image where a slim variant or a minimal runtime stage fits.',
  },
  messages: {
    slim: 'The shipped image is based on {image}, the full variant with compilers, headers and many packages the app does not run; {suggestion} ships the same runtime with far less to patch (keep the full image in a build stage if a step needs a compiler).',
    toolchain: 'The shipped image is based on {image}, a build toolchain: build in an earlier stage and copy the result onto a minimal base (distroless, a slim image or scratch), so the compiler does not ship.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    const shipped = shippedStage(model, ctx.options.dockerfileTarget);
    if (!shipped) return;
    const base = externalBase(shipped);
    const image = base.image;
    if (!image || image.resolved === null) return;
    const ref = parseImageRef(image.resolved);
    if (ref.digest !== undefined && ref.tag === undefined) return;
    const name = officialName(ref.registry, ref.repository);
    if (name === null) return;
    const tag = ref.tag?.toLowerCase();
    if (TOOLCHAIN_IMAGES.has(name)) {
      ctx.report({ messageId: 'toolchain', data: { image: image.resolved }, start: image.range.start, end: image.range.end });
      return;
    }
    const slim = slimTag(name, tag);
    if (slim === null) return;
    const suggestion = `${image.resolved.replace(/@.*$/, '').replace(/:[^:/]*$/, '')}:${slim}`;
    ctx.report({ messageId: 'slim', data: { image: image.resolved, suggestion }, start: image.range.start, end: image.range.end });
  },
});
