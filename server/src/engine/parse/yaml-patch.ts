// Comment-preserving YAML patches shared by every rewrite placement: the lines a pair or a
// block-sequence item occupies, replacing a value, adding keys and items, removing a pair or an
// item together with the comment block directly above it, scalar/shell quoting for generated text,
// and turning a rewritten block back into minimal line edits. Everything outside the returned
// ranges stays as is.
import { diffLines } from 'diff';
import type { Edit } from '../types.js';
import { isMap, isPair, isScalar, isSeq, parseYaml, type Pair, type Scalar } from './yaml.js';

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the newline ending the line that contains `offset - 1` (or the text end). */
export function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The last text asked about: a Kubernetes file offers a fix per container, each asking of the same text. */
let eolMemo: { text: string; eol: string } | undefined;

/** The file's line break: CRLF when any line ends so. */
export function eolOf(text: string): string {
  if (eolMemo?.text !== text) eolMemo = { text, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  return eolMemo.eol;
}

export function rangeOf(node: unknown): [number, number, number] | undefined {
  const r = (node as { range?: [number, number, number] | null } | null | undefined)?.range;
  return r ?? undefined;
}

/** End of a node's content: block collections end at their last value, not after trailing comments. */
export function contentEnd(node: unknown): number {
  const r = rangeOf(node)!;
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1] as unknown;
    const tail = isPair(last) ? (last.value ?? last.key) : last;
    if (tail && rangeOf(tail)) return Math.max(r[0], contentEnd(tail));
  }
  return r[1];
}

/** End of a node's text with trailing whitespace (a block scalar's final newline) trimmed. */
export function trimmedEnd(text: string, node: unknown): number {
  let end = contentEnd(node);
  const start = rangeOf(node)![0];
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

export function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String((pair.key as Scalar).value) : undefined;
}

export function pairNamed(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => keyOf(p) === key);
}

/** Whether only `- ` (and spaces) precede the offset on its line: the key shares the line with a dash. */
export function onDashLine(text: string, offset: number): boolean {
  return /-\s*$/.test(text.slice(lineStart(text, offset), offset));
}

/** The lines of a pair, from its key to the end of its value's last line (trailing comment included). */
export function pairLines(text: string, pair: Pair): { start: number; end: number } {
  const keyStart = rangeOf(pair.key)![0];
  const valueEnd = pair.value && rangeOf(pair.value) ? trimmedEnd(text, pair.value) : rangeOf(pair.key)![1];
  return { start: lineStart(text, keyStart), end: lineEndAfter(text, valueEnd) };
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function lineAt(text: string, start: number): { text: string; end: number } {
  const nl = text.indexOf('\n', start);
  const end = nl < 0 ? text.length : nl + 1;
  return { text: text.slice(start, end), end };
}

/**
 * Deletes a block-sequence item (from its dash line to the end of its last line) with the comment
 * lines directly above it; when that leaves two blank lines together, one of them goes too.
 */
export function deleteItemEdit(text: string, item: unknown): Edit {
  let start = lineStart(text, rangeOf(item)![0]);
  const end = lineEndAfter(text, trimmedEnd(text, item));
  while (start > 0) {
    const prev = lineStart(text, start - 1);
    if (!/^\s*#/.test(text.slice(prev, start))) break;
    start = prev;
  }
  let stop = end;
  const before = start > 0 ? text.slice(lineStart(text, start - 1), start) : '';
  if (stop < text.length) {
    const after = lineAt(text, stop);
    if ((start === 0 || isBlank(before)) && isBlank(after.text)) stop = after.end;
  }
  return { start, end: stop, text: '' };
}

/** Full-line comments inside [start, end), as written (without their line breaks). */
export function commentLines(text: string, start: number, end: number): string[] {
  return text
    .slice(start, end)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => /^\s*#/.test(l));
}

/** Whether `- value` reads back as the same plain scalar. */
function readsBackPlain(value: string): boolean {
  try {
    const parsed = parseYaml(`- ${value}\n`);
    const seq = parsed.documents[0]?.contents;
    if (parsed.errors.length > 0 || !isSeq(seq) || seq.items.length !== 1) return false;
    const item = seq.items[0];
    return isScalar(item) && (item as Scalar).type === 'PLAIN' && (item as Scalar).value === value;
  } catch {
    return false;
  }
}

function plainSafe(value: string): boolean {
  if (value === '' || value !== value.trim() || /[\n\r]/.test(value)) return false;
  return readsBackPlain(value);
}

/** A one-line YAML scalar: plain when it reads back the same, else double-quoted. */
export function yamlString(value: string): string {
  return plainSafe(value) ? value : JSON.stringify(value);
}

/**
 * A block scalar (`|`) holding `body` (lines without their indentation), its content at `indent`
 * columns under a key at `keyColumn` (the indentation indicator is needed when the body starts with a space).
 */
export function blockScalar(body: string, indent: number, keyColumn: number, eol: string): string {
  const lines = body.replace(/\r?\n$/, '').split(/\r?\n/);
  const indicator = /^[ \t]/.test(lines[0] ?? '') ? String(indent - keyColumn) : '';
  const pad = ' '.repeat(indent);
  return `|${indicator}` + lines.map((l) => eol + (l.trim() === '' ? '' : pad + l)).join('');
}

/** A word as one shell argument: as is when it has no special characters, else single-quoted. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Edits in offset order, with an insertion that sits where another edit starts folded into it
 * (insertion text first), so applying them never depends on the order of equal offsets.
 */
export function normalizeEdits(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start));
  const out: Edit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.start === prev.end && prev.start === e.start) {
      out[out.length - 1] = { start: e.start, end: e.end, text: prev.text + e.text };
      continue;
    }
    out.push({ ...e });
  }
  return out;
}

/** The lines of a pair up to its value's content end (a block scalar's trailing lines included). */
export function pairContentLines(text: string, pair: Pair): { start: number; end: number } {
  const keyStart = rangeOf(pair.key)![0];
  const end = pair.value && rangeOf(pair.value) ? contentEnd(pair.value) : rangeOf(pair.key)![1];
  return { start: lineStart(text, keyStart), end: lineEndAfter(text, end) };
}

/** A YAML flow scalar for a one-line string: plain when that reads back the same, else single- or double-quoted. */
export function yamlScalar(value: string): string {
  if (value !== '' && value === value.trim() && !value.includes('\n') && readsBackPlain(value)) return value;
  if (!value.includes('\n') && !/[\x00-\x1f]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

/** How a file nests block sequences: line break, indentation step, `key:\n  - a` versus `key:\n- a`. */
export interface SequenceLayout {
  eol: string;
  /** Extra indentation of a nested block under a key. */
  step: number;
  /** Whether block sequences are indented under their key. */
  indentedSequences: boolean;
}

/** A sequence item's value text (after `- `) for an item whose dash is at column `dash`; multi-line values become `|` blocks. */
export function itemValue(value: string, dash: number, layout: SequenceLayout): string {
  if (!value.includes('\n')) return yamlScalar(value);
  const body = value.replace(/\n+$/, '');
  const trailing = value.length - body.length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const indent = ' '.repeat(dash + 2);
  const lines = (trailing > 1 ? value.slice(0, -1) : body).split('\n');
  const indicator = /^[ \t]/.test(lines[0]) ? '2' : '';
  return `|${indicator}${chomp}` + lines.map((l) => layout.eol + (l === '' ? '' : indent + l)).join('');
}

/** A block sequence of values under a key at `keyColumn`, each item on its own line (leading line break included). */
export function blockSequence(items: string[], keyColumn: number, layout: SequenceLayout): string {
  const dash = layout.indentedSequences ? keyColumn + layout.step : keyColumn;
  return items.map((v) => `${layout.eol}${' '.repeat(dash)}- ${itemValue(v, dash, layout)}`).join('');
}

/** Replaces a pair's value (from after `key:` to the value's end) with new text. */
export function replaceValueEdit(text: string, pair: Pair, newValue: string): Edit {
  const keyEnd = rangeOf(pair.key)![1];
  const colon = text.indexOf(':', keyEnd);
  const end = pair.value && rangeOf(pair.value) ? contentEnd(pair.value) : colon + 1;
  return { start: colon + 1, end, text: newValue };
}

/** Removes a pair's lines, up to its value's content end. */
export function removePairEdit(text: string, pair: Pair): Edit {
  const { start, end } = pairContentLines(text, pair);
  return { start, end, text: '' };
}

/** Start of the comment lines directly above a line (they belong to the key below them). */
export function startWithComments(text: string, at: number): number {
  let start = at;
  while (start > 0) {
    const prev = lineStart(text, start - 1);
    if (!/^[ \t]*#/.test(text.slice(prev, start))) break;
    start = prev;
  }
  return start;
}

/** Splits a replacement of a block of text (starting at `offset`) into line-level edits. */
export function minimalEdits(original: string, updated: string, offset: number): Edit[] {
  const edits: Edit[] = [];
  let pos = offset;
  let pending: Edit | undefined;
  for (const part of diffLines(original, updated)) {
    if (part.added) {
      pending ??= { start: pos, end: pos, text: '' };
      pending.text += part.value;
    } else if (part.removed) {
      pending ??= { start: pos, end: pos, text: '' };
      pos += part.value.length;
      pending.end = pos;
    } else {
      if (pending) edits.push(pending);
      pending = undefined;
      pos += part.value.length;
    }
  }
  if (pending) edits.push(pending);
  return edits;
}

/** Insertions at the same offset become one, in the order they were planned. */
export function mergeInsertions(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) {
    const same = e.start === e.end ? out.find((o) => o.start === e.start && o.end === e.end) : undefined;
    if (same) same.text += e.text;
    else out.push({ ...e });
  }
  return out;
}
