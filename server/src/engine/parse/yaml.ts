// The YAML parse layer. Documents keep their source tokens and ranges so that fixes can edit one
// node's bytes and leave every other byte alone. Navigation helpers resolve aliases and merge keys
// with a budget, so an alias bomb costs a bounded amount of work instead of hanging the server.
import {
  Alias,
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
  YAMLMap,
  YAMLSeq,
  type Node as YamlNode,
  type Pair,
} from 'yaml';

export type { YamlNode, Pair };
export { isAlias, isMap, isPair, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq, Alias, Document };

export interface YamlSyntaxError {
  message: string;
  start: number;
  end: number;
}

export interface ParsedYaml {
  documents: Document.Parsed[];
  errors: YamlSyntaxError[];
}

export function parseYaml(text: string): ParsedYaml {
  const parsed = parseAllDocuments(text, {
    keepSourceTokens: true,
    uniqueKeys: false,
    prettyErrors: false,
    strict: false,
  });
  // parseAllDocuments returns an EmptyStream (an array with an `empty` flag) for empty input.
  const documents = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
  const errors: YamlSyntaxError[] = [];
  for (const doc of documents) {
    for (const err of doc.errors) {
      const [start, end] = err.pos;
      errors.push({ message: err.message.split('\n')[0], start, end: Math.max(end, start + 1) });
    }
  }
  return { documents, errors };
}

/** Limits the work spent following aliases and merge keys in one document. */
export class AliasBudget {
  private remaining: number;
  constructor(limit = 10_000) {
    this.remaining = limit;
  }
  spend(): boolean {
    this.remaining -= 1;
    return this.remaining >= 0;
  }
}

const aliasTargetCache = new WeakMap<Document.Parsed, Map<Alias, YamlNode | undefined>>();

/**
 * Every alias's target, found in one walk of the document. `Alias.resolve` walks the whole document
 * per call, which made files with many aliases quadratic. Same rule as `Alias.resolve`: the last node
 * with that anchor before the alias, in document order.
 */
function aliasTargets(doc: Document.Parsed): Map<Alias, YamlNode | undefined> {
  let targets = aliasTargetCache.get(doc);
  if (targets) return targets;
  targets = new Map();
  const lastByAnchor = new Map<string, YamlNode>();
  const found = targets;
  // Pre-order, keys before values: the order `visit` uses, without its per-node path arrays.
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      found.set(node, lastByAnchor.get(node.source));
      return;
    }
    if (isPair(node)) {
      walk(node.key);
      walk(node.value);
      return;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return;
    if (node.anchor) lastByAnchor.set(node.anchor, node as YamlNode);
    if (isMap(node) || isSeq(node)) for (const item of node.items) walk(item);
  };
  walk(doc.contents);
  aliasTargetCache.set(doc, targets);
  return targets;
}

/** Follows an alias to its anchored node; returns the node itself otherwise. */
export function resolveNode(
  doc: Document.Parsed,
  node: unknown,
  budget: AliasBudget = new AliasBudget(),
): YamlNode | undefined {
  let current = node;
  let seen: Set<unknown> | undefined;
  while (isAlias(current)) {
    seen ??= new Set<unknown>();
    if (seen.has(current) || !budget.spend()) return undefined;
    seen.add(current);
    const targets = aliasTargets(doc);
    current = targets.has(current as Alias) ? targets.get(current as Alias) : (current as Alias).resolve(doc);
  }
  return (current ?? undefined) as YamlNode | undefined;
}

export interface MapEntry {
  key: string;
  keyNode: Scalar | undefined;
  value: YamlNode | undefined;
  pair: Pair;
  /** True when the entry came from a `<<: *anchor` merge rather than the map itself. */
  merged: boolean;
}

/**
 * The entries of a mapping, with `<<` merge keys expanded (own keys win over merged ones, as YAML 1.1
 * merge semantics say) and values resolved through aliases.
 */
export function mapEntries(
  doc: Document.Parsed,
  node: unknown,
  budget: AliasBudget = new AliasBudget(),
  depth = 0,
): MapEntry[] {
  const map = resolveNode(doc, node, budget);
  if (!isMap(map) || depth > 20) return [];
  const own: MapEntry[] = [];
  const merged: MapEntry[] = [];
  for (const pair of map.items) {
    const keyNode = isScalar(pair.key) ? (pair.key as Scalar) : undefined;
    const key = keyNode ? String(keyNode.value) : '';
    if (key === '<<') {
      const sources = resolveNode(doc, pair.value, budget);
      const list = isSeq(sources) ? sources.items : [sources];
      for (const source of list) {
        if (!budget.spend()) break;
        for (const entry of mapEntries(doc, source, budget, depth + 1)) merged.push({ ...entry, merged: true });
      }
      continue;
    }
    own.push({ key, keyNode, value: resolveNode(doc, pair.value, budget), pair, merged: false });
  }
  if (merged.length === 0) return own;
  const ownKeys = new Set(own.map((e) => e.key));
  const result = [...own];
  const mergedSeen = new Set<string>();
  for (const entry of merged) {
    if (ownKeys.has(entry.key) || mergedSeen.has(entry.key)) continue;
    mergedSeen.add(entry.key);
    result.push(entry);
  }
  return result;
}

export function mapGet(doc: Document.Parsed, node: unknown, key: string, budget: AliasBudget = new AliasBudget()): MapEntry | undefined {
  const map = resolveNode(doc, node, budget);
  if (!isMap(map)) return undefined;
  // An own key wins over merged ones, so the merges are only expanded when no own key matches.
  let merges = false;
  for (const pair of map.items) {
    const keyNode = isScalar(pair.key) ? (pair.key as Scalar) : undefined;
    const name = keyNode ? String(keyNode.value) : '';
    if (name === '<<') merges = true;
    else if (name === key) return { key, keyNode, value: resolveNode(doc, pair.value, budget), pair, merged: false };
  }
  return merges ? mapEntries(doc, map, budget).find((e) => e.key === key) : undefined;
}

/** Items of a sequence, resolved through aliases; a single non-sequence value counts as one item. */
export function seqItems(doc: Document.Parsed, node: unknown, budget: AliasBudget = new AliasBudget()): YamlNode[] {
  const seq = resolveNode(doc, node, budget);
  if (seq === undefined || seq === null) return [];
  if (!isSeq(seq)) return [seq];
  const out: YamlNode[] = [];
  for (const item of seq.items) {
    const resolved = resolveNode(doc, item, budget);
    if (resolved) out.push(resolved);
  }
  return out;
}

/** The string value of a scalar (numbers and booleans stringified), or undefined for other nodes. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** [start, end) of a node's value in the source text (end excludes trailing comments). */
export function nodeRange(node: { range?: [number, number, number] | null } | undefined | null): { start: number; end: number } | undefined {
  const r = node?.range;
  if (!r) return undefined;
  return { start: r[0], end: r[1] };
}
