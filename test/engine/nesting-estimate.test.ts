// The depth check walks a parsed document only when the text's nesting estimate (indentation,
// indicators and brackets per line) comes near the cap. This checks the shortcut never skips a
// document that is too deep: random trees, written in every mix of block and flow style, indentation
// and sequence indentation, are cut exactly when their depth passes the cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Document, isMap, isPair, isSeq, visit } from 'yaml';
import { parseYaml } from '../../server/src/engine/parse/yaml.js';
import { random } from '../support/random.js';

function tree(next: () => number, depth: number): unknown {
  if (depth === 0 || next() < 0.15) return next() < 0.5 ? 'x' : 1;
  const n = 1 + Math.floor(next() * 3);
  if (next() < 0.5) return Array.from({ length: n }, () => tree(next, depth - 1));
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, tree(next, depth - 1)]));
}

/** Nesting depth as the cap counts it: every mapping and sequence is a level. */
function depthOf(node: unknown): number {
  if (isPair(node)) return Math.max(depthOf(node.key), depthOf(node.value));
  if (!isMap(node) && !isSeq(node)) return 0;
  return 1 + Math.max(0, ...(node.items as unknown[]).map(depthOf));
}

test('a document is cut exactly when it is nested deeper than the cap, whatever its style', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const next = random(seed);
    const doc = new Document(tree(next, 2 + Math.floor(next() * 14)));
    visit(doc, { Map: (_, n) => void (n.flow = next() < 0.25), Seq: (_, n) => void (n.flow = next() < 0.25) });
    const body = doc.toString({ indent: 1 + Math.floor(next() * 4), indentSeq: next() < 0.5 });
    // Long enough for the estimate to be made (short texts are always walked).
    const text = `${body}# ${'p'.repeat(1200)}\n`;
    const parsed = parseYaml(text);
    assert.equal(parsed.errors.length, 0, `seed ${seed}: parses`);
    const depth = depthOf(parsed.documents[0].contents);
    if (depth < 2) continue;
    assert.equal(parseYaml(text, { maxNestingDepth: depth }).tooDeep, undefined, `seed ${seed}: depth ${depth} is within a cap of ${depth}\n${body}`);
    assert.equal(parseYaml(text, { maxNestingDepth: depth - 1 }).tooDeep?.length, 1, `seed ${seed}: depth ${depth} is over a cap of ${depth - 1}\n${body}`);
  }
});
