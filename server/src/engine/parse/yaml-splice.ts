// Re-parses only the entries of a YAML file that an edit touched. A GitLab CI file is one block
// mapping whose keys (jobs, templates, `variables`) start at column 0, and its jobs are block mappings
// too. Text from one key of a block mapping to the next parses the same on its own as inside the file,
// given stand-in keys for the entries that enclose it: the parser is at the start of a key of that
// mapping either way, and the next key at that indentation or less closes whatever the entry opened.
// So a keystroke in a job's script re-parses that script entry, and the entries after it only move by
// the edit's length. Anything that could make the text around the edit parse differently falls back
// to a level up, and at the top to a whole parse.
import { isMap, isPair, isSeq, isScalar, parseYaml, type Document, type ParsedYaml, type YAMLMap, type YAMLSeq } from './yaml.js';

/** A text and its parse, kept to re-parse the next version of the same file. */
export interface YamlBase {
  text: string;
  yaml: ParsedYaml;
}

/** Directives and document markers change how the text around them parses. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.|%)/m;
/** Only blank and comment lines may come before the first key of the re-parsed text. */
const BLANK_OR_COMMENT_LINES = /^(?:[ \t\r]*(?:#[^\n]*)?\n)*$/;
/** Stands for the entry after the re-parsed text. */
const NEXT_KEY = 'next:\n';
/** Levels tried, from the deepest up, before falling back to a whole parse. */
const MAX_TRIES = 4;
/** Re-parsing more than this share of the file costs about as much as parsing all of it. */
const DEFAULT_MAX_REPARSED_SHARE = 0.5;

function shallowClone<T extends object>(value: T): T {
  // Property descriptors, not Object.assign: the yaml library marks node types with non-enumerable symbols.
  return Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value)) as T;
}

/** Moves a node and everything under it by `delta` characters. */
function shiftNode(node: unknown, delta: number): void {
  if (node === null || typeof node !== 'object') return;
  if (isPair(node)) {
    shiftNode(node.key, delta);
    shiftNode(node.value, delta);
    return;
  }
  const range = (node as { range?: [number, number, number] }).range;
  if (range) {
    range[0] += delta;
    range[1] += delta;
    range[2] += delta;
  }
  if (isMap(node) || isSeq(node)) for (const item of node.items) shiftNode(item, delta);
}

type Range = [number, number, number];
type Collection = YAMLMap | YAMLSeq;

/**
 * Where the entries of a block collection start: a mapping's keys each alone at the start of a line
 * (or, in a mapping that is a sequence item, the first key after the item's dash), a sequence's items
 * each after a dash at the start of a line; all at one indentation.
 */
interface Layout {
  kind: 'map' | 'seq';
  /** Column of the keys, or of the dashes. */
  indent: number;
  /** Offsets of the entries' lines. */
  lineStarts: number[];
  /** 1 for a mapping whose first key shares its line with a sequence dash: that entry is never re-parsed alone. */
  firstReparsable: number;
}

function rangeOf(node: unknown): Range | undefined {
  return (node as { range?: Range | null } | null)?.range ?? undefined;
}

function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow && node.items.length > 0;
}

function isBlockCollection(node: unknown): node is Collection {
  return (isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0;
}

function spacesBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/** Offset of the `- ` that `start` follows on its line (after indentation), or -1. */
function dashBefore(text: string, lineStart: number, start: number): number {
  let dash = lineStart;
  while (text.charCodeAt(dash) === 32) dash++;
  const ok = start > dash + 1 && text.charCodeAt(dash) === 45 && text.charCodeAt(dash + 1) === 32 && spacesBetween(text, dash + 1, start);
  return ok ? dash : -1;
}

/** The layout of a block collection's entries, or undefined when they are not laid out one per line. */
function layoutOf(text: string, node: Collection, compact = false): Layout | undefined {
  const lineStarts: number[] = [];
  let indent = -1;
  const seq = isSeq(node);
  for (let j = 0; j < node.items.length; j++) {
    const item: unknown = node.items[j];
    const head = seq ? item : isPair(item) ? item.key : undefined;
    // Keys must be scalars; an empty entry (a line starting with `:`, or a bare dash) is placed elsewhere.
    if (!seq && !isScalar(head)) return undefined;
    const range = rangeOf(head);
    if (!range || range[1] <= range[0]) return undefined;
    const start = range[0];
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    let column: number;
    if (seq || (compact && j === 0)) {
      // A sequence item, or the first key of a sequence item's mapping, starts on the item's dash line
      // (a node under a bare dash has another dash, or none, on its own line).
      const dash = dashBefore(text, lineStart, start);
      if (dash < 0) return undefined;
      column = (seq ? dash : start) - lineStart;
    } else {
      if (!spacesBetween(text, lineStart, start)) return undefined;
      column = start - lineStart;
    }
    if (indent === -1) indent = column;
    else if (column !== indent) return undefined;
    lineStarts.push(lineStart);
  }
  if (indent === -1) return undefined;
  return { kind: seq ? 'seq' : 'map', indent, lineStarts, firstReparsable: compact ? 1 : 0 };
}

/** The block collection a level's entry holds, with its layout, if the splice may go down into it. */
function innerOf(text: string, level: { node: Collection; layout: Layout }, index: number): { node: Collection; layout: Layout } | undefined {
  const item: unknown = level.node.items[index];
  const value = level.layout.kind === 'map' ? (isPair(item) ? item.value : undefined) : item;
  if (!isBlockCollection(value) || !value.range) return undefined;
  if (level.layout.kind === 'seq') {
    // A sequence item is gone into only when it is a mapping that starts on the item's dash line.
    if (!isMap(value)) return undefined;
    const layout = layoutOf(text, value, true);
    return layout && layout.lineStarts[0] === level.layout.lineStarts[index] ? { node: value, layout } : undefined;
  }
  const layout = layoutOf(text, value);
  if (!layout) return undefined;
  // A sequence may sit at its key's indentation; a mapping must be indented further.
  const deeper = layout.kind === 'seq' ? layout.indent >= level.layout.indent : layout.indent > level.layout.indent;
  return deeper && layout.lineStarts[0] > level.layout.lineStarts[index] ? { node: value, layout } : undefined;
}

function blockMapOf(yaml: ParsedYaml): YAMLMap | undefined {
  if (yaml.errors.length > 0 || yaml.documents.length !== 1) return undefined;
  const contents = yaml.documents[0].contents;
  if (!isBlockMap(contents) || contents.anchor || contents.tag) return undefined;
  return contents;
}

/** One collection on the way from the document's root to the entries that hold the change. */
interface Level {
  node: Collection;
  layout: Layout;
  /** End of the text that belongs to this collection's entries (old offsets). */
  end: number;
  /** The entries that hold the change (one entry, the way down, on every level but the last). */
  from: number;
  last: number;
}

/** Moves a collection's `[1]`/`[2]` range ends: to those of a re-parsed part, or by the edit's length. */
function movedRange(range: Range, start: number, end: [number, number] | undefined, delta: number): Range {
  return [start, end ? end[0] : range[1] + delta, end ? end[1] : range[2] + delta];
}

/** Where an entry's content starts (its key, or the node after its dash). */
function entryStart(item: unknown): number | undefined {
  return rangeOf(isPair(item) ? item.key : item)?.[0];
}

interface Change {
  old: string;
  text: string;
  doc: Document.Parsed;
  delta: number;
  limit: number;
}

/**
 * The parse of `text`, built from the parse of an earlier version by re-parsing only the entries the
 * change touched, going down through nested block collections (a GitHub Actions job under `jobs:`, a
 * Compose service under `services:`, a container of a pod) while one entry holds the whole change.
 * Undefined when that cannot be done exactly (the caller parses whole).
 *
 * The base is consumed: the entries after the edit are shared with the result and moved in place,
 * so `base.yaml` must not be read again. Node ranges, values, tags and anchors are those of a whole
 * parse; source tokens, comments and warnings of the result are not kept up to date.
 */
export function spliceYaml(base: YamlBase, text: string, maxReparsedShare = DEFAULT_MAX_REPARSED_SHARE): ParsedYaml | undefined {
  const old = base.text;
  if (old === text) return base.yaml;
  const root = blockMapOf(base.yaml);
  if (!root || DOCUMENT_MARKER.test(old)) return undefined;
  const doc = base.yaml.documents[0];
  const rootLayout = layoutOf(old, root);
  if (!rootLayout || rootLayout.indent !== 0 || !root.range || !doc.range) return undefined;

  // The changed region: old [first, oldEnd) became new [first, oldEnd + delta).
  const shorter = Math.min(old.length, text.length);
  let first = 0;
  while (first < shorter && old.charCodeAt(first) === text.charCodeAt(first)) first++;
  let same = 0;
  while (same < shorter - first && old.charCodeAt(old.length - 1 - same) === text.charCodeAt(text.length - 1 - same)) same++;
  const oldEnd = old.length - same;

  // Entries from..last hold the change and the character before it, which must come after the key
  // (or dash) of `from`: text typed before it (in its indentation, or a line above) may extend the
  // entry before, whose last node ends after the comments that follow it. While one entry holds the
  // change, go down into its value if that is a block collection laid out one entry per line and the
  // change lies among its entries.
  const levels: Level[] = [];
  let current: { node: Collection; layout: Layout } | undefined = { node: root, layout: rootLayout };
  let end = old.length;
  while (current) {
    const { node, layout } = current;
    const starts = layout.lineStarts;
    let from = starts.length - 1;
    while (from >= 0 && starts[from] + layout.indent > Math.max(0, first - 1)) from--;
    if (from < layout.firstReparsable) break;
    let last = from;
    while (last + 1 < starts.length && starts[last + 1] < oldEnd) last++;
    levels.push({ node, layout, end, from, last });
    if (from !== last) break;
    end = last + 1 < starts.length ? starts[last + 1] : end;
    current = innerOf(old, current, from);
  }
  const change: Change = { old, text, doc, delta: text.length - old.length, limit: maxReparsedShare * text.length };
  // The deepest level first; text that leaves its collection (a line typed less indented) needs a level
  // up. A few tries bound the work on deeply nested text; past them a whole parse is as cheap.
  for (let depth = levels.length - 1; depth >= Math.max(0, levels.length - MAX_TRIES); depth--) {
    const spliced = spliceAt(change, levels.slice(0, depth + 1));
    if (spliced) return spliced;
  }
  return undefined;
}

/** The stand-in line that opens a level's entry on the way down, at its indentation. */
function standInOpening(level: Level, next: Level | undefined): string {
  if (level.layout.kind === 'map') return ' '.repeat(level.layout.indent) + NEXT_KEY;
  // A sequence item's mapping: a dash, then a stand-in first key at the mapping's column.
  const column = next!.layout.indent;
  return ' '.repeat(level.layout.indent) + '-' + ' '.repeat(column - level.layout.indent - 1) + NEXT_KEY;
}

/** Re-parses the entries from..last of the last level; undefined when the result would not be exact. */
function spliceAt(change: Change, levels: Level[]): ParsedYaml | undefined {
  const { old, text, doc, delta } = change;
  const path = levels.slice(0, -1);
  const { node, layout, from, last, end } = levels[levels.length - 1];
  const items: unknown[] = node.items;
  const starts = layout.lineStarts;
  const chunkStart = starts[from];
  const isLast = last + 1 === items.length;
  const oldChunkEnd = isLast ? end : starts[last + 1];
  const chunkEnd = oldChunkEnd + delta;
  // What follows the change must still start a line, or it joined the edited text.
  if (chunkEnd < chunkStart || (oldChunkEnd < old.length && text.charCodeAt(chunkEnd - 1) !== 10)) return undefined;
  const chunk = text.slice(chunkStart, chunkEnd);
  if (chunk.length > change.limit || DOCUMENT_MARKER.test(chunk)) return undefined;

  // The part is parsed inside stand-ins for its enclosing entries and followed by a stand-in for the
  // line after it (a key or a sequence item, at its indentation): then it parses as it does in the
  // file, down to where its last node ends (which differs at the end of a document when a comment
  // follows).
  let prefix = '';
  for (let k = 0; k < path.length; k++) prefix += standInOpening(path[k], levels[k + 1]);
  let suffix = '';
  // The level whose entry the line after the part is (-1: none, at the end of the file).
  let nextLevel = -1;
  if (oldChunkEnd < old.length) {
    let indent = 0;
    while (old.charCodeAt(oldChunkEnd + indent) === 32) indent++;
    const dash = old.charCodeAt(oldChunkEnd + indent) === 45 && /[ \r\n]/.test(old[oldChunkEnd + indent + 1] ?? '\n');
    suffix = ' '.repeat(indent) + (dash ? '- next\n' : NEXT_KEY);
    for (let k = levels.length - 1; k >= 0 && nextLevel < 0; k--) {
      if (levels[k].layout.indent === indent && (levels[k].layout.kind === 'seq') === dash) nextLevel = k;
    }
    if (nextLevel < 0) return undefined;
  }
  const source = prefix + chunk + suffix;
  const partEnd = prefix.length + chunk.length;
  const part = parseYaml(source);

  // Every enclosing stand-in must hold only its stand-in entry and, on the level it belongs to, the
  // stand-in for the line after the part.
  let partNode: unknown = blockMapOf(part);
  const standIns: Collection[] = [];
  for (let k = 0; k < path.length; k++) {
    const outer = path[k];
    if (!isBlockCollection(partNode) || !partNode.range || isSeq(partNode) !== (outer.layout.kind === 'seq')) return undefined;
    standIns.push(partNode);
    const outerItems: unknown[] = partNode.items;
    if (outerItems.length !== (k === nextLevel ? 2 : 1)) return undefined;
    if (k === nextLevel && (entryStart(outerItems[1]) ?? -1) < partEnd) return undefined;
    partNode = isPair(outerItems[0]) ? outerItems[0].value : outerItems[0];
  }
  if (!isBlockCollection(partNode) || !partNode.range || isSeq(partNode) !== (layout.kind === 'seq')) return undefined;
  const partLayout = layoutOf(source, partNode, layout.firstReparsable === 1);
  if (!partLayout || partLayout.indent !== layout.indent) return undefined;
  const partItems: unknown[] = partNode.items.slice(layout.firstReparsable);
  const partStarts = partLayout.lineStarts.slice(layout.firstReparsable);
  if (nextLevel === path.length) {
    if (partStarts.pop() !== partEnd) return undefined;
    partItems.pop();
  }
  if (partStarts.length === 0 || partStarts[partStarts.length - 1] >= partEnd) return undefined;
  if (partStarts[0] < prefix.length || !BLANK_OR_COMMENT_LINES.test(chunk.slice(0, partStarts[0] - prefix.length))) return undefined;

  const shift = chunkStart - prefix.length;
  for (const item of partItems) shiftNode(item, shift);
  if (delta !== 0) {
    for (let j = last + 1; j < items.length; j++) shiftNode(items[j], delta);
    for (const outer of path) for (let j = outer.from + 1; j < outer.node.items.length; j++) shiftNode(outer.node.items[j], delta);
  }

  // New collections from the re-parsed level up to the root; the entries beside the way are shared.
  const [partStart, partValueEnd, partNodeEnd] = partNode.range;
  let replaced: Collection = shallowClone(node);
  replaced.items = [...items.slice(0, from), ...partItems, ...items.slice(last + 1)] as typeof replaced.items;
  replaced.range = movedRange(node.range!, from === 0 ? partStart + shift : node.range![0], isLast ? [partValueEnd + shift, partNodeEnd + shift] : undefined, delta);
  // Whether the re-parsed part ends the collection at each level, up from the re-parsed one.
  let endsHere = isLast;
  for (let k = path.length - 1; k >= 0; k--) {
    const outer = path[k];
    endsHere &&= outer.from === outer.node.items.length - 1;
    const outerItems: unknown[] = outer.node.items;
    let entry: unknown = replaced;
    if (isPair(outerItems[outer.from])) {
      const pair = shallowClone(outerItems[outer.from] as object) as { value: unknown };
      pair.value = replaced;
      entry = pair;
    }
    const parent: Collection = shallowClone(outer.node);
    parent.items = [...outerItems.slice(0, outer.from), entry, ...outerItems.slice(outer.from + 1)] as typeof parent.items;
    // When the part ends it, the collection ends where its stand-in ends (after any comments at its
    // own indentation); otherwise it moves with the edit.
    const standIn = endsHere ? standIns[k].range! : undefined;
    parent.range = movedRange(outer.node.range!, outer.node.range![0], standIn ? [standIn[1] + shift, standIn[2] + shift] : undefined, delta);
    replaced = parent;
  }

  const spliced = shallowClone(doc) as Document.Parsed;
  spliced.contents = replaced as unknown as Document.Parsed['contents'];
  const partRange = part.documents[0].range;
  spliced.range = [
    path.length === 0 && from === 0 ? partRange[0] + shift : doc.range[0],
    endsHere ? partRange[1] + shift : doc.range[1] + delta,
    endsHere ? partRange[2] + shift : doc.range[2] + delta,
  ];
  spliced.errors = [];
  spliced.warnings = [];
  return { documents: [spliced], errors: [] };
}
