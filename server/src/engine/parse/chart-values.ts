// Values from a Helm chart's values.yaml filled into the image names of its templates: in
// `image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"`, where values.yaml holds plain
// strings (or numbers) at those paths, the image rules see `docker:24-dind`. Only `image` values are
// filled, only when every action in them is a bare `.Values.…` reference, and only the parsed value
// changes: the node's range stays on the template text. The engine reads no files; the adapters find
// the chart (Chart.yaml above `templates/`) and pass values.yaml's text (LintOptions.chartValues).
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Scalar } from 'yaml';
import type { OffsetRange } from '../types.js';

/** A bare `{{ .Values.a.b }}` (dot access only reaches keys that are Go identifiers). */
const REFERENCE = /\{\{-?\s*\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*-?\}\}/g;
/** values.yaml is read as data: aliases are followed at most this often (an alias bomb stays small). */
const MAX_ALIAS_COUNT = 100;

type Lookup = (path: string[]) => string | undefined;

/** A lookup of plain values in values.yaml's text; undefined when it is not a YAML mapping. */
export function chartValuesLookup(text: string): Lookup | undefined {
  let root: unknown;
  try {
    const doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false });
    if (doc.errors.length > 0) return undefined;
    root = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return undefined;
  return (path) => {
    let node: unknown = root;
    for (const key of path) {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    if (typeof node === 'string') return node;
    return typeof node === 'number' && Number.isFinite(node) ? String(node) : undefined;
  };
}

/** The template text with every action filled, or undefined when one is not a plain value. */
function fill(template: string, lookup: Lookup): string | undefined {
  let missing = false;
  const filled = template.replace(REFERENCE, (_, path: string) => {
    const value = lookup(path.slice(1).split('.'));
    if (value === undefined || value.includes('{{')) missing = true;
    return value ?? '';
  });
  return missing || filled.includes('{{') || filled === template ? undefined : filled;
}

/** Fills `image` values of the documents in place; returns the ranges of the scalars filled. */
export function fillChartValues(documents: readonly Document.Parsed[], valuesText: string): OffsetRange[] {
  const lookup = chartValuesLookup(valuesText);
  if (!lookup) return [];
  const filled: OffsetRange[] = [];
  const stack: unknown[] = documents.map((d) => d.contents);
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) stack.push(item);
      continue;
    }
    if (!isPair(node)) continue;
    stack.push(node.value);
    const key = node.key;
    const value = node.value as Scalar | undefined;
    if (!isScalar(key) || key.value !== 'image' || !isScalar(value) || typeof value.value !== 'string' || !value.range) continue;
    if (!value.value.includes('{{')) continue;
    const result = fill(value.value, lookup);
    if (result === undefined) continue;
    value.value = result;
    filled.push({ start: value.range[0], end: value.range[1] });
  }
  return filled;
}
