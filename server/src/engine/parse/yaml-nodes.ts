// Small helpers shared by the CI models: node ranges without trailing blank lines or comments, and
// mapping a piece of a scalar's value back to its exact offsets in the source.
import { isAlias, isMap, isPair, isScalar, isSeq, type Scalar, type YamlNode } from './yaml.js';
import type { OffsetRange } from '../types.js';
import type { CiScalar } from '../dialects/ci-model.js';

/**
 * [start, end) of a node's content. Block collections in `yaml` end after their trailing newline
 * (and comments); this ends at the last value instead, which is what a diagnostic should cover.
 */
export function contentRange(node: unknown): OffsetRange | undefined {
  const r = (node as { range?: [number, number, number] | null } | null | undefined)?.range;
  if (!r) return undefined;
  let end = r[1];
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1] as unknown;
    const tail = isPair(last) ? (last.value ?? last.key) : last;
    const inner = contentRange(tail);
    if (inner) end = inner.end;
  }
  return { start: r[0], end: Math.max(r[0], end) };
}

/** Trims trailing whitespace from a range (block scalars keep their final newline in `range`). */
export function trimRange(text: string, range: OffsetRange): OffsetRange {
  let end = range.end;
  while (end > range.start && /\s/.test(text[end - 1])) end -= 1;
  return { start: range.start, end };
}

/** The range a diagnostic should cover for a node: its content, trailing whitespace trimmed. */
export function nodeSpan(text: string, node: unknown): OffsetRange | undefined {
  const r = contentRange(node);
  return r ? trimRange(text, r) : undefined;
}

/** A scalar (number and boolean values stringified) as a CiScalar, or undefined for other nodes. */
export function toCiScalar(text: string, node: unknown): CiScalar | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return undefined;
  const range = nodeSpan(text, node);
  if (!range) return undefined;
  return { value: typeof v === 'string' ? v : String(v), range, node: node as YamlNode };
}

/** A scalar whose value may be null (an empty `KEY:` or `KEY: ""`), as its string form or ''. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

/**
 * The source offsets of the `occurrence`-th `needle` inside a scalar's value, when they can be found
 * exactly: the needle must appear as many times in the raw source of the node as in its value (so
 * escapes, folding or quoting never shift it). Otherwise undefined; callers fall back to the node.
 */
export function locateInScalar(
  text: string,
  value: string,
  range: OffsetRange,
  needle: string,
  occurrence = 0,
): OffsetRange | undefined {
  if (needle.length === 0) return undefined;
  const raw = text.slice(range.start, range.end);
  const inValue = occurrences(value, needle);
  const inRaw = occurrences(raw, needle);
  if (inValue.length !== inRaw.length || occurrence >= inRaw.length) return undefined;
  const at = range.start + inRaw[occurrence];
  return { start: at, end: at + needle.length };
}

/**
 * Where the piece `start`–`end` of a scalar's value (a script's words, by their spans) is written: the
 * same text's occurrence of the same rank in the source, or the whole scalar when it cannot be placed exactly.
 */
export function placeInScalar(text: string, value: string, range: OffsetRange, start: number, end: number): OffsetRange {
  const raw = value.slice(start, end);
  let n = 0;
  for (let i = value.indexOf(raw); i >= 0 && i < start; i = value.indexOf(raw, i + raw.length)) n++;
  return locateInScalar(text, value, range, raw, n) ?? range;
}

/**
 * Places pieces of one scalar's value in the source: the n-th lookup of the same text maps to its
 * n-th occurrence, and a piece that cannot be placed exactly falls back to the whole scalar.
 */
export function scalarLocator(text: string, value: string, range: OffsetRange): (needle: string) => OffsetRange {
  const counts = new Map<string, number>();
  return (needle) => {
    const n = counts.get(needle) ?? 0;
    counts.set(needle, n + 1);
    return locateInScalar(text, value, range, needle, n) ?? range;
  };
}

function occurrences(haystack: string, needle: string): number[] {
  const out: number[] = [];
  let i = haystack.indexOf(needle);
  while (i >= 0) {
    out.push(i);
    i = haystack.indexOf(needle, i + needle.length);
  }
  return out;
}

/** `&name` when a value is an alias to an anchored node, else undefined. */
export function aliasLabel(node: unknown): string | undefined {
  return isAlias(node) ? `&${node.source}` : undefined;
}
