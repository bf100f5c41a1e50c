// Small, comment-keeping edits to block mappings of a parsed YAML file, for the pod-hardening quick
// fixes: find the mapping or pair the model's ranges point at, set a nested key (adding the missing
// levels at the file's indentation), remove a pair (and a parent left empty), append a list item.
// Each helper returns undefined where it cannot be sure of the result (flow or JSON style, anchors,
// merge keys, keys sharing a line with a dash), and the caller then offers no fix.
import { isYamlKind } from '../../dialects/index.js';
import { column, eolOf, lineEndAfter, onDashLine, pairLines, pairNamed, rangeOf, removePairEdit, replaceValueEdit, trimmedEnd } from '../../parse/yaml-patch.js';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Pair, type YAMLMap, type YAMLSeq } from '../../parse/yaml.js';
import type { ParsedFile } from '../../parsed-file.js';
import type { Edit } from '../../types.js';

/** Where a node sits: the chain of collections and pairs from the document root down to it. */
export interface Located {
  node: unknown;
  /** Enclosing collections and pairs, outermost first (the node itself excluded). */
  parents: unknown[];
}

function hasAnchor(node: unknown): boolean {
  return typeof (node as { anchor?: unknown } | null)?.anchor === 'string';
}

function hasMergeKey(node: unknown): boolean {
  return isMap(node) && node.items.some((p) => isScalar(p.key) && p.key.value === '<<');
}

/** The document holding an offset. */
function documentAt(file: ParsedFile, offset: number): Document.Parsed | undefined {
  // Only YAML text is edited: a Jenkinsfile's pod is reached through its masked copy (Workload.yaml), never the Groovy file.
  if (!isYamlKind(file.kind)) return undefined;
  return file.yaml.documents.find((d) => d.range[0] <= offset && offset <= d.range[2] && d.errors.length === 0);
}

/**
 * The node whose range starts at `start` (and ends at `end`, when given), with its parents. Undefined
 * when none is found or the way there passes an anchor, an alias or a merge key: an edit there
 * would change every place that reuses the node.
 */
export function locate(file: ParsedFile, start: number, end?: number, want: (n: unknown) => boolean = () => true): Located | undefined {
  const doc = documentAt(file, start);
  if (!doc) return undefined;
  const parents: unknown[] = [];
  let node: unknown = doc.contents;
  for (let guard = 0; guard < 64 && node; guard++) {
    const r = rangeOf(node);
    if (!r) return undefined;
    if (isAlias(node)) return undefined;
    if (r[0] === start && (end === undefined || r[1] === end || r[2] === end) && want(node)) {
      if (parents.some(hasAnchor) || hasAnchor(node) || hasMergeKey(node)) return undefined;
      return { node, parents };
    }
    let next: unknown;
    if (isMap(node)) {
      if (hasMergeKey(node)) return undefined;
      for (const pair of node.items) {
        const k = rangeOf(pair.key);
        const v = rangeOf(pair.value);
        if (v && v[0] <= start && start <= v[2]) { parents.push(node, pair); next = pair.value; break; }
        if (k && k[0] <= start && start < k[1]) return undefined;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const ir = rangeOf(item);
        if (ir && ir[0] <= start && start <= ir[2]) { parents.push(node); next = item; break; }
      }
    }
    if (next === undefined) return undefined;
    node = next;
  }
  return undefined;
}

/** The block mapping whose range starts at `start` (a container's, a pod spec's). */
export function blockMapAt(file: ParsedFile, start: number): YAMLMap | undefined {
  const found = locate(file, start, undefined, isMap);
  return found && isMap(found.node) && !found.node.flow ? found.node : undefined;
}

/** The pair whose value is the node at `range`, with the mapping holding it and that mapping's own pair (if any). */
export function pairOfValueAt(file: ParsedFile, range: { start: number; end: number }): { pair: Pair; map: YAMLMap; parentPair: Pair | undefined; parentMap: YAMLMap | undefined } | undefined {
  const found = locate(file, range.start, range.end);
  if (!found) return undefined;
  const p = found.parents;
  const pair = p[p.length - 1];
  const map = p[p.length - 2];
  if (!isPair(pair) || !isMap(map)) return undefined;
  const parentPair = isPair(p[p.length - 3]) ? (p[p.length - 3] as Pair) : undefined;
  const parentMap = isMap(p[p.length - 4]) ? (p[p.length - 4] as YAMLMap) : undefined;
  return { pair, map, parentPair, parentMap };
}

/** Column of a block mapping's keys; undefined when an anchor or tag written before the first key moves it. */
function keyColumn(text: string, map: YAMLMap): number | undefined {
  const first = map.items[0];
  if (first && (hasAnchor(first.key) || typeof (first.key as { tag?: unknown } | null)?.tag === 'string')) return undefined;
  const r = first ? rangeOf(first.key) : undefined;
  return r ? column(text, r[0]) : undefined;
}

/** The indentation step of nested block mappings in the file (2 when none is nested). */
export function indentStep(text: string, map: YAMLMap): number {
  const visit = (m: YAMLMap, depth: number): number | undefined => {
    if (depth > 16) return undefined;
    const outer = keyColumn(text, m);
    for (const pair of m.items) {
      if (!isMap(pair.value) || pair.value.flow || pair.value.items.length === 0) continue;
      const inner = keyColumn(text, pair.value);
      if (outer !== undefined && inner !== undefined && inner > outer && !onDashLine(text, rangeOf(pair.value.items[0].key)![0])) return inner - outer;
      const deeper = visit(pair.value, depth + 1);
      if (deeper !== undefined) return deeper;
    }
    return undefined;
  };
  return visit(map, 0) ?? 2;
}

/** `k0:` / `  k1: leaf` lines (each with a leading line break) for a path under a key column. */
function pathLines(keys: string[], leaf: string, col: number, step: number, eol: string): string {
  return keys.map((k, i) => `${eol}${' '.repeat(col + i * step)}${k}:${i === keys.length - 1 ? ` ${leaf}` : ''}`).join('');
}

/** Inserts `lines` (each starting with a line break) after the last pair of a block mapping. */
function appendToMap(text: string, map: YAMLMap, lines: string): Edit | undefined {
  const last = map.items[map.items.length - 1];
  if (!last || !rangeOf(last.key)) return undefined;
  const at = pairLines(text, last).end;
  const eol = eolOf(text);
  const endsLine = at > 0 && text[at - 1] === '\n';
  // Insert before the line break that ends the last pair's line, so a missing final newline stays missing.
  const pos = endsLine ? at - (text.slice(at - eol.length, at) === eol ? eol.length : 1) : at;
  return { start: pos, end: pos, text: lines };
}

/**
 * Sets `keys` (a path of nested block mappings) to the scalar `leaf` in `map`, adding the levels that
 * are missing; a leaf already there is replaced. Undefined when a level is flow-styled or not a
 * mapping, or the map has no block key to align with.
 */
export function setPath(text: string, map: YAMLMap, keys: string[], leaf: string): Edit | undefined {
  if (map.flow || keys.length === 0) return undefined;
  const col = keyColumn(text, map);
  if (col === undefined) return undefined;
  const eol = eolOf(text);
  const step = indentStep(text, map);
  const pair = pairNamed(map, keys[0]);
  if (!pair) return appendToMap(text, map, pathLines(keys, leaf, col, step, eol));
  const value = pair.value;
  if (keys.length === 1) {
    if (value !== null && value !== undefined && !isScalar(value)) return undefined;
    return replaceValueEdit(text, pair, ` ${leaf}`);
  }
  if (value === null || value === undefined || (isScalar(value) && (value.value === null || value.value === ''))) {
    return replaceValueEdit(text, pair, pathLines(keys.slice(1), leaf, col + step, step, eol));
  }
  if (isMap(value) && value.flow && value.items.length === 0) return replaceValueEdit(text, pair, pathLines(keys.slice(1), leaf, col + step, step, eol));
  if (!isMap(value) || value.flow) return undefined;
  return setPath(text, value, keys.slice(1), leaf);
}

/**
 * Removes a pair from its mapping; when it is the mapping's only pair and the mapping is a pair's
 * value (`securityContext: {privileged: true}`), removes that pair instead. Undefined where the lines
 * to remove hold something else (a key on a dash line, a flow mapping with other keys).
 */
export function removePair(text: string, pair: Pair, map: YAMLMap, parentPair: Pair | undefined, parentMap: YAMLMap | undefined): Edit | undefined {
  if (map.items.length === 1 && parentPair && parentMap && !parentMap.flow) {
    if (onDashLine(text, rangeOf(parentPair.key)![0])) return undefined;
    return removePairEdit(text, parentPair);
  }
  if (map.flow) return undefined;
  if (onDashLine(text, rangeOf(pair.key)![0])) return undefined;
  return removePairEdit(text, pair);
}

/** A scalar written in the quoting of the sequence's items (JSON manifests quote every string). */
function likeItems(seq: YAMLSeq, value: string): string {
  const quoted = seq.items.find((i) => isScalar(i) && (i.type === 'QUOTE_DOUBLE' || i.type === 'QUOTE_SINGLE'));
  if (!quoted || !isScalar(quoted)) return value;
  return quoted.type === 'QUOTE_DOUBLE' ? JSON.stringify(value) : `'${value}'`;
}

/** Appends a plain-word item to a sequence: a `- item` line for block style, `, item` before `]` for flow style. */
export function appendItem(text: string, seq: YAMLSeq, word: string): Edit | undefined {
  const r = rangeOf(seq);
  if (!r) return undefined;
  const item = likeItems(seq, word);
  if (seq.flow) {
    const close = text.lastIndexOf(']', r[1]);
    if (close < r[0]) return undefined;
    return { start: close, end: close, text: seq.items.length > 0 ? `, ${item}` : item };
  }
  const last = seq.items[seq.items.length - 1];
  const lr = rangeOf(last);
  if (!lr) return undefined;
  const dash = text.lastIndexOf('-', lr[0]);
  if (dash < 0 || text.slice(dash + 1, lr[0]).trim() !== '') return undefined;
  const eol = eolOf(text);
  const end = lineEndAfter(text, trimmedEnd(text, last));
  const pos = end > 0 && text[end - 1] === '\n' ? end - (text.slice(end - eol.length, end) === eol ? eol.length : 1) : end;
  return { start: pos, end: pos, text: `${eol}${' '.repeat(column(text, dash))}- ${item}` };
}
