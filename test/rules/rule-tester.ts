// Table-driven rule tests: valid cases must produce no finding of the rule; invalid cases must
// produce exactly the listed findings, matched by message id, data, exact range and the fix each
// offers. A table also fails when two of its cases are the same file, or when one of the rule's
// message ids has no invalid case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintFile } from '../../server/src/engine/runner.js';
import { LineIndex } from '../../server/src/engine/text-position.js';
import type { Rule } from '../../server/src/engine/rule.js';
import type { Finding, LintOptions } from '../../server/src/engine/types.js';

export interface ValidCase {
  name?: string;
  path: string;
  text: string;
  /** Options the case is linted with (a rule's configuration); a rule that is off by default is switched on. */
  options?: LintOptions;
}

/**
 * What `finding.fix?.()` gives: `null` when the finding carries no fix, the kind of the fix it
 * returns ('quickfix' or 'rewrite'), or `{ refused }` when it returns a refusal whose reason matches.
 */
export type ExpectedFix = null | 'quickfix' | 'rewrite' | { refused: RegExp };

export interface ExpectedFinding {
  messageId: string;
  data?: Record<string, string>;
  /** The exact text the finding covers; `occurrence` picks among repeats (0-based). */
  at?: string;
  occurrence?: number;
  /** Or the exact 0-based range: [startLine, startChar, endLine, endChar]. */
  range?: [number, number, number, number];
  /** Required, so that a case cannot leave unstated what the finding offers. */
  fix: ExpectedFix;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

export interface RuleTable {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

function expectedRange(text: string, e: ExpectedFinding): [number, number, number, number] {
  if (e.range) return e.range;
  assert.ok(e.at !== undefined, 'an expected finding needs `at` or `range`');
  let index = -1;
  for (let n = 0; n <= (e.occurrence ?? 0); n++) {
    index = text.indexOf(e.at, index + 1);
    assert.ok(index >= 0, `expected text ${JSON.stringify(e.at)} (occurrence ${n}) not found in the case`);
  }
  const lines = new LineIndex(text);
  const s = lines.positionAt(index);
  const t = lines.positionAt(index + e.at.length);
  return [s.line, s.character, t.line, t.character];
}

/** What a finding offers, in words: 'no fix', 'quickfix', 'rewrite' or 'refusal: <reason>'. */
export function describeFix(f: Finding): string {
  if (!f.fix) return 'no fix';
  const outcome = f.fix();
  return outcome.type === 'refusal' ? `refusal: ${outcome.reason}` : outcome.kind;
}

function describeExpectedFix(e: ExpectedFix): string {
  if (e === null) return 'no fix';
  return typeof e === 'string' ? e : `refusal matching ${e.refused}`;
}

function checkFix(f: Finding, e: ExpectedFix, n: number): void {
  const actual = describeFix(f);
  const ok =
    e === null
      ? actual === 'no fix'
      : typeof e === 'string'
        ? actual === e
        : actual.startsWith('refusal: ') && e.refused.test(actual.slice('refusal: '.length));
  assert.ok(ok, `finding ${n} fix: expected ${describeExpectedFix(e)}, the rule offers ${actual}`);
}

/** The case's options, with the rule switched on when it is off by default and the case does not say. */
function caseOptions(rule: Rule, c: ValidCase): LintOptions {
  const options = c.options ?? {};
  if (!rule.defaultOff || options.rules?.[rule.id] !== undefined) return options;
  return { ...options, rules: { ...options.rules, [rule.id]: rule.severity } };
}

/** Runs one invalid case; throws an assertion error on the first difference. */
export function checkInvalidCase(rule: Rule, c: InvalidCase): void {
  const { findings } = lintFile({ path: c.path, text: c.text }, caseOptions(rule, c), [rule]);
  assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), 'the rule threw: ' + findings.map((f) => f.message).join('; '));
  const lines = new LineIndex(c.text);
  const own = findings.filter((f) => f.ruleId === rule.id);
  const actual = own.map((f) => {
    const s = lines.positionAt(f.start);
    const t = lines.positionAt(f.end);
    return { messageId: f.messageId, range: [s.line, s.character, t.line, t.character], data: f.data };
  });
  const expected = c.errors.map((e) => ({ messageId: e.messageId, range: expectedRange(c.text, e), data: e.data }));
  assert.equal(actual.length, expected.length, `finding count: ${JSON.stringify(actual)}`);
  expected.forEach((e, n) => {
    assert.equal(actual[n].messageId, e.messageId, `finding ${n} messageId`);
    assert.deepEqual(actual[n].range, e.range, `finding ${n} range`);
    if (e.data) for (const [k, v] of Object.entries(e.data)) assert.equal(actual[n].data[k], v, `finding ${n} data.${k}`);
    checkFix(own[n], c.errors[n].fix, n);
  });
}

/** Runs one valid case; throws when the rule reports anything (or throws). */
export function checkValidCase(rule: Rule, c: ValidCase): void {
  const { findings } = lintFile({ path: c.path, text: c.text }, caseOptions(rule, c), [rule]);
  const own = findings.filter((f) => f.ruleId === rule.id || f.ruleId === 'internal-error');
  assert.deepEqual(own.map((f) => `${f.ruleId}:${f.messageId}: ${f.message}`), []);
}

function caseLabel(kind: 'valid' | 'invalid', c: ValidCase, i: number): string {
  return `${kind} #${i + 1}${c.name ? ` (${c.name})` : ''}`;
}

/** Problems with the table itself: repeated cases (same path, text and options) and unexercised or unknown message ids. */
export function tableProblems(rule: Rule, cases: RuleTable): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const all = [
    ...cases.valid.map((c, i) => [caseLabel('valid', c, i), c] as const),
    ...cases.invalid.map((c, i) => [caseLabel('invalid', c, i), c] as const),
  ];
  for (const [label, c] of all) {
    const key = JSON.stringify([c.path, c.text, c.options ?? null]);
    const first = seen.get(key);
    if (first) problems.push(`${label} repeats ${first}: same path and text`);
    else seen.set(key, label);
  }
  const declared = Object.keys(rule.messages);
  const used = new Set(cases.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
  for (const id of declared) if (!used.has(id)) problems.push(`message id "${id}" has no invalid case`);
  for (const id of used) if (!declared.includes(id)) problems.push(`message id "${id}" is not in the rule's messages`);
  return problems;
}

export function runRuleTests(rule: Rule, cases: RuleTable): void {
  test(`${rule.id} table: distinct cases, every message id exercised`, () => {
    assert.deepEqual(tableProblems(rule, cases), []);
  });
  cases.valid.forEach((c, i) => {
    test(`${rule.id} valid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => checkValidCase(rule, c));
  });
  cases.invalid.forEach((c, i) => {
    test(`${rule.id} invalid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => checkInvalidCase(rule, c));
  });
}
