// Helpers over single Dockerfile instructions that the stage model does not keep: an instruction's
// arguments (JSON or shell form) with their offsets, which stage an instruction belongs to, and the
// variables in scope at a point of a stage, for substituting ARG/ENV values before judging a value.
import { JSONInstruction, type Heredoc, type Instruction } from 'dockerfile-ast';
import type { ParsedFile } from '../parsed-file.js';
import type { OffsetRange } from '../types.js';
import { Scope, type DockerfileModel, type Stage } from './dockerfile.js';

export interface InstructionWord {
  /** The argument with JSON quoting or shell-form escapes removed, variables kept as written. */
  value: string;
  range: OffsetRange;
}

/** The arguments of an instruction after its flags, from the JSON array when it is written in JSON form. */
export function instructionWords(file: ParsedFile, instruction: Instruction): InstructionWord[] {
  const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): OffsetRange => ({
    start: file.lines.offsetAt(r.start),
    end: file.lines.offsetAt(r.end),
  });
  if (instruction instanceof JSONInstruction) {
    const json = instruction.getJSONStrings();
    if (json.length > 0) return json.map((j) => ({ value: j.getJSONValue(), range: at(j.getRange()) }));
  }
  const words = instruction.getArguments().map((a) => ({ value: a.getValue(), range: at(a.getRange()) }));
  // Heredoc bodies (`ADD <<EOF /dest`) are content, not arguments: keep the words of the instruction line.
  if (!words.some((w) => w.value.startsWith('<<'))) return words;
  const heredocs = 'getHeredocs' in instruction ? (instruction as unknown as { getHeredocs(): Heredoc[] }).getHeredocs() : [];
  const bodies = heredocs.map((h) => h.getContentRange()).filter((r) => r !== null).map((r) => at(r!).start);
  if (bodies.length === 0) return words;
  const firstBody = Math.min(...bodies);
  return words.filter((w) => w.range.start < firstBody);
}

/** The stage an offset lies in (the last stage whose FROM starts before it), or null before the first FROM. */
export function stageAt(model: DockerfileModel, offset: number): Stage | null {
  let found: Stage | null = null;
  for (const stage of model.stages) {
    if (stage.fromRange.start <= offset) found = stage;
    else break;
  }
  return found;
}

/**
 * The variables visible at `offset` inside `stage`: the stage's ARG and ENV values declared before it
 * (with the values the model resolved), over what the parent stage's ENV left. Global ARGs are only
 * visible when the stage redeclares them, as in Docker; the model already gives those their default.
 */
export function scopeAt(model: DockerfileModel, stage: Stage, offset: number): Scope {
  const scope = new Scope(false, model.escape, stage.parent?.envAtEnd);
  const decls = [...stage.args, ...stage.envs].filter((d) => d.nameRange.start < offset);
  decls.sort((a, b) => a.nameRange.start - b.nameRange.start);
  const envs = new Set<string>(stage.parent?.envAtEnd.keys() ?? []);
  for (const d of decls) {
    if (d.kind === 'ARG' && envs.has(d.name)) continue;
    if (d.kind === 'ENV') envs.add(d.name);
    scope.set(d.name, d.resolved);
  }
  return scope;
}
