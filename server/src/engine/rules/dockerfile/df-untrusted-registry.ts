// Where a build's images come from is a supply-chain decision: an organisation that mirrors and scans
// its bases in its own registry wants every FROM, `COPY --from=<image>` and `RUN --mount=from=<image>`
// to pull from there. The list of trusted registries is configuration (`trustedRegistries`), so the
// rule is off by default and silent without a list.
import { Run } from 'dockerfile-ast';
import { defineRule } from '../../rule.js';
import { dockerfileModel, type DockerfileModel, type Stage } from '../../model/dockerfile.js';
import { scopeAt, stageAt } from '../../model/dockerfile-instructions.js';
import { imageRegistry, registryName } from '../../model/facts/images.js';

/** The host part of a registry (`registry.corp:5000` → `registry.corp`). */
function hostOf(registry: string): string {
  const colon = registry.lastIndexOf(':');
  return colon > 0 && !registry.endsWith(']') ? registry.slice(0, colon) : registry;
}

/**
 * Whether a registry matches one of the trusted patterns: `*` trusts every registry, `*.corp.example`
 * every host under corp.example (not corp.example itself), anything else is a host, with or without a
 * port (without one, any port of that host). Docker Hub's host names all mean `docker.io`.
 */
export function isTrustedRegistry(registry: string, patterns: readonly string[]): boolean {
  const name = registryName(registry);
  const host = hostOf(name);
  for (const raw of patterns) {
    const pattern = registryName(raw);
    if (pattern === '') continue;
    if (pattern === '*') return true;
    const subject = pattern.includes(':') ? name : host;
    if (pattern.startsWith('*.')) {
      if (subject.endsWith(pattern.slice(1))) return true;
    } else if (subject === pattern) {
      return true;
    }
  }
  return false;
}

/** The stage a `--from` value names (an alias, or an index), if it names one. */
function namedStage(model: DockerfileModel, value: string): Stage | null {
  const ref = value.toLowerCase();
  if (/^\d+$/.test(ref)) return model.stages[Number(ref)] ?? null;
  return model.stages.find((s) => s.alias !== null && s.alias.toLowerCase() === ref) ?? null;
}

/** An image reference that is pulled from a registry: not a stage, not `scratch`, nothing unknown. */
function pulledImage(model: DockerfileModel, value: string | null): string | null {
  if (value === null) return null;
  const image = value.trim();
  if (image === '' || image.toLowerCase() === 'scratch' || /^\d+$/.test(image)) return null;
  return namedStage(model, image) ? null : image;
}

export default defineRule({
  id: 'df-untrusted-registry',
  targets: ['dockerfile'],
  severity: 'error',
  defaultOff: true,
  docs: {
    description: 'An image is pulled from a registry that is not in the configured trustedRegistries list.',
    hadolint: ['DL3026'],
  },
  messages: {
    from: 'FROM {image} pulls from {registry}, which is not a trusted registry (trustedRegistries: {trusted}); use an image from a trusted registry, or mirror it there.',
    copyFrom:
      'COPY --from={image} pulls from {registry}, which is not a trusted registry (trustedRegistries: {trusted}); copy from an image in a trusted registry, or from a build stage.',
    mountFrom:
      'RUN --mount=from={image} pulls from {registry}, which is not a trusted registry (trustedRegistries: {trusted}); mount an image from a trusted registry, or a build stage.',
  },
  check(ctx) {
    const trusted = (ctx.options.trustedRegistries ?? []).map((p) => p.trim()).filter((p) => p !== '');
    if (trusted.length === 0) return;
    const model = dockerfileModel(ctx.file);
    const listed = trusted.join(', ');
    const judge = (messageId: 'from' | 'copyFrom' | 'mountFrom', image: string | null, start: number, end: number) => {
      if (image === null) return;
      const registry = imageRegistry(image);
      if (isTrustedRegistry(registry, trusted)) return;
      ctx.report({ messageId, data: { image, registry, trusted: listed }, start, end });
    };
    for (const stage of model.stages) {
      if (stage.image && !stage.parent) judge('from', pulledImage(model, stage.image.resolved), stage.image.range.start, stage.image.range.end);
      for (const copy of stage.copyFroms) {
        if (!copy.stage) judge('copyFrom', pulledImage(model, copy.resolved), copy.range.start, copy.range.end);
      }
    }
    for (const instruction of ctx.file.dockerfile.getInstructions()) {
      if (!(instruction instanceof Run)) continue;
      for (const flag of instruction.getFlags()) {
        if (flag.getName().toLowerCase() !== 'mount') continue;
        const option = flag.getOption('from');
        const value = option?.getValue();
        const valueRange = option?.getValueRange();
        if (!value || !valueRange) continue;
        const start = ctx.file.lines.offsetAt(valueRange.start);
        const stage = stageAt(model, start);
        if (!stage) continue;
        judge('mountFrom', pulledImage(model, scopeAt(model, stage, start).substitute(value)), start, ctx.file.lines.offsetAt(valueRange.end));
      }
    }
  },
});
