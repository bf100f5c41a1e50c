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
  YAMLParseError,
  Scalar,
  YAMLMap,
  YAMLSeq,
  type Node as YamlNode,
  type Pair,
} from 'yaml';

import { fillChartValues } from './chart-values.js';
import { actionsOutsideScalars, hasTemplateActions, maskTemplates, type SkippedTemplateLine } from './template-mask.js';
import type { OffsetRange } from '../types.js';

export type { YamlNode, Pair };
export { isAlias, isMap, isPair, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq, Alias, Document };

export interface YamlSyntaxError {
  message: string;
  start: number;
  end: number;
  /** The error is one the tools that read these files accept; the document was read as they read it. */
  lenient?: boolean;
}

/** A document (or part of one) nested deeper than the limit: its contents are left out of the parse. */
export interface TooDeep {
  /** The document's most deeply nested line. */
  start: number;
  end: number;
}

export interface ParsedYaml {
  documents: Document.Parsed[];
  errors: YamlSyntaxError[];
  /** Documents left out because they nest deeper than `maxNestingDepth`. */
  tooDeep?: TooDeep[];
  /**
   * Set when Go-template actions were masked before parsing (./template-mask.ts): the lines that
   * could not be masked and were left out. Every document then carries an error, so that no fix
   * edits YAML it only saw with placeholders.
   */
  templateSkipped?: SkippedTemplateLine[];
  /** Ranges of `image` scalars whose value was filled from the chart's values.yaml (./chart-values.ts). */
  filled?: OffsetRange[];
}

export interface YamlLimits {
  /** Collections nested deeper than this are not analysed (their document is left empty). */
  maxNestingDepth?: number;
  /**
   * Mask Go-template actions before parsing: `always` (Kubernetes files, where Helm templates are
   * common and `{{ x }}` may even parse, as a flow mapping), `onError` (only when the text does not
   * parse as it is), or never (the default).
   */
  templates?: 'always' | 'onError';
  /** The text of the Helm chart's values.yaml, whose plain values fill templated image names. */
  chartValues?: string;
}

/**
 * Deep enough for any real manifest (CRD schemas reach about 40), shallow enough that every
 * recursive walk of a document (the YAML library's, the models') stays far from the stack limit.
 */
export const DEFAULT_MAX_NESTING_DEPTH = 500;

/**
 * Fixes edit by the nodes' ranges, never through the CST tokens, so the parse does not keep those
 * tokens on its nodes (they would double what a kept document holds, and what each collection costs).
 */
const PARSE_OPTIONS = { keepSourceTokens: false, uniqueKeys: false, prettyErrors: false, strict: false } as const;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** Raised for a parse that ran out of stack, whether the library threw or reported it as an error. */
class StackExhausted extends Error {}

function parseDocuments(text: string): Document.Parsed[] {
  let parsed;
  try {
    parsed = parseAllDocuments(text, PARSE_OPTIONS);
  } catch (error) {
    throw error instanceof RangeError ? new StackExhausted() : error;
  }
  // parseAllDocuments returns an EmptyStream (an array with an `empty` flag) for empty input.
  const documents = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
  // Parts of the library catch the overflow and report it as a syntax error, at a place that
  // depends on how much stack the caller left: never an answer to give.
  if (documents.some((d) => d.errors.some((e) => e.message.includes('call stack')))) throw new StackExhausted();
  return documents;
}

function syntaxErrors(documents: Document.Parsed[], lenient = false): YamlSyntaxError[] {
  const errors: YamlSyntaxError[] = [];
  for (const doc of documents) {
    for (const err of doc.errors) {
      const [start, end] = err.pos;
      errors.push({ message: err.message.split('\n')[0], start, end: Math.max(end, start + 1), ...(lenient ? { lenient } : {}) });
    }
  }
  return errors;
}

export function parseYaml(text: string, limits: YamlLimits = {}): ParsedYaml {
  const maxDepth = limits.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH;
  if (limits.templates && hasTemplateActions(text)) {
    // Kubernetes files are masked even when they parse (`image: {{ x }}` reads as a flow mapping),
    // unless every action sits inside a scalar.
    const always = limits.templates === 'always' && actionsOutsideScalars(text);
    const withValues = (result: ParsedYaml): ParsedYaml => {
      const filled = limits.chartValues === undefined ? [] : fillChartValues(result.documents, limits.chartValues);
      return filled.length > 0 ? { ...result, filled } : result;
    };
    const plain = always ? undefined : parseYaml(text, { maxNestingDepth: limits.maxNestingDepth });
    if (plain && plain.errors.length === 0) return withValues(plain);
    const masked = maskTemplates(text);
    const parsed = parseYaml(masked.text, { maxNestingDepth: limits.maxNestingDepth });
    if (plain && parsed.errors.length >= plain.errors.length) return withValues(plain);
    for (const doc of parsed.documents) restoreTemplateScalars(doc.contents, text, masked.text);
    for (const doc of parsed.documents) doc.errors.push(new YAMLParseError([doc.range[0], doc.range[0]], 'IMPOSSIBLE', 'template actions were masked'));
    return withValues({ ...parsed, templateSkipped: masked.skipped });
  }
  const tooDeep: TooDeep[] = [];
  const nesting = { maxScore: Number.POSITIVE_INFINITY };
  let source = blankOverNested(text, tooDeep, nesting);
  let documents: Document.Parsed[];
  try {
    documents = parseDocuments(source);
  } catch {
    // The parser recurses per nesting level; a stack overflow (or any other failure) loses only the
    // documents that cause it: they are blanked and the rest is parsed again.
    source = blankFailingDocuments(source, tooDeep);
    try {
      documents = parseDocuments(source);
    } catch {
      documents = [];
    }
  }
  let errors = syntaxErrors(documents);
  if (errors.length > 0) {
    const lenient = lenientText(source);
    if (lenient !== undefined) {
      const retried = tryParse(lenient);
      // Taken only when it leaves no error at all: the original errors stay on the documents (so
      // fixes still refuse to edit them) and are reported as accepted by kubectl.
      if (retried && retried.every((d) => d.errors.length === 0) && retried.length === documents.length) {
        retried.forEach((d, i) => d.errors.push(...documents[i].errors));
        errors = syntaxErrors(documents, true);
        documents = retried;
      }
    }
  }
  let starts: number[] | undefined;
  // Every level of nesting is a column of indentation, an indicator or a bracket, save the mapping an
  // item opens on its own line: a text whose nesting estimate stays clear of the cap needs no walk.
  const mayBeTooDeep = nesting.maxScore + 2 > maxDepth;
  for (const doc of mayBeTooDeep ? documents : []) {
    if (firstTooDeep(doc.contents, maxDepth) === undefined) continue;
    doc.contents = null;
    tooDeep.push(deepestLineOfChunk(text, (starts ??= chunkStarts(text)), doc.range[0]));
  }
  tooDeep.sort((a, b) => a.start - b.start);
  return tooDeep.length > 0 ? { documents, errors, tooDeep } : { documents, errors };
}

function tryParse(text: string): Document.Parsed[] | undefined {
  try {
    return parseDocuments(text);
  } catch {
    return undefined;
  }
}

/** The line holding `offset`. */
function lineAround(text: string, offset: number): TooDeep {
  const at = Math.max(0, Math.min(offset, text.length));
  const start = text.lastIndexOf('\n', at - 1) + 1;
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end: Math.max(end, start) };
}

/** Same length, same line breaks, nothing to parse. */
function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

/**
 * The text with every `---` document that the parser cannot parse on its own blanked (its marker
 * line kept, so document indexes do not move); each one is noted at its most deeply indented line.
 */
function blankFailingDocuments(text: string, tooDeep: TooDeep[]): string {
  const starts = chunkStarts(text);
  let out = '';
  for (let i = 0; i < starts.length; i++) {
    const chunk = text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : text.length);
    if (tryParse(chunk)) {
      out += chunk;
      continue;
    }
    const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/.test(chunk) ? 3 : 0;
    out += chunk.slice(0, marker) + blank(chunk.slice(marker));
    tooDeep.push(deepestLineOfChunk(text, starts, starts[i]));
  }
  return out;
}

/** Start offsets of the `---` (or `...`) chunks of the text, the first at 0. */
function chunkStarts(text: string): number[] {
  const starts = [0];
  DOCUMENT_MARKER.lastIndex = 0;
  for (let m = DOCUMENT_MARKER.exec(text); m; m = DOCUMENT_MARKER.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts;
}

/**
 * The most deeply nested line of the chunk holding `offset`: the same place whether the parser
 * overflowed on the document or parsed it and the depth check left it out.
 */
function deepestLineOfChunk(text: string, starts: readonly number[], offset: number): TooDeep {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  const start = starts[lo];
  const end = lo + 1 < starts.length ? starts[lo + 1] : text.length;
  return lineAround(text, start + deepestLine(text.slice(start, end)));
}

/**
 * The line with the most nesting indicators (indentation, `- ` and `? `, open `[` and `{`) and
 * that count: at least the nesting depth of the line in a block layout, give or take one level per
 * column, and never less than the YAML library's recursion for it. One pass over the chunk.
 */
function nestingEstimate(chunk: string): { offset: number; score: number } {
  let best = 0;
  let bestScore = -1;
  let flow = 0;
  for (let start = 0; start <= chunk.length;) {
    let end = chunk.indexOf('\n', start);
    if (end < 0) end = chunk.length;
    let k = start;
    while (k < end && chunk.charCodeAt(k) === 32) k++;
    const indent = k - start;
    let indicators = 0;
    let maxFlow = flow;
    for (; k < end; k++) {
      const c = chunk[k];
      if (c === '[' || c === '{') maxFlow = Math.max(maxFlow, ++flow);
      else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
      else if ((c === '-' || c === '?') && (chunk[k + 1] === ' ' || k + 1 === end)) indicators++;
    }
    const score = indent + indicators + maxFlow;
    if (score > bestScore) {
      bestScore = score;
      best = start;
    }
    start = end + 1;
  }
  return { offset: best, score: bestScore };
}

function deepestLine(chunk: string): number {
  return nestingEstimate(chunk).offset;
}

/**
 * Chunks whose nesting estimate is over this are never given to the YAML library: it recurses per
 * level, and on some shapes a stack overflow inside it does not end in an exception but in a loop
 * that exhausts memory. Twice the default depth cap, so that documents under the cap always parse.
 */
const PARSER_NESTING_LIMIT = 2 * DEFAULT_MAX_NESTING_DEPTH;

/**
 * The text with every chunk nested beyond what the parser can take blanked, or the text itself;
 * `nesting.maxScore` gets the highest nesting estimate of a chunk (it stays infinite when none is made).
 */
function blankOverNested(text: string, tooDeep: TooDeep[], nesting: { maxScore: number }): string {
  // Cheap test first: a text with fewer indicator characters than the limit cannot exceed it.
  if (text.length < PARSER_NESTING_LIMIT) return text;
  nesting.maxScore = 0;
  const starts = chunkStarts(text);
  const parts: string[] = [];
  let blanked = false;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const chunk = text.slice(start, end);
    const { offset, score } = nestingEstimate(chunk);
    nesting.maxScore = Math.max(nesting.maxScore, score);
    if (score <= PARSER_NESTING_LIMIT) {
      parts.push(chunk);
      continue;
    }
    const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/.test(chunk) ? 3 : 0;
    parts.push(chunk.slice(0, marker) + blank(chunk.slice(marker)));
    tooDeep.push(lineAround(text, start + offset));
    blanked = true;
  }
  return blanked ? parts.join('') : text;
}

/**
 * Flow scalars that held template actions get back their text as written (`{{ .Values.name }}`),
 * so messages name what the author wrote rather than placeholders; block scalars keep placeholders.
 */
function restoreTemplateScalars(root: unknown, text: string, masked: string): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) stack.push(item);
      continue;
    }
    if (!isScalar(node) || !node.range || typeof node.value !== 'string') continue;
    const [start, end] = node.range;
    const written = text.slice(start, end);
    if (written === masked.slice(start, end)) continue;
    if (node.type === 'PLAIN') node.value = written;
    else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') node.value = written.slice(1, -1);
  }
}

/** The first node nested deeper than `limit` collections, without recursion. */
function firstTooDeep(root: unknown, limit: number): number | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isPair(node)) {
      stack.push([node.value, depth], [node.key, depth]);
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth + 1 > limit) return (node as YamlNode).range?.[0] ?? 0;
    for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i], depth + 1]);
  }
  return undefined;
}

/**
 * Go-yaml and libyaml (what kubectl and most CI servers read YAML with) accept a multi-line quoted
 * scalar whose continuation lines are not indented past its key; YAML 1.2 and the yaml library do
 * not. The text with the line breaks inside such scalars turned into spaces (same length, so every
 * offset stays exact), or undefined when there is none. Only tried on text that failed to parse.
 */
export function lenientText(text: string): string | undefined {
  let out: string[] | undefined;
  for (let k = 0; k < text.length; k++) {
    const quote = text[k];
    if (quote !== "'" && quote !== '"') continue;
    // Only a quote that opens a value: after `key:` or `-` and blanks.
    let j = k - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    if (j === k - 1 || j < 0 || (text[j] !== ':' && text[j] !== '-')) continue;
    const { close, stop } = closingQuote(text, k, quote);
    if (close !== undefined) {
      for (let i = k + 1; i < close; i++) {
        if (text[i] !== '\n' && text[i] !== '\r') continue;
        out ??= text.split('');
        out[i] = ' ';
      }
    }
    // Nothing between here and `stop` opens another scalar, so every character is scanned once.
    k = stop;
  }
  return out?.join('');
}

/**
 * The closing quote of a quoted scalar opened at `open` (within 50 lines, before any document
 * marker), and where the scan stopped.
 */
function closingQuote(text: string, open: number, quote: string): { close?: number; stop: number } {
  let lines = 0;
  for (let k = open + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '\n') {
      if (++lines > 50 || /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/.test(text.slice(k + 1, k + 5))) return { stop: k };
      continue;
    }
    if (quote === '"' && c === '\\') {
      k++;
      continue;
    }
    if (c !== quote) continue;
    if (quote === "'" && text[k + 1] === "'") {
      k++;
      continue;
    }
    return { close: k, stop: k };
  }
  return { stop: text.length };
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
