// Table-driven rule tests: valid cases must produce no finding of the rule; invalid cases must
// produce exactly the listed findings, matched by message id, data and exact range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintFile } from '../../server/src/engine/runner.js';
import { LineIndex } from '../../server/src/engine/text-position.js';
import type { Rule } from '../../server/src/engine/rule.js';

export interface ValidCase {
  name?: string;
  path: string;
  text: string;
}

export interface ExpectedFinding {
  messageId: string;
  data?: Record<string, string>;
  /** The exact text the finding covers; `occurrence` picks among repeats (0-based). */
  at?: string;
  occurrence?: number;
  /** Or the exact 0-based range: [startLine, startChar, endLine, endChar]. */
  range?: [number, number, number, number];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
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

export function runRuleTests(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const only = [rule];
  cases.valid.forEach((c, i) => {
    test(`${rule.id} valid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
      const { findings } = lintFile({ path: c.path, text: c.text }, {}, only);
      const own = findings.filter((f) => f.ruleId === rule.id || f.ruleId === 'internal-error');
      assert.deepEqual(own.map((f) => `${f.ruleId}:${f.messageId}: ${f.message}`), []);
    });
  });
  cases.invalid.forEach((c, i) => {
    test(`${rule.id} invalid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
      const { findings } = lintFile({ path: c.path, text: c.text }, {}, only);
      assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), 'the rule threw: ' + findings.map((f) => f.message).join('; '));
      const lines = new LineIndex(c.text);
      const actual = findings
        .filter((f) => f.ruleId === rule.id)
        .map((f) => {
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
      });
    });
  });
}
