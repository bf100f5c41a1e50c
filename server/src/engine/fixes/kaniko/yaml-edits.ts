// Line-level YAML edits shared by the GitLab, GitHub Actions and Kubernetes emitters: the lines a pair or a
// block-sequence item occupies, deleting an item together with the comment block directly above it,
// and scalar/shell quoting for generated text. Everything outside the returned ranges stays as is.
import { isMap, isPair, isScalar, isSeq, parseYaml, type Pair, type Scalar } from '../../parse/yaml.js';
import type { Edit } from '../../types.js';

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

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
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

function plainSafe(value: string): boolean {
  if (value === '' || value !== value.trim() || /[\n\r]/.test(value)) return false;
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
