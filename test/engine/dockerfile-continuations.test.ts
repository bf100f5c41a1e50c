import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinContinuations, joinContinuationsMapped } from '../../server/src/engine/parse/dockerfile-continuations.js';

const samples: [string, string][] = [
  ['apt-get update \\\n && apt-get install -y \\\n      curl', '\\'],
  ['a \\\r\n# comment\r\n\r\n  b \\  \n  c', '\\'],
  ['echo `\n  hi', '`'],
  ['one line only', '\\'],
  ['ends with escape \\', '\\'],
  ['', '\\'],
];

test('joinContinuationsMapped gives the same text as joinContinuations, each character at its source offset', () => {
  for (const [raw, escape] of samples) {
    const { text, offsets } = joinContinuationsMapped(raw, escape);
    assert.equal(text, joinContinuations(raw, escape), JSON.stringify(raw));
    assert.equal(offsets.length, text.length + 1);
    for (let i = 0; i < text.length; i++) assert.equal(raw[offsets[i]], text[i], `${JSON.stringify(raw)} at ${i}`);
    for (let i = 1; i < text.length; i++) assert.ok(offsets[i] > offsets[i - 1]);
  }
});
