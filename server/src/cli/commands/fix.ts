// `daemonless fix`: applies the fixes of the requested rules. Identical fixes offered by several
// findings are applied once; fixes whose edits overlap an applied one wait for another pass over the
// fixed text (as ESLint does), so one run converges or says which fix it could not place.
import { promises as fs } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import {
  allRules,
  applyEdits,
  editsOverlap,
  fixFor,
  LineIndex,
  type Edit,
  type Fix,
  type LintOptions,
  type Refusal,
  type Rule,
} from '../../engine/index.js';
import { UsageError } from '../args.js';
import { collectFiles, type InputFile } from '../files.js';
import { encodeText } from '../../workspace/text-file.js';
import type { Io } from '../io.js';
import { lintSource, withSources } from './lint.js';

const MAX_PASSES = 10;

export interface FixRun {
  paths: string[];
  ruleIds: string[];
  write: boolean;
  lint: LintOptions;
  exclude: string[];
}

export interface Located<T> {
  line: number;
  character: number;
  item: T;
}

export interface FileFixResult {
  output: string;
  applied: Fix[];
  /** Notes of the applied fixes, at the finding that offered each. */
  notes: Located<{ title: string; note: string }>[];
  refusals: Located<Refusal>[];
  /** Fixes that still overlapped an applied fix after the last pass. */
  unplaced: Located<Fix>[];
  errors: Located<string>[];
}

function fixKey(fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return JSON.stringify([fix.title, fix.kind, edits.map((e) => [e.start, e.end, e.text])]);
}

function editsInBounds(edits: readonly Edit[], length: number): boolean {
  return edits.every((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.start <= e.end && e.end <= length);
}

/** Lints one text and applies the requested rules' fixes, pass after pass while some were held back. */
export function fixText(file: InputFile, text: string, ruleIds: ReadonlySet<string>, options: LintOptions, rules: readonly Rule[]): FileFixResult {
  const result: FileFixResult = { output: text, applied: [], notes: [], refusals: [], unplaced: [], errors: [] };
  const seenRefusals = new Set<string>();
  let onlyTitles: Set<string> | undefined;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const linted = lintSource(file, result.output, options, rules);
    if (!linted) return result;
    const lines = new LineIndex(linted.text);
    const candidates: Located<Fix>[] = [];
    const keys = new Set<string>();
    for (const found of linted.findings) {
      const { finding } = found;
      if (!ruleIds.has(finding.ruleId) || !finding.fix) continue;
      // Fixes are computed on a whole parse, in whole-file offsets, as the language server offers them.
      const fix = fixFor(linted, found);
      if (!fix) continue;
      const { line, character } = lines.positionAt(finding.start);
      let outcome: Fix | Refusal;
      try {
        outcome = fix();
      } catch (error) {
        result.errors.push({ line, character, item: `${finding.ruleId} fix failed: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      if (outcome.type === 'refusal') {
        const key = `${outcome.title}\u0000${outcome.reason}`;
        if (!seenRefusals.has(key)) result.refusals.push({ line, character, item: outcome });
        seenRefusals.add(key);
        continue;
      }
      if (onlyTitles && !onlyTitles.has(outcome.title)) continue;
      if (!editsInBounds(outcome.edits, result.output.length) || editsOverlap(outcome.edits)) {
        result.errors.push({ line, character, item: `${outcome.title}: the fix's edits overlap or fall outside the file` });
        continue;
      }
      const key = fixKey(outcome);
      if (keys.has(key)) continue;
      keys.add(key);
      candidates.push({ line, character, item: outcome });
    }
    const accepted: Edit[] = [];
    const held: Located<Fix>[] = [];
    for (const candidate of candidates) {
      if (editsOverlap([...accepted, ...candidate.item.edits])) {
        held.push(candidate);
      } else {
        accepted.push(...candidate.item.edits);
        result.applied.push(candidate.item);
        for (const note of candidate.item.notes ?? []) result.notes.push({ ...candidate, item: { title: candidate.item.title, note } });
      }
    }
    if (accepted.length > 0) result.output = applyEdits(result.output, accepted);
    if (held.length === 0 || accepted.length === 0) {
      result.unplaced = held;
      return result;
    }
    // The next pass only re-offers what was held back, so a fix that does not silence its own
    // finding is not applied twice.
    onlyTitles = new Set(held.map((h) => h.item.title));
    if (pass === MAX_PASSES - 1) result.unplaced = held;
  }
  return result;
}

export function checkFixRules(ruleIds: readonly string[], rules: readonly Rule[]): void {
  const known = new Set(rules.map((r) => r.id));
  for (const id of ruleIds) if (!known.has(id)) throw new UsageError(`--rule: unknown rule '${id}'`);
}

export async function runFix(run: FixRun, io: Io, rules: readonly Rule[] = allRules): Promise<number> {
  checkFixRules(run.ruleIds, rules);
  const ruleIds = new Set(run.ruleIds);
  // Asking for a rule's fixes turns it on, even where the config switches it off.
  const overrides = { ...run.lint.rules };
  for (const id of ruleIds) if (overrides[id] === 'off') delete overrides[id];
  const options: LintOptions = { ...run.lint, rules: overrides };

  let failed = false;
  let appliedCount = 0;
  let refusedCount = 0;
  let changedFiles = 0;
  for (const { file, source } of withSources(collectFiles(run.paths, io.cwd, run.exclude))) {
    if (source instanceof Error) {
      io.stderr(`daemonless: cannot read ${file.rel}: ${source.message}\n`);
      failed = true;
      continue;
    }
    let result: FileFixResult;
    try {
      result = fixText(file, source.text, ruleIds, options, rules);
    } catch (error) {
      io.stderr(`daemonless: internal error on ${file.rel}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      failed = true;
      continue;
    }
    const where = (l: Located<unknown>) => `${file.rel}:${l.line + 1}:${l.character + 1}`;
    for (const r of result.refusals) io.stderr(`${where(r)}: refused ${r.item.title}: ${r.item.reason}\n`);
    for (const e of result.errors) io.stderr(`${where(e)}: error ${e.item}\n`);
    for (const u of result.unplaced) io.stderr(`${where(u)}: not applied ${u.item.title}: its edits overlap another fix\n`);
    for (const n of result.notes) io.stderr(`${where(n)}: note ${n.item.title}: ${n.item.note}\n`);
    refusedCount += result.refusals.length;
    appliedCount += result.applied.length;
    if (result.errors.length > 0 || result.unplaced.length > 0) failed = true;
    if (result.output === source.text) continue;
    changedFiles++;
    if (run.write) {
      await fs.writeFile(file.abs, encodeText(result.output, source.encoding, source.bom));
      for (const fix of result.applied) io.stdout(`${file.rel}: applied ${fix.title}\n`);
    } else {
      io.stdout(createTwoFilesPatch(`a/${file.rel}`, `b/${file.rel}`, source.text, result.output));
    }
  }
  const verb = run.write ? 'applied' : 'would apply';
  io.stderr(`${verb} ${appliedCount} ${appliedCount === 1 ? 'fix' : 'fixes'} in ${changedFiles} ${changedFiles === 1 ? 'file' : 'files'}, ${refusedCount} refused\n`);
  return failed ? 2 : 0;
}
