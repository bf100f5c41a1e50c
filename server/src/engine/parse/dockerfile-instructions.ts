// Instructions the stage model does not keep (ADD, COPY, EXPOSE, MAINTAINER, SHELL), read with the
// stage they belong to and their arguments as values with source spans, plus which stages ship: the
// final stage and the stages it is built on (`FROM <alias>`), whose layers end up in the image.
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel, Stage } from '../model/dockerfile.js';
import type { ParsedFile } from '../parsed-file.js';
import type { OffsetRange } from '../types.js';

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

interface Flagged {
  getFlags(): { getName(): string; getValue(): string | null }[];
}

function unquote(word: string): string {
  if (word.length >= 2 && (word[0] === '"' || word[0] === "'") && word[word.length - 1] === word[0]) return word.slice(1, -1);
  return word;
}

/** Every top-level instruction with the given keywords, in file order (ONBUILD triggers are not included). */
export function instructionsOf(file: ParsedFile, model: DockerfileModel, keywords: readonly string[]): InstructionView[] {
  const out: InstructionView[] = [];
  const offset = (p: { line: number; character: number }) => file.lines.offsetAt(p);
  for (const instruction of file.dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (!keywords.includes(keyword)) continue;
    const start = offset(instruction.getRange().start);
    let stage: Stage | null = null;
    for (const s of model.stages) if (s.fromRange.start <= start) stage = s;
    const flags = new Map<string, string | null>();
    const flagged = instruction as unknown as Partial<Flagged>;
    if (typeof flagged.getFlags === 'function') for (const f of flagged.getFlags()) flags.set(f.getName().toLowerCase(), f.getValue());
    const args = instruction.getArguments();
    const words: ArgWord[] = [];
    let json = false;
    if (args.length > 0 && args[0].getValue().startsWith('[')) {
      const first = offset(args[0].getRange().start);
      const last = offset(args[args.length - 1].getRange().end);
      try {
        const parsed: unknown = JSON.parse(args.map((a) => a.getValue()).join(' '));
        if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) {
          json = true;
          for (const v of parsed as string[]) words.push({ value: v, start: first, end: last });
        }
      } catch {
        // Not JSON: read as shell-form words below.
      }
    }
    if (!json) {
      for (const a of args) {
        const r = a.getRange();
        words.push({ value: unquote(a.getValue()), start: offset(r.start), end: offset(r.end) });
      }
    }
    const ir = instruction.getInstructionRange();
    out.push({
      instruction,
      keyword,
      keywordRange: { start: offset(ir.start), end: offset(ir.end) },
      range: { start, end: offset(instruction.getRange().end) },
      stage,
      flags,
      words,
      json,
    });
  }
  return out;
}

/** The stages whose layers are in the shipped image: the final stage and the stages it is built on. */
export function shippedStages(model: DockerfileModel): Set<Stage> {
  const out = new Set<Stage>();
  for (let s = model.finalStage, guard = 0; s && guard < 1000; s = s.parent, guard++) out.add(s);
  return out;
}
