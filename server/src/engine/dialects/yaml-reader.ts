// What the YAML dialects of CI systems share when they read one document: mappings with merge keys
// and aliases resolved under a budget, scalars with their exact ranges, variables in map or
// `KEY=value` list form, and a container with every list empty. Half-typed input yields less, never
// a throw.
import { nodeSpan, scalarText, toCiScalar } from '../parse/yaml-nodes.js';
import type { CiScalar } from './ci-model.js';
import type { Container, ContainerRole, EnvVar, Fact, Workload } from '../model/workload.js';
import { AliasBudget, isMap, isScalar, isSeq, mapEntries, resolveNode, type Document, type MapEntry, type YamlNode } from '../parse/yaml.js';
import type { OffsetRange } from '../types.js';

export class YamlReader {
  private readonly budget = new AliasBudget(200_000);

  constructor(
    readonly text: string,
    readonly doc: Document.Parsed,
  ) {}

  resolve(node: unknown): YamlNode | undefined {
    return resolveNode(this.doc, node, this.budget);
  }

  entries(node: unknown): MapEntry[] {
    return mapEntries(this.doc, node, this.budget);
  }

  fields(node: unknown): Map<string, MapEntry> {
    const out = new Map<string, MapEntry>();
    for (const e of this.entries(node)) if (!out.has(e.key)) out.set(e.key, e);
    return out;
  }

  /** The value of `key` in a mapping. */
  get(node: unknown, key: string): YamlNode | undefined {
    return this.fields(node).get(key)?.value;
  }

  isMap(node: unknown): boolean {
    return isMap(this.resolve(node));
  }

  /** Items of a sequence resolved through aliases; anything else has none. */
  items(node: unknown): YamlNode[] {
    const seq = this.resolve(node);
    if (!isSeq(seq)) return [];
    const out: YamlNode[] = [];
    for (const item of seq.items) {
      const r = this.resolve(item);
      if (r !== undefined && r !== null) out.push(r);
    }
    return out;
  }

  scalar(node: unknown): CiScalar | undefined {
    return toCiScalar(this.text, this.resolve(node));
  }

  fact(node: unknown): Fact<string> | undefined {
    const s = this.scalar(node);
    return s ? { value: s.value, range: s.range } : undefined;
  }

  /** A scalar or a list of scalars, as facts. */
  facts(node: unknown): Fact<string>[] {
    const resolved = this.resolve(node);
    if (isScalar(resolved)) return [this.fact(resolved)].filter((f): f is Fact<string> => f !== undefined);
    return this.items(resolved).flatMap((item) => {
      const f = this.fact(item);
      return f ? [f] : [];
    });
  }

  /** `true` written as a boolean (or the string "true"), with its range. */
  truth(node: unknown): Fact<boolean> | undefined {
    const s = this.scalar(node);
    if (!s) return undefined;
    const v = (s.node as { value?: unknown }).value;
    return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true') ? { value: true, range: s.range } : undefined;
  }

  span(node: unknown): OffsetRange | undefined {
    return nodeSpan(this.text, node);
  }

  /** From an entry's key through its value. */
  entrySpan(e: MapEntry): OffsetRange | undefined {
    const key = this.span(e.keyNode);
    const value = this.span(e.value);
    if (!key) return value;
    return { start: key.start, end: Math.max(key.end, value?.end ?? key.end) };
  }

  /** Variables written as a map (`KEY: value`, values that are maps such as `from_secret:` have none) or a `KEY=value` list. */
  env(node: unknown, origin?: string): EnvVar[] {
    const resolved = this.resolve(node);
    const out: EnvVar[] = [];
    if (isSeq(resolved)) {
      for (const item of this.items(resolved)) {
        const s = this.scalar(item);
        if (!s) continue;
        const eq = s.value.indexOf('=');
        const name = eq < 0 ? s.value : s.value.slice(0, eq);
        const at = this.text.indexOf(name, s.range.start);
        const nameRange = at >= 0 && at < s.range.end ? { start: at, end: at + name.length } : s.range;
        if (eq < 0) {
          out.push({ name, nameRange, origin });
          continue;
        }
        const value = s.value.slice(eq + 1);
        const valueAt = this.text.indexOf(value, nameRange.end);
        const valueRange = value.length > 0 && valueAt >= 0 && valueAt + value.length <= s.range.end ? { start: valueAt, end: valueAt + value.length } : undefined;
        out.push({ name, nameRange, value, valueRange, origin });
      }
      return out;
    }
    for (const e of this.entries(resolved)) {
      const nameRange = this.span(e.keyNode);
      if (!nameRange) continue;
      const value = scalarText(e.value);
      const valueRange = value !== undefined ? this.span(e.value) : undefined;
      out.push({ name: e.key, nameRange, value, valueRange, origin: origin ?? (e.merged ? '<<' : undefined) });
    }
    return out;
  }

  /** A command given as a list or as one string, one fact per word (words placed exactly where they can be). */
  words(node: unknown): Fact<string>[] {
    const resolved = this.resolve(node);
    if (isSeq(resolved)) return this.facts(resolved);
    const s = this.scalar(resolved);
    if (!s) return [];
    const out: Fact<string>[] = [];
    const raw = this.text.slice(s.range.start, s.range.end);
    let from = 0;
    for (const word of s.value.split(/\s+/).filter(Boolean)) {
      const at = raw.indexOf(word, from);
      if (at < 0) {
        out.push({ value: word, range: s.range });
        continue;
      }
      out.push({ value: word, range: { start: s.range.start + at, end: s.range.start + at + word.length } });
      from = at + word.length;
    }
    return out;
  }
}

/** A container with nothing set but what is given. */
export function container(
  role: ContainerRole,
  init: Pick<Container, 'range' | 'declaration'> & Partial<Container>,
): Container {
  return { capabilitiesAdd: [], capabilitiesDrop: { items: [] }, volumeMounts: [], env: [], bindMounts: [], entrypoint: [], command: [], ...init, role };
}

/** A workload of CI scope with every list empty but what is given. */
export function jobWorkload(
  init: Pick<Workload, 'dialect' | 'kind' | 'name' | 'keyRange' | 'range' | 'handle'> & Partial<Workload>,
): Workload {
  return { scope: 'job', template: false, containers: [], env: [], scripts: [], volumes: [], runner: [], unresolved: [], annotations: [], ...init };
}

/** The file's name without its folders. */
export function baseName(path: string): string {
  const norm = path.replace(/\\/g, '/');
  return norm.slice(norm.lastIndexOf('/') + 1);
}

/** The repository path of an image without registry `docker.io`, tag or digest (`plugins/docker`). */
export function imageRepository(image: string): string {
  let rest = image.trim().toLowerCase();
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) rest = rest.slice(0, colon);
  return rest.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}
