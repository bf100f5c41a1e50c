// Re-parses only the entries of a YAML file that an edit touched. A GitLab CI file is one block
// mapping whose keys (jobs, templates, `variables`) start at column 0, and its jobs are block mappings
// too. Text from one key of a block mapping to the next parses the same on its own as inside the file,
// given stand-in keys for the entries that enclose it: the parser is at the start of a key of that
// mapping either way, and the next key at that indentation or less closes whatever the entry opened.
// So a keystroke in a job's script re-parses that script entry, and the entries after it only move by
// the edit's length. Anything that could make the text around the edit parse differently falls back
// to a level up, and at the top to a whole parse.
import { isMap, isPair, isSeq, isScalar, parseYaml, type Document, type ParsedYaml, type YAMLMap } from './yaml.js';

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

/** A block mapping's keys: each a scalar alone at the start of its line, all at one indentation. */
interface KeyLayout {
  indent: number;
  /** Offsets of the keys' lines. */
  lineStarts: number[];
}

function keyLayout(text: string, map: YAMLMap): KeyLayout | undefined {
  const lineStarts: number[] = [];
  let indent = -1;
  for (const pair of map.items) {
    const key = pair.key;
    if (!isScalar(key) || !key.range) return undefined;
    const start = key.range[0];
    // An empty key (a line starting with `:`) is placed at the end of the line before.
    if (key.range[1] <= start) return undefined;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    for (let i = lineStart; i < start; i++) if (text.charCodeAt(i) !== 32) return undefined;
    if (indent === -1) indent = start - lineStart;
    else if (start - lineStart !== indent) return undefined;
    lineStarts.push(lineStart);
  }
  return indent === -1 ? undefined : { indent, lineStarts };
}

function blockMapOf(yaml: ParsedYaml): YAMLMap | undefined {
  if (yaml.errors.length > 0 || yaml.documents.length !== 1) return undefined;
  const contents = yaml.documents[0].contents;
  if (!isBlockMap(contents) || contents.anchor || contents.tag) return undefined;
  return contents;
}

function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow && node.items.length > 0;
}

/** One mapping on the way from the document's root to the entries that hold the change. */
interface Level {
  map: YAMLMap;
  layout: KeyLayout;
  /** End of the text that belongs to this mapping's entries (old offsets). */
  end: number;
  /** The entries that hold the change (one entry, the way down, on every level but the last). */
  from: number;
  last: number;
}

/** Moves the mapping's `[1]`/`[2]` range ends: to those of a re-parsed part, or by the edit's length. */
function movedRange(range: [number, number, number], start: number, end: [number, number] | undefined, delta: number): [number, number, number] {
  return [start, end ? end[0] : range[1] + delta, end ? end[1] : range[2] + delta];
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
 * change touched, going down through nested block mappings (a GitHub Actions job under `jobs:`, a
 * Compose service under `services:`) while one entry holds the whole change. Undefined when that
 * cannot be done exactly (the caller parses whole).
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
  const rootLayout = keyLayout(old, root);
  if (!rootLayout || rootLayout.indent !== 0 || !root.range || !doc.range) return undefined;

  // The changed region: old [first, oldEnd) became new [first, oldEnd + delta).
  const shorter = Math.min(old.length, text.length);
  let first = 0;
  while (first < shorter && old.charCodeAt(first) === text.charCodeAt(first)) first++;
  let same = 0;
  while (same < shorter - first && old.charCodeAt(old.length - 1 - same) === text.charCodeAt(text.length - 1 - same)) same++;
  const oldEnd = old.length - same;

  // Entries from..last hold the change and the character before it, which must come after the key
  // of `from`: text typed before a key (in its indentation, or a line above it) may extend the entry
  // before, whose last node ends after the comments that follow it. While one entry holds the change,
  // go down into its value if that is a block mapping whose keys are laid out the same way and the
  // change lies among them.
  const levels: Level[] = [];
  let map = root;
  let layout = rootLayout;
  let end = old.length;
  for (;;) {
    const starts = layout.lineStarts;
    let from = starts.length - 1;
    while (from >= 0 && starts[from] + layout.indent > Math.max(0, first - 1)) from--;
    if (from < 0) break;
    let last = from;
    while (last + 1 < starts.length && starts[last + 1] < oldEnd) last++;
    levels.push({ map, layout, end, from, last });
    if (from !== last) break;
    const value = map.items[from].value;
    const inner = isBlockMap(value) && value.range ? keyLayout(old, value) : undefined;
    if (!inner || inner.indent <= layout.indent || first - 1 < inner.lineStarts[0] + inner.indent) break;
    end = last + 1 < starts.length ? starts[last + 1] : end;
    map = value as YAMLMap;
    layout = inner;
  }
  const change: Change = { old, text, doc, delta: text.length - old.length, limit: maxReparsedShare * text.length };
  // The deepest level first; text that leaves its mapping (a line typed less indented) needs a level up.
  for (let depth = levels.length - 1; depth >= 0; depth--) {
    const spliced = spliceAt(change, levels.slice(0, depth + 1));
    if (spliced) return spliced;
  }
  return undefined;
}

/** Re-parses the entries from..last of the last level; undefined when the result would not be exact. */
function spliceAt(change: Change, levels: Level[]): ParsedYaml | undefined {
  const { old, text, doc, delta } = change;
  const path = levels.slice(0, -1);
  const { map, layout, from, last, end } = levels[levels.length - 1];
  const items = map.items;
  const starts = layout.lineStarts;
  const chunkStart = starts[from];
  const isLast = last + 1 === items.length;
  const oldChunkEnd = isLast ? end : starts[last + 1];
  const chunkEnd = oldChunkEnd + delta;
  // What follows the change must still start a line, or it joined the edited text.
  if (chunkEnd < chunkStart || (oldChunkEnd < old.length && text.charCodeAt(chunkEnd - 1) !== 10)) return undefined;
  const chunk = text.slice(chunkStart, chunkEnd);
  if (chunk.length > change.limit || DOCUMENT_MARKER.test(chunk)) return undefined;

  // The part is parsed inside stand-ins for its enclosing keys and followed by a stand-in for the key
  // after it, at their indentations: then it parses as it does in the file, down to where its last
  // node ends (which differs at the end of a document when a comment follows).
  let prefix = '';
  for (const outer of path) prefix += ' '.repeat(outer.layout.indent) + NEXT_KEY;
  let suffix = '';
  if (oldChunkEnd < old.length) {
    let indent = 0;
    while (old.charCodeAt(oldChunkEnd + indent) === 32) indent++;
    suffix = ' '.repeat(indent) + NEXT_KEY;
  }
  const source = prefix + chunk + suffix;
  const partEnd = prefix.length + chunk.length;
  const part = parseYaml(source);
  // Every enclosing stand-in must hold only its stand-in key and, after the part, the one that follows.
  let partMap: unknown = blockMapOf(part);
  const standIns: YAMLMap[] = [];
  for (let k = 0; k < path.length; k++) {
    if (!isBlockMap(partMap) || !partMap.range) return undefined;
    standIns.push(partMap);
    const outerItems = partMap.items;
    for (let j = 1; j < outerItems.length; j++) {
      const key = outerItems[j].key as { range?: [number, number, number] } | null;
      if (!key?.range || key.range[0] < partEnd) return undefined;
    }
    partMap = outerItems[0].value;
  }
  if (!isBlockMap(partMap) || !partMap.range) return undefined;
  const partLayout = keyLayout(source, partMap);
  if (!partLayout || partLayout.indent !== layout.indent) return undefined;
  const partStarts = partLayout.lineStarts;
  if (partStarts[partStarts.length - 1] === partEnd) {
    partStarts.pop();
    partMap.items.pop();
  }
  if (partStarts.length === 0 || partStarts[partStarts.length - 1] >= partEnd) return undefined;
  if (partStarts[0] < prefix.length || !BLANK_OR_COMMENT_LINES.test(chunk.slice(0, partStarts[0] - prefix.length))) return undefined;

  const shift = chunkStart - prefix.length;
  for (const pair of partMap.items) shiftNode(pair, shift);
  if (delta !== 0) {
    for (let j = last + 1; j < items.length; j++) shiftNode(items[j], delta);
    for (const outer of path) for (let j = outer.from + 1; j < outer.map.items.length; j++) shiftNode(outer.map.items[j], delta);
  }

  // New mappings from the re-parsed level up to the root; the entries beside the way are shared.
  const [partStart, partValueEnd, partNodeEnd] = partMap.range;
  let replaced = shallowClone(map);
  replaced.items = [...items.slice(0, from), ...partMap.items, ...items.slice(last + 1)];
  replaced.range = movedRange(map.range!, from === 0 ? partStart + shift : map.range![0], isLast ? [partValueEnd + shift, partNodeEnd + shift] : undefined, delta);
  // Whether the re-parsed part ends the mapping at each level, up from the re-parsed one.
  let endsHere = isLast;
  for (let k = path.length - 1; k >= 0; k--) {
    const outer = path[k];
    endsHere &&= outer.from === outer.map.items.length - 1;
    const pair = shallowClone(outer.map.items[outer.from]);
    pair.value = replaced;
    const parent = shallowClone(outer.map);
    parent.items = [...outer.map.items.slice(0, outer.from), pair, ...outer.map.items.slice(outer.from + 1)];
    // When the part ends it, the mapping ends where its stand-in ends (after any comments at its own
    // indentation); otherwise it moves with the edit.
    const standIn = endsHere ? standIns[k].range! : undefined;
    parent.range = movedRange(outer.map.range!, outer.map.range![0], standIn ? [standIn[1] + shift, standIn[2] + shift] : undefined, delta);
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
