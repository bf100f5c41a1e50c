// Re-parses only the top-level entries of a YAML file that an edit touched. A GitLab CI file is one
// block mapping whose keys (jobs, templates, `variables`) start at column 0. Text from one such key
// to the next parses the same on its own as inside the file: the parser is at the start of a
// top-level key either way, and the next column-0 key closes whatever the entry opened. So a
// keystroke in one job re-parses that job, and the entries after it only move by the edit's length.
// Anything that could make the text around the edit parse differently falls back to a whole parse.
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

/** Start offsets of the top-level keys, when every one is a scalar at the start of a line. */
function keyLineStarts(text: string, map: YAMLMap): number[] | undefined {
  const starts: number[] = [];
  for (const pair of map.items) {
    const key = pair.key;
    if (!isScalar(key) || !key.range) return undefined;
    const start = key.range[0];
    // An empty key (a line starting with `:`) is placed at the end of the line before.
    if (key.range[1] <= start || (start > 0 && text.charCodeAt(start - 1) !== 10)) return undefined;
    starts.push(start);
  }
  return starts;
}

function blockMapOf(yaml: ParsedYaml): YAMLMap | undefined {
  if (yaml.errors.length > 0 || yaml.documents.length !== 1) return undefined;
  const contents = yaml.documents[0].contents;
  if (!isMap(contents) || contents.flow || contents.items.length === 0 || contents.anchor || contents.tag) return undefined;
  return contents as YAMLMap;
}

/**
 * The parse of `text`, built from the parse of an earlier version by re-parsing only the top-level
 * entries the change touched; undefined when that cannot be done exactly (the caller parses whole).
 *
 * The base is consumed: the entries after the edit are shared with the result and moved in place,
 * so `base.yaml` must not be read again. Node ranges, values, tags and anchors are those of a whole
 * parse; source tokens, comments and warnings of the result are not kept up to date.
 */
export function spliceYaml(base: YamlBase, text: string, maxReparsedShare = DEFAULT_MAX_REPARSED_SHARE): ParsedYaml | undefined {
  const old = base.text;
  if (old === text) return base.yaml;
  const map = blockMapOf(base.yaml);
  if (!map || DOCUMENT_MARKER.test(old)) return undefined;
  const doc = base.yaml.documents[0];
  const items = map.items;
  const starts = keyLineStarts(old, map);
  if (!starts || !map.range || !doc.range) return undefined;

  // The changed region: old [first, oldEnd) became new [first, oldEnd + delta).
  const shorter = Math.min(old.length, text.length);
  let first = 0;
  while (first < shorter && old.charCodeAt(first) === text.charCodeAt(first)) first++;
  let same = 0;
  while (same < shorter - first && old.charCodeAt(old.length - 1 - same) === text.charCodeAt(text.length - 1 - same)) same++;
  const oldEnd = old.length - same;
  const delta = text.length - old.length;

  // Entries from..last hold the change and the character before it: text typed at the start of a key
  // line may extend the entry before (a comment there ends that entry's last node). An edit before
  // the first key falls back.
  let from = items.length - 1;
  while (from >= 0 && starts[from] > Math.max(0, first - 1)) from--;
  if (from < 0) return undefined;
  let last = from;
  while (last + 1 < items.length && starts[last + 1] < oldEnd) last++;
  const chunkStart = starts[from];
  const isLast = last + 1 === items.length;
  const chunkEnd = isLast ? text.length : starts[last + 1] + delta;
  // The entry after the change must still start a line, or it joined the edited text.
  if (!isLast && text.charCodeAt(chunkEnd - 1) !== 10) return undefined;
  const chunk = text.slice(chunkStart, chunkEnd);
  if (chunk.length > maxReparsedShare * text.length || DOCUMENT_MARKER.test(chunk)) return undefined;

  // Followed by a key, as in the file, the part's last node ends where it ends there (a node before
  // a trailing comment ends differently at the end of a document); that key is dropped afterwards.
  const part = parseYaml(isLast ? chunk : chunk + NEXT_KEY);
  const partMap = blockMapOf(part);
  if (!partMap || !partMap.range) return undefined;
  const partStarts = keyLineStarts(chunk, partMap);
  if (!isLast) {
    if (partStarts?.pop() !== chunk.length) return undefined;
    partMap.items.pop();
  }
  if (!partStarts || partStarts.length === 0 || !BLANK_OR_COMMENT_LINES.test(chunk.slice(0, partStarts[0]))) return undefined;

  for (const pair of partMap.items) shiftNode(pair, chunkStart);
  if (delta !== 0) for (let j = last + 1; j < items.length; j++) shiftNode(items[j], delta);

  const contents = shallowClone(map);
  contents.items = [...items.slice(0, from), ...partMap.items, ...items.slice(last + 1)];
  const [partStart, partValueEnd, partNodeEnd] = partMap.range;
  contents.range = [
    from === 0 ? partStart + chunkStart : map.range[0],
    isLast ? partValueEnd + chunkStart : map.range[1] + delta,
    isLast ? partNodeEnd + chunkStart : map.range[2] + delta,
  ];
  const spliced = shallowClone(doc) as Document.Parsed;
  spliced.contents = contents as unknown as Document.Parsed['contents'];
  const partRange = part.documents[0].range;
  spliced.range = [
    from === 0 ? partRange[0] + chunkStart : doc.range[0],
    isLast ? partRange[1] + chunkStart : doc.range[1] + delta,
    isLast ? partRange[2] + chunkStart : doc.range[2] + delta,
  ];
  spliced.errors = [];
  spliced.warnings = [];
  return { documents: [spliced], errors: [] };
}
