// applyEdits: edits apply against the original offsets whatever order they come in, and an insertion
// at the offset where a replacement starts lands before the replaced text instead of being cut by it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/engine/edits.js';

const cases: { name: string; text: string; edits: { start: number; end: number; text: string }[]; out: string }[] = [
  { name: 'two replacements in either order', text: 'abcdef', edits: [{ start: 0, end: 1, text: 'A' }, { start: 4, end: 6, text: 'EF' }], out: 'AbcdEF' },
  { name: 'insertion, then a replacement at the same offset', text: 'job:\n  stage: x\n', edits: [{ start: 5, end: 5, text: '  image: k\n' }, { start: 5, end: 16, text: '  stage: y\n' }], out: 'job:\n  image: k\n  stage: y\n' },
  { name: 'replacement, then an insertion at the same offset', text: 'job:\n  stage: x\n', edits: [{ start: 5, end: 16, text: '  stage: y\n' }, { start: 5, end: 5, text: '  image: k\n' }], out: 'job:\n  image: k\n  stage: y\n' },
  { name: 'an insertion at the end of the text', text: 'a', edits: [{ start: 1, end: 1, text: 'b' }], out: 'ab' },
];
for (const c of cases) test(`applyEdits: ${c.name}`, () => assert.equal(applyEdits(c.text, c.edits), c.out));

test('applyEdits: overlapping edits are refused', () => {
  assert.throws(() => applyEdits('abcdef', [{ start: 0, end: 3, text: '' }, { start: 2, end: 4, text: '' }]), /overlapping/);
});
