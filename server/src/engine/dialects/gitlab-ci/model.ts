// GitLab CI jobs as GitLab runs them: `extends:` deep-merged (hashes merge, everything else is
// replaced), YAML merge keys and aliases expanded, `!reference [...]` tags followed, and `default:`
// or deprecated top-level keywords inherited unless `inherit:` says otherwise. Each template is
// resolved once (memoized by name), so a file with many jobs costs time linear in its size.
import { modelKey, type ParsedFile } from '../../parsed-file.js';
import {
  AliasBudget,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  mapEntries,
  resolveNode,
  type Document,
  type Pair,
  type Scalar,
  type YamlNode,
} from '../../parse/yaml.js';
import { aliasLabel, nodeSpan, scalarText, toCiScalar } from '../../parse/yaml-nodes.js';
import type { CiImage, CiJob, CiModel, CiScalar, CiScript, CiScriptSection, CiService, CiVariable } from '../ci-model.js';

/** Top-level keys that configure the pipeline rather than name a job. */
export const GITLAB_RESERVED_KEYS: ReadonlySet<string> = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'before_script',
  'after_script',
  'cache',
  'spec',
  'types',
]);

/** Keywords a job takes from `default:` when it does not set them itself. */
const DEFAULT_KEYWORDS = new Set([
  'after_script',
  'artifacts',
  'before_script',
  'cache',
  'hooks',
  'id_tokens',
  'image',
  'interruptible',
  'retry',
  'services',
  'tags',
  'timeout',
]);

/** Deprecated global keywords that act like their `default:` counterparts. */
const TOP_LEVEL_DEFAULTS = ['image', 'services', 'before_script', 'after_script', 'cache'];

const MAX_EXTENDS_DEPTH = 11;
const MAX_REFERENCE_DEPTH = 10;

/** A value in a (possibly merged) job configuration, with where it was written. */
interface ConfigValue {
  /** The value, resolved through aliases and `!reference`; undefined when unresolvable. */
  node: YamlNode | undefined;
  keyNode?: Scalar;
  origin?: string;
  /** Set when two hashes were deep-merged; otherwise children are read from `node`. */
  children?: ConfigMap;
}

type ConfigMap = Map<string, ConfigValue>;

interface ResolvedTemplate {
  config: ConfigMap;
  /** The template's own `extends:` targets, in order. */
  extends: string[];
  unresolvedExtends: string[];
  unresolvedReferences: string[];
}

function uniq(list: string[]): string[] {
  return [...new Set(list)];
}

class GitlabDocument {
  private readonly budget = new AliasBudget(200_000);
  private readonly top: Map<string, { pair: Pair; keyNode: Scalar; value: YamlNode | undefined; merged: boolean }>;
  private readonly memo = new Map<string, ResolvedTemplate | null>();
  private readonly inProgress = new Set<string>();
  /** A template's resolved configuration with its origin filled in, as its children inherit it. */
  private readonly relabeled = new Map<string, ConfigMap>();
  private readonly childrenMemo = new WeakMap<ConfigValue, ConfigMap>();
  private referenceSink: string[] = [];
  readonly defaults: ConfigMap = new Map();
  readonly globalVariables: CiVariable[];

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
  ) {
    this.top = new Map();
    for (const entry of mapEntries(doc, doc.contents, this.budget)) {
      if (!entry.keyNode) continue;
      this.top.set(entry.key, { pair: entry.pair, keyNode: entry.keyNode, value: entry.value, merged: entry.merged });
    }
    const defaultEntry = this.top.get('default');
    if (defaultEntry) for (const [k, v] of this.entries(defaultEntry.value, 'default')) this.defaults.set(k, v);
    for (const key of TOP_LEVEL_DEFAULTS) {
      const entry = this.top.get(key);
      if (!entry || this.defaults.has(key)) continue;
      const value = this.deref(entry.pair.value, 'top-level');
      this.defaults.set(key, { node: value.node, keyNode: entry.keyNode, origin: value.origin ?? 'top-level' });
    }
    const vars = this.top.get('variables');
    this.globalVariables = vars ? this.variables({ node: vars.value, keyNode: vars.keyNode, origin: 'top-level' }) : [];
  }

  get hasIncludes(): boolean {
    return this.top.has('include');
  }

  /** Job entries in document order; a duplicated key counts once, with its last value (as GitLab reads it). */
  jobEntries(): { name: string; pair: Pair; keyNode: Scalar; value: YamlNode }[] {
    const out: { name: string; pair: Pair; keyNode: Scalar; value: YamlNode }[] = [];
    for (const [name, entry] of this.top) {
      if (GITLAB_RESERVED_KEYS.has(name) || entry.merged || !isMap(entry.value)) continue;
      out.push({ name, pair: entry.pair, keyNode: entry.keyNode, value: entry.value });
    }
    return out.sort((a, b) => (a.keyNode.range?.[0] ?? 0) - (b.keyNode.range?.[0] ?? 0));
  }

  /** Follows aliases and `!reference [job, key, …]` tags to the value they stand for. */
  deref(raw: unknown, origin: string | undefined, depth = 0): { node: YamlNode | undefined; origin: string | undefined } {
    let label = origin ?? aliasLabel(raw);
    const node = resolveNode(this.doc, raw, this.budget);
    if (isSeq(node) && node.tag === '!reference') {
      const path = node.items.map((i) => scalarText(resolveNode(this.doc, i, this.budget)) ?? '');
      const target = depth < MAX_REFERENCE_DEPTH ? this.lookupReference(path) : undefined;
      if (target === undefined) {
        this.referenceSink.push(path.join(' '));
        return { node: undefined, origin: label };
      }
      label = origin ?? path[0];
      return this.deref(target, label, depth + 1);
    }
    return { node, origin: label };
  }

  private lookupReference(path: string[]): unknown {
    if (path.length === 0 || path.some((p) => p === '')) return undefined;
    let current: unknown = this.top.get(path[0])?.pair.value;
    for (const key of path.slice(1)) {
      if (current === undefined) return undefined;
      current = mapEntries(this.doc, current, this.budget).find((e) => e.key === key)?.pair.value;
    }
    return current;
  }

  /** The keys of a mapping; merge-key entries are labelled with their anchor (`&name`). */
  entries(node: unknown, origin: string | undefined): ConfigMap {
    const out: ConfigMap = new Map();
    const map = resolveNode(this.doc, node, this.budget);
    if (!isMap(map)) return out;
    const list = mapEntries(this.doc, map, this.budget);
    const mergeLabels = list.some((e) => e.merged) ? this.mergeLabels(map) : undefined;
    for (const entry of list) {
      if (!entry.keyNode) continue;
      const own = entry.merged ? (origin ?? mergeLabels?.get(entry.pair)) : origin;
      const value = this.deref(entry.pair.value, own);
      out.set(entry.key, { node: value.node, keyNode: entry.keyNode, origin: value.origin });
    }
    return out;
  }

  private mergeLabels(map: { items: Pair[] }): Map<Pair, string> {
    const labels = new Map<Pair, string>();
    for (const pair of map.items) {
      if (!isScalar(pair.key) || (pair.key as Scalar).value !== '<<') continue;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const label = aliasLabel(source) ?? '<<';
        for (const entry of mapEntries(this.doc, source, this.budget)) if (!labels.has(entry.pair)) labels.set(entry.pair, label);
      }
    }
    return labels;
  }

  children(value: ConfigValue | undefined): ConfigMap {
    if (!value) return new Map();
    if (value.children) return value.children;
    let children = this.childrenMemo.get(value);
    if (children) return children;
    const sinkLength = this.referenceSink.length;
    children = this.entries(value.node, value.origin);
    // Values inherited from a template are read once per job; keep them unless reading them
    // recorded an unresolved `!reference`, which each reading job must record again.
    if (this.referenceSink.length === sinkLength) this.childrenMemo.set(value, children);
    return children;
  }

  private deepMerge(base: ConfigMap, over: ConfigMap): ConfigMap {
    const out = new Map(base);
    for (const [key, value] of over) {
      const prior = out.get(key);
      if (prior && isMap(prior.node) && isMap(value.node)) {
        out.set(key, { ...value, children: this.deepMerge(this.children(prior), this.children(value)) });
      } else {
        out.set(key, value);
      }
    }
    return out;
  }

  private relabel(config: ConfigMap, origin: string): ConfigMap {
    const out: ConfigMap = new Map();
    for (const [key, value] of config) {
      out.set(key, {
        ...value,
        origin: value.origin ?? origin,
        children: value.children ? this.relabel(value.children, origin) : undefined,
      });
    }
    return out;
  }

  /** A job or template with its `extends:` chain merged in; undefined when not defined in this file. */
  resolve(name: string, depth = 0): ResolvedTemplate | undefined {
    const memo = this.memo.get(name);
    if (memo !== undefined) return memo ?? undefined;
    const entry = this.top.get(name);
    if (!entry || !isMap(entry.value) || this.inProgress.has(name) || depth > MAX_EXTENDS_DEPTH) return undefined;
    this.inProgress.add(name);
    const outerSink = this.referenceSink;
    const references: string[] = [];
    this.referenceSink = references;
    const own = this.entries(entry.value, undefined);
    this.referenceSink = outerSink;
    const unresolved: string[] = [];
    let config = own;
    const parents = extendsNames(own.get('extends')?.node);
    if (parents.length > 0) {
      let base: ConfigMap = new Map();
      for (const parent of parents) {
        const resolved = this.resolve(parent, depth + 1);
        if (!resolved) {
          unresolved.push(parent);
          continue;
        }
        unresolved.push(...resolved.unresolvedExtends);
        references.push(...resolved.unresolvedReferences);
        let inherited = this.relabeled.get(parent);
        if (!inherited) {
          inherited = this.relabel(resolved.config, parent);
          this.relabeled.set(parent, inherited);
        }
        // Merged maps are never modified, so a lone parent's map is used as it is.
        base = base.size === 0 ? inherited : this.deepMerge(base, inherited);
      }
      config = this.deepMerge(base, own);
    }
    const result: ResolvedTemplate = {
      config,
      extends: parents,
      unresolvedExtends: uniq(unresolved),
      unresolvedReferences: uniq(references),
    };
    this.inProgress.delete(name);
    this.memo.set(name, result);
    return result;
  }

  /** Items of a list value, flattening nested lists, aliases and `!reference` (as GitLab does for scripts). */
  listItems(value: ConfigValue | undefined): { node: YamlNode; origin: string | undefined }[] {
    const out: { node: YamlNode; origin: string | undefined }[] = [];
    const walk = (raw: unknown, origin: string | undefined, depth: number) => {
      if (depth > MAX_REFERENCE_DEPTH || !this.budget.spend()) return;
      const { node, origin: label } = this.deref(raw, origin);
      if (node === undefined || node === null) return;
      if (isSeq(node)) {
        for (const item of node.items) walk(item, label, depth + 1);
        return;
      }
      out.push({ node, origin: label });
    };
    if (value?.node !== undefined) walk(value.node, value.origin, 0);
    return out;
  }

  scalars(value: ConfigValue | undefined): CiScalar[] {
    const out: CiScalar[] = [];
    for (const item of this.listItems(value)) {
      const s = toCiScalar(this.text, item.node);
      if (s) out.push(s);
    }
    return out;
  }

  variables(value: ConfigValue | undefined): CiVariable[] {
    const out: CiVariable[] = [];
    for (const [name, v] of this.children(value)) {
      const keyRange = nodeSpan(this.text, v.keyNode);
      if (!keyRange) continue;
      let valueNode = v.node;
      if (isMap(valueNode)) valueNode = this.children(v).get('value')?.node;
      const text = scalarText(valueNode);
      const valueRange = valueNode && text !== undefined ? nodeSpan(this.text, valueNode) : undefined;
      out.push({
        name,
        value: text,
        keyRange,
        valueRange,
        valueNode: valueRange ? valueNode : undefined,
        inheritedFrom: v.origin,
      });
    }
    return out;
  }

  image(value: ConfigValue | undefined): CiImage | undefined {
    const node = value?.node;
    if (!node) return undefined;
    let nameNode: unknown = node;
    let entrypoint: CiScalar[] = [];
    if (isMap(node)) {
      const fields = this.children(value);
      nameNode = fields.get('name')?.node;
      entrypoint = this.scalars(fields.get('entrypoint'));
    }
    const name = toCiScalar(this.text, nameNode);
    const range = nodeSpan(this.text, node);
    if (!name || !range) return undefined;
    return { name: name.value, range: name.range, node, entrypoint, inheritedFrom: value?.origin };
  }

  services(value: ConfigValue | undefined): CiService[] {
    const out: CiService[] = [];
    for (const item of this.listItems(value)) {
      const range = nodeSpan(this.text, item.node);
      if (!range) continue;
      if (isScalar(item.node)) {
        const image = toCiScalar(this.text, item.node);
        if (!image) continue;
        out.push({
          image: image.value,
          imageRange: image.range,
          range,
          node: item.node,
          command: [],
          entrypoint: [],
          variables: [],
          volumes: [],
          inheritedFrom: item.origin,
        });
      } else if (isMap(item.node)) {
        const fields = this.entries(item.node, item.origin);
        const image = toCiScalar(this.text, fields.get('name')?.node);
        if (!image) continue;
        const optionsNode = fields.get('options')?.node;
        out.push({
          image: image.value,
          imageRange: image.range,
          range,
          node: item.node,
          alias: scalarText(fields.get('alias')?.node) || undefined,
          command: this.scalars(fields.get('command')),
          entrypoint: this.scalars(fields.get('entrypoint')),
          variables: this.variables(fields.get('variables')),
          options: toCiScalar(this.text, optionsNode),
          volumes: this.scalars(fields.get('volumes')),
          inheritedFrom: item.origin,
        });
      }
    }
    return out;
  }

  scripts(section: CiScriptSection, value: ConfigValue | undefined): CiScript[] {
    const out: CiScript[] = [];
    for (const item of this.listItems(value)) {
      const s = toCiScalar(this.text, item.node);
      if (!s) continue;
      out.push({ section, text: s.value, range: s.range, node: item.node, inheritedFrom: item.origin });
    }
    return out;
  }

  /** Which `default:` keywords and global variables a job takes, from its `inherit:` setting. */
  private inheritance(config: ConfigMap): { defaults: (key: string) => boolean; variables: (name: string) => boolean } {
    const inherit = this.children(config.get('inherit'));
    const gate = (value: ConfigValue | undefined): ((key: string) => boolean) => {
      const node = value?.node;
      if (isScalar(node)) return node.value === false || node.value === 'false' ? () => false : () => true;
      if (isSeq(node)) {
        const allowed = new Set(this.scalars(value).map((s) => s.value));
        return (key) => allowed.has(key);
      }
      return () => true;
    };
    return { defaults: gate(inherit.get('default')), variables: gate(inherit.get('variables')) };
  }

  job(name: string, pair: Pair, keyNode: Scalar, node: YamlNode): CiJob | undefined {
    const resolved = this.resolve(name);
    const keyRange = nodeSpan(this.text, keyNode);
    const range = nodeSpan(this.text, node);
    if (!resolved || !keyRange || !range) return undefined;
    const config = new Map(resolved.config);
    const inherit = this.inheritance(config);
    for (const [key, value] of this.defaults) {
      if (DEFAULT_KEYWORDS.has(key) && !config.has(key) && inherit.defaults(key)) config.set(key, value);
    }
    const outerSink = this.referenceSink;
    const references = [...resolved.unresolvedReferences];
    this.referenceSink = references;
    const variables = this.variables(config.get('variables'));
    const own = new Set(variables.map((v) => v.name));
    for (const global of this.globalVariables) {
      if (!own.has(global.name) && inherit.variables(global.name)) variables.push(global);
    }
    const job: CiJob = {
      system: 'gitlab-ci',
      name,
      hidden: name.startsWith('.'),
      keyRange,
      keyNode,
      range,
      node,
      pair,
      doc: this.doc,
      image: this.image(config.get('image')),
      services: this.services(config.get('services')),
      variables,
      scripts: [
        ...this.scripts('before_script', config.get('before_script')),
        ...this.scripts('script', config.get('script')),
        ...this.scripts('after_script', config.get('after_script')),
      ],
      volumes: this.scalars(config.get('volumes')),
      steps: [],
      tags: this.scalars(config.get('tags')),
      runsOn: [],
      extends: resolved.extends,
      extendsUnresolved: resolved.unresolvedExtends,
      referencesUnresolved: [],
    };
    this.referenceSink = outerSink;
    job.referencesUnresolved = uniq(references);
    return job;
  }

  defaultServices(): CiService[] {
    return this.services(this.defaults.get('services'));
  }
}

function extendsNames(node: unknown): string[] {
  if (isScalar(node)) {
    const name = scalarText(node);
    return name ? [name] : [];
  }
  if (isSeq(node)) {
    const out: string[] = [];
    for (const item of node.items) {
      const name = isAlias(item) ? undefined : scalarText(item);
      if (name) out.push(name);
    }
    return out;
  }
  return [];
}

/** Documents holding pipeline configuration: a leading `spec:` header document is skipped. */
function configDocuments(file: ParsedFile): Document.Parsed[] {
  const docs = file.yaml.documents;
  return docs.filter((doc, i) => {
    if (!isMap(doc.contents)) return false;
    if (i === 0 && docs.length > 1) {
      const keys = doc.contents.items.map((p) => (isScalar(p.key) ? String((p.key as Scalar).value) : ''));
      if (keys.length > 0 && keys.every((k) => k === 'spec')) return false;
    }
    return true;
  });
}

function buildGitlabModel(file: ParsedFile): CiModel {
  const model: CiModel = { system: 'gitlab-ci', jobs: [], variables: [], defaultServices: [], hasIncludes: false };
  for (const doc of configDocuments(file)) {
    const gitlab = new GitlabDocument(file.text, doc);
    model.variables.push(...gitlab.globalVariables);
    model.defaultServices.push(...gitlab.defaultServices());
    model.hasIncludes ||= gitlab.hasIncludes;
    for (const entry of gitlab.jobEntries()) {
      const job = gitlab.job(entry.name, entry.pair, entry.keyNode, entry.value);
      if (job) model.jobs.push(job);
    }
  }
  return model;
}

const gitlabKey = modelKey<CiModel>('gitlab');

/** The GitLab CI model of a file, built once per parsed file. Never throws on malformed YAML. */
export function gitlabModel(file: ParsedFile): CiModel {
  return file.model(gitlabKey, buildGitlabModel);
}
