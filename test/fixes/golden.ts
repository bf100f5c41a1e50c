// Golden-file checks shared by the fix tests: a case directory holds the input, the target and either
// the exact expected output or the refusal it must produce. Every rewrite is also checked for what a
// user relies on: nothing outside the edits changes, edits never overlap, the output parses, and the
// rules that asked for the fix no longer fire on the rewritten job.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { editsOverlap } from '../../server/src/engine/edits.js';
import { daemonlessRewrite, type RewriteTarget } from '../../server/src/engine/rewrite/index.js';
import { gitlabModel } from '../../server/src/engine/dialects/gitlab-ci/model.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { findRule } from '../../server/src/engine/registry.js';
import { lintFile } from '../../server/src/engine/runner.js';
import type { Edit, FileKind, Fix, FixOutcome, LintOptions, OffsetRange } from '../../server/src/engine/types.js';
import type { Rule } from '../../server/src/engine/rule.js';

/** Rules that offer the Kaniko rewrite; those present in the registry are checked on the output. */
export const TRIGGER_RULE_IDS = ['ci-dind-service', 'ci-dind-no-tls', 'ci-privileged', 'ci-docker-socket'];

export interface GoldenCase {
  name: string;
  dir: string;
  inputName: string;
  input: string;
  target: RewriteTarget;
  options: LintOptions;
  expected?: string;
  /** Where the expected output is (or would be) written. */
  expectedPath: string;
  /** Lines that must each appear in the refusal reason. */
  refused?: string[];
  /** The fix's notes, exactly and in order (notes.txt, one per line; none without the file). */
  notes: string[];
}

/** Reads every case directory under `root`: input.<ext>, target.json, expected.<ext> or refused.txt, optional notes.txt. */
export function loadCases(root: string): GoldenCase[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const files = readdirSync(dir);
      const inputName = files.find((f) => f.startsWith('input.'));
      assert.ok(inputName, `${dir}: no input.* file`);
      const expectedName = 'expected.' + inputName.slice('input.'.length);
      const spec = JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')) as { target: RewriteTarget; options?: LintOptions };
      const refusedPath = join(dir, 'refused.txt');
      const notesPath = join(dir, 'notes.txt');
      return {
        name,
        dir,
        inputName,
        input: readFileSync(join(dir, inputName), 'utf8'),
        target: spec.target,
        options: spec.options ?? {},
        expected: existsSync(join(dir, expectedName)) ? readFileSync(join(dir, expectedName), 'utf8') : undefined,
        expectedPath: join(dir, expectedName),
        refused: existsSync(refusedPath)
          ? readFileSync(refusedPath, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean)
          : undefined,
        notes: existsSync(notesPath) ? readFileSync(notesPath, 'utf8').split('\n').filter(Boolean) : [],
      };
    });
}

/** The rewritten text, checking that it equals the edits applied to the untouched gaps of the input. */
export function applyChecked(input: string, edits: readonly Edit[]): string {
  assert.equal(editsOverlap(edits), false, 'edits overlap');
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    assert.ok(e.start >= pos && e.end >= e.start && e.end <= input.length, `edit out of order or range: ${JSON.stringify(e)}`);
    out += input.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + input.slice(pos);
}

export function assertParses(text: string, label: string): void {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) assert.deepEqual(doc.errors.map((e) => e.message), [], `${label}: output does not parse`);
}

function triggerRules(): Rule[] {
  return TRIGGER_RULE_IDS.map((id) => findRule(id)).filter((r): r is Rule => r !== undefined);
}

/** Ids of trigger-rule findings whose range lies inside `range`. */
export function triggerFindings(path: string, kind: FileKind, text: string, range: OffsetRange): string[] {
  const rules = triggerRules();
  if (rules.length === 0) return [];
  const file = new ParsedFile({ path, text }, kind);
  return lintFile(file, {}, rules)
    .findings.filter((f) => f.start >= range.start && f.end <= range.end)
    .map((f) => `${f.ruleId}/${f.messageId}`);
}

export function runRewrite(c: Pick<GoldenCase, 'inputName' | 'input' | 'target' | 'options'>, kind: FileKind): FixOutcome {
  return daemonlessRewrite(new ParsedFile({ path: c.inputName, text: c.input }, kind), c.target, c.options);
}

/**
 * Runs a case's rewrite and checks its outcome against the case: a refused case is refused with every
 * line of refused.txt in the reason; otherwise the fix has the case's notes and its edits give exactly
 * the expected text. Returns the fix and that text, or undefined for a refused case.
 */
/** DAEMONLESS_UPDATE_GOLDEN=1 rewrites a rewritten case's expected file with the output (review the diff). */
const UPDATE = process.env.DAEMONLESS_UPDATE_GOLDEN === '1';

function assertExpected(c: GoldenCase, output: string, message?: string): void {
  if (UPDATE && c.expected !== undefined && output !== c.expected) {
    writeFileSync(c.expectedPath, output);
    c.expected = output;
  }
  assert.equal(output, c.expected, message);
}

export function checkOutcome(c: GoldenCase, kind: FileKind): { fix: Fix; output: string } | undefined {
  const outcome = runRewrite(c, kind);
  if (c.refused) {
    assert.equal(outcome.type, 'refusal');
    if (outcome.type !== 'refusal') return undefined;
    for (const line of c.refused) assert.ok(outcome.reason.includes(line), `reason ${JSON.stringify(outcome.reason)} lacks ${JSON.stringify(line)}`);
    return undefined;
  }
  assert.equal(outcome.type, 'fix', outcome.type === 'refusal' ? outcome.reason : '');
  if (outcome.type !== 'fix') return undefined;
  assert.deepEqual(outcome.notes ?? [], c.notes, 'notes');
  const output = applyChecked(c.input, outcome.edits);
  assertExpected(c, output);
  return { fix: outcome, output };
}

/**
 * Checks one golden case. `jobRange` finds the rewritten job in a text (for the rule check and the
 * "edits stay inside the job" check).
 */
export function checkGoldenCase(c: GoldenCase, kind: FileKind, jobRange: (text: string) => OffsetRange | undefined): void {
  const outcome = runRewrite(c, kind);
  if (c.refused) {
    assert.equal(outcome.type, 'refusal', `${c.name}: expected a refusal, got a fix`);
    if (outcome.type !== 'refusal') return;
    for (const line of c.refused) assert.ok(outcome.reason.includes(line), `${c.name}: refusal reason ${JSON.stringify(outcome.reason)} does not mention ${JSON.stringify(line)}`);
    return;
  }
  assert.ok(c.expected !== undefined, `${c.name}: needs expected.* or refused.txt`);
  assert.equal(outcome.type, 'fix', `${c.name}: refused: ${outcome.type === 'refusal' ? outcome.reason : ''}`);
  if (outcome.type !== 'fix') return;
  assert.equal(outcome.kind, 'rewrite');
  assert.deepEqual(outcome.notes ?? [], c.notes, `${c.name}: notes`);
  const output = applyChecked(c.input, outcome.edits);
  assertExpected(c, output, `${c.name}: output differs from the expected file`);
  const inputJob = jobRange(c.input);
  assert.ok(inputJob, `${c.name}: target job not found in the input`);
  if (TRIGGER_RULE_IDS.some((id) => findRule(id))) {
    assert.notDeepEqual(triggerFindings(c.inputName, kind, c.input, inputJob), [], `${c.name}: no trigger rule fires on the input job, so the check after the rewrite proves nothing`);
  }
  for (const e of outcome.edits) {
    assert.ok(e.start >= inputJob.start && e.end <= inputJob.end, `${c.name}: edit ${JSON.stringify(e)} reaches outside the job`);
  }
  assertParses(output, c.name);
  const outputJob = jobRange(output);
  assert.ok(outputJob, `${c.name}: target job missing from the output`);
  assert.deepEqual(triggerFindings(c.inputName, kind, output, outputJob), [], `${c.name}: rules still fire on the rewritten job`);
  // A second run sees a Kaniko job and leaves it alone.
  const again = runRewrite({ ...c, input: output }, kind);
  assert.equal(again.type, 'refusal', `${c.name}: rewriting the output again should be refused`);
}

/** A CI job's lines: from the start of its key line to the end of its last line. */
export function jobLineRange(text: string, job: { keyRange: OffsetRange; range: OffsetRange } | undefined): OffsetRange | undefined {
  if (!job) return undefined;
  const start = text.lastIndexOf('\n', job.keyRange.start - 1) + 1;
  const nl = text.indexOf('\n', job.range.end);
  return { start, end: nl < 0 ? text.length : nl + 1 };
}

export function gitlabJobRange(text: string, job: string): OffsetRange | undefined {
  return jobLineRange(text, gitlabModel(new ParsedFile({ path: '.gitlab-ci.yml', text }, 'gitlab-ci')).jobs.find((j) => j.name === job));
}

/** Every KANIKO_SCRIPT env value of a workflow's steps, as GitHub would hand it to the step. */
export function kanikoScripts(workflow: string): string[] {
  const doc = parseAllDocuments(workflow);
  const first = Array.isArray(doc) ? doc[0] : undefined;
  const jobs = (first?.toJS() as { jobs?: Record<string, { steps?: { env?: Record<string, unknown> }[] }> } | undefined)?.jobs ?? {};
  return Object.values(jobs).flatMap((job) => (job.steps ?? []).map((s) => s.env?.KANIKO_SCRIPT).filter((v): v is string => typeof v === 'string'));
}
