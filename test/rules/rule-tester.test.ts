// The rule tester itself: a stand-in rule shows that it checks the fix each finding offers and that
// a table with repeated cases or an unexercised message id fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineRule } from '../../server/src/engine/rule.js';
import type { FixOutcome } from '../../server/src/engine/types.js';
import { checkInvalidCase, tableProblems, type InvalidCase } from './rule-tester.js';

// Reports every `RUN bad <how>` line; <how> picks what the finding offers.
const rule = defineRule({
  id: 'test-bad-run',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: { description: 'A stand-in rule for the rule tester.' },
  messages: { bad: 'bad run ({how})', unused: 'never reported' },
  check(ctx) {
    for (const m of ctx.file.text.matchAll(/^RUN bad (\w+)$/gm)) {
      const how = m[1];
      const start = m.index;
      const end = start + m[0].length;
      const outcome: FixOutcome | undefined =
        how === 'quick' ? { type: 'fix', kind: 'quickfix', title: 'q', edits: [{ start, end, text: 'RUN good' }] }
        : how === 'rewrite' ? { type: 'fix', kind: 'rewrite', title: 'r', edits: [{ start, end, text: 'RUN good' }] }
        : how === 'refuse' ? { type: 'refusal', title: 'r', reason: 'cannot do this safely' }
        : undefined;
      ctx.report({ messageId: 'bad', data: { how }, start, end, fix: outcome && (() => outcome) });
    }
  },
});

const text = 'FROM a:1\nRUN bad none\nRUN bad quick\nRUN bad rewrite\nRUN bad refuse\n';
const stated = (fixes: InvalidCase['errors'][number]['fix'][]): InvalidCase => ({
  path: 'Dockerfile',
  text,
  errors: ['none', 'quick', 'rewrite', 'refuse'].map((how, i) => ({ messageId: 'bad', at: `RUN bad ${how}`, data: { how }, fix: fixes[i] })),
});

test('rule tester: each finding matches the fix its case states', () => {
  checkInvalidCase(rule, stated([null, 'quickfix', 'rewrite', { refused: /safely/ }]));
});

test('rule tester: a fix the case did not state fails', () => {
  assert.throws(() => checkInvalidCase(rule, stated([null, null, 'rewrite', { refused: /safely/ }])), /finding 1 fix: expected no fix, the rule offers quickfix/);
});

test('rule tester: a stated fix the rule does not offer fails', () => {
  assert.throws(() => checkInvalidCase(rule, stated(['quickfix', 'quickfix', 'rewrite', { refused: /safely/ }])), /finding 0 fix: expected quickfix, the rule offers no fix/);
});

test('rule tester: the wrong fix kind fails', () => {
  assert.throws(() => checkInvalidCase(rule, stated([null, 'rewrite', 'rewrite', { refused: /safely/ }])), /finding 1 fix: expected rewrite, the rule offers quickfix/);
});

test('rule tester: a refusal must match the stated reason', () => {
  assert.throws(() => checkInvalidCase(rule, stated([null, 'quickfix', 'rewrite', { refused: /docker run/ }])), /finding 3 fix: expected refusal matching \/docker run\/, the rule offers refusal: cannot do this safely/);
  assert.throws(() => checkInvalidCase(rule, stated([null, 'quickfix', { refused: /.*/ }, { refused: /safely/ }])), /finding 2 fix: .*offers rewrite/);
});

test('rule tester: the fix column is required', () => {
  // @ts-expect-error an expected finding without `fix` does not type-check
  const c: InvalidCase = { path: 'Dockerfile', text, errors: [{ messageId: 'bad', at: 'RUN bad none' }] };
  assert.ok(c);
});

test('rule tester: repeated cases and unexercised or unknown message ids fail the table', () => {
  const one = stated([null, 'quickfix', 'rewrite', { refused: /safely/ }]);
  assert.deepEqual(tableProblems(rule, { valid: [{ path: 'Dockerfile', text: 'FROM a:1\n' }], invalid: [one] }), [
    'message id "unused" has no invalid case',
  ]);
  const problems = tableProblems(rule, {
    valid: [{ path: 'Dockerfile', text }, { name: 'same file again', path: 'Dockerfile', text: 'FROM a:1\n' }, { path: 'Dockerfile', text: 'FROM a:1\n' }],
    invalid: [{ ...one, name: 'twice' }, { path: 'Dockerfile', text: 'RUN bad none\n', errors: [{ messageId: 'typo', at: 'RUN bad none', fix: null }] }],
  });
  assert.deepEqual(problems, [
    'valid #3 repeats valid #2 (same file again): same path and text',
    'invalid #1 (twice) repeats valid #1: same path and text',
    'message id "unused" has no invalid case',
    'message id "typo" is not in the rule\'s messages',
  ]);
  // The same text under another path is another case (it may classify differently).
  assert.deepEqual(tableProblems(rule, { valid: [{ path: 'Dockerfile', text }, { path: 'Containerfile', text }], invalid: [] }).filter((p) => p.includes('repeats')), []);
});
