// Instructions the stage model does not keep (ADD, COPY, EXPOSE, MAINTAINER, SHELL), read with the
// stage they belong to and their arguments as values with source spans, plus which stages ship: the
// final stage and the stages it is built on (`FROM <alias>`), whose layers end up in the image.
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel, Stage } from '../model/dockerfile.js';
import { modelKey, type ParsedFile } from '../parsed-file.js';
import type { OffsetRange } from '../types.js';
import { argumentBounds, shippedStage } from '../model/dockerfile.js';
import { joinContinuationsMapped } from './dockerfile-continuations.js';

export interface ArgWord {
  /** Quotes around the whole word removed. */
  value: string;
  /** Span of the word as written; for the JSON form, the whole array. */
  start: number;
  end: number;
}

export interface InstructionView {
  instruction: Instruction;
  /** Upper-case keyword (`ADD`, `COPY`, …). */
  keyword: string;
  /** The keyword as written. */
  keywordRange: OffsetRange;
  range: OffsetRange;
  /** The stage it is written in; null before the first FROM. */
  stage: Stage | null;
  /** Flags (`--chown=…`) by name without the dashes, value null when none was given. */
  flags: Map<string, string | null>;
  /** Arguments after the flags. */
  words: ArgWord[];
  /** The arguments were a JSON array. */
  json: boolean;
}

function unquote(word: string): string {
  if (word.length >= 2 && (word[0] === '"' || word[0] === "'") && word[word.length - 1] === word[0]) return word.slice(1, -1);
  return word;
}

/** Splits joined argument text into words (blank-separated, quotes kept together), with their spans in the text. */
function splitWords(text: string, escape: string): { raw: string; start: number; end: number }[] {
  const words: { raw: string; start: number; end: number }[] = [];
  let start = -1;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (start < 0) {
      if (c === ' ' || c === '\t') continue;
      start = i;
    }
    if (c === escape && i + 1 < text.length) { i++; continue; }
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") { quote = c; continue; }
    if (c === ' ' || c === '\t') {
      words.push({ raw: text.slice(start, i), start, end: i });
      start = -1;
    }
  }
  if (start >= 0) words.push({ raw: text.slice(start), start, end: text.length });
  return words;
}

/** The instructions read here; the others are in the stage model or not needed by any rule. */
const KEYWORDS = new Set(['ADD', 'COPY', 'EXPOSE', 'MAINTAINER', 'SHELL']);

function buildViews(file: ParsedFile, model: DockerfileModel): InstructionView[] {
  const out: InstructionView[] = [];
  const text = file.text;
  const offset = (p: { line: number; character: number }) => file.lines.offsetAt(p);
  const carriageReturns = text.includes('\r');
  let next = 0;
  let stage: Stage | null = null;
  for (const instruction of file.dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (!KEYWORDS.has(keyword)) continue;
    const range = instruction.getRange();
    const start = offset(range.start);
    const end = offset(range.end);
    while (next < model.stages.length && model.stages[next].fromRange.start <= start) stage = model.stages[next++];
    const ir = instruction.getInstructionRange();
    const keywordRange = { start: offset(ir.start), end: offset(ir.end) };
    // Read the arguments from the text in one pass: dockerfile-ast's argument and flag getters
    // re-tokenize the instruction and convert positions on every call.
    let args: OffsetRange | null;
    if (carriageReturns) {
      const r = instruction.getArgumentsRange();
      args = r ? { start: offset(r.start), end: offset(r.end) } : null;
    } else {
      args = argumentBounds(text, keywordRange.end, end, model.escape, 0);
    }
    const flags = new Map<string, string | null>();
    const words: ArgWord[] = [];
    let json = false;
    if (args) {
      const joined = joinContinuationsMapped(text.slice(args.start, args.end), model.escape);
      const at = (i: number) => args!.start + joined.offsets[i];
      const split = splitWords(joined.text, model.escape);
      let k = 0;
      if (keyword === 'ADD' || keyword === 'COPY') {
        for (; k < split.length && split[k].raw.startsWith('--'); k++) {
          const flag = split[k].raw.slice(2);
          const eq = flag.indexOf('=');
          flags.set((eq >= 0 ? flag.slice(0, eq) : flag).toLowerCase(), eq >= 0 ? unquote(flag.slice(eq + 1)) : null);
        }
      }
      const rest = split.slice(k);
      if (rest.length > 0 && rest[0].raw.startsWith('[')) {
        const from = rest[0].start;
        const to = rest[rest.length - 1].end;
        try {
          const parsed: unknown = JSON.parse(joined.text.slice(from, to));
          if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) {
            json = true;
            for (const v of parsed as string[]) words.push({ value: v, start: at(from), end: at(to - 1) + 1 });
          }
        } catch {
          // Not JSON: Docker reads it in shell form.
        }
      }
      if (!json) for (const w of rest) words.push({ value: unquote(w.raw), start: at(w.start), end: at(w.end - 1) + 1 });
    }
    out.push({ instruction, keyword, keywordRange, range: { start, end }, stage, flags, words, json });
  }
  return out;
}

const viewsKey = modelKey<InstructionView[]>('dockerfile-instruction-views');

/** Every top-level ADD, COPY, EXPOSE, MAINTAINER or SHELL with one of the given keywords, in file order (ONBUILD triggers are not included). */
export function instructionsOf(file: ParsedFile, model: DockerfileModel, keywords: readonly string[]): InstructionView[] {
  const all = file.model(viewsKey, (f) => buildViews(f, model));
  return all.filter((v) => keywords.includes(v.keyword));
}

/**
 * The stages whose layers are in the shipped image: the final stage (the configured target, see
 * shippedStage) and the stages it is built on.
 */
export function shippedStages(model: DockerfileModel, target?: string): Set<Stage> {
  const out = new Set<Stage>();
  for (let s = shippedStage(model, target), guard = 0; s && guard < 1000; s = s.parent, guard++) out.add(s);
  return out;
}
