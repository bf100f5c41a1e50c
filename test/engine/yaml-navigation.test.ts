// mapGet reads one key without expanding merges unless it has to; it must answer exactly what the
// full entry list (mapEntries) answers: own keys first (the first of duplicates), then merged keys in
// merge order, aliases followed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visit } from 'yaml';
import { mapEntries, mapGet, parseYaml, scalarString } from '../../server/src/engine/parse/yaml.js';

const TEXT = [
  'base: &base',
  '  image: alpine',
  '  stage: build',
  'extra: &extra',
  '  stage: test',
  '  tags: [a]',
  'plain:',
  '  image: ubuntu',
  '  image: debian',
  '  ref: *base',
  'merged: &merged',
  '  <<: [*base, *extra]',
  '  image: own',
  'nested:',
  '  <<: *merged',
  'aliased: *merged',
  '',
].join('\n');

const cases: [string, string, string | undefined][] = [
  ['plain', 'image', 'ubuntu'],
  ['plain', 'missing', undefined],
  ['plain', '<<', undefined],
  ['merged', 'image', 'own'],
  ['merged', 'stage', 'build'],
  ['merged', 'tags', undefined],
  ['nested', 'image', 'own'],
  ['nested', 'stage', 'build'],
  ['aliased', 'image', 'own'],
  ['aliased', 'stage', 'build'],
];

const { documents } = parseYaml(TEXT);
const doc = documents[0];
const top = (name: string) => mapEntries(doc, doc.contents).find((e) => e.key === name)?.value;

for (const [parent, key, expected] of cases) {
  test(`mapGet ${parent}.${key} → ${expected ?? 'absent'}, as mapEntries says`, () => {
    const node = top(parent);
    const viaGet = mapGet(doc, node, key);
    const viaEntries = mapEntries(doc, node).find((e) => e.key === key);
    assert.equal(scalarString(viaGet?.value), expected);
    assert.equal(viaGet?.pair, viaEntries?.pair);
    assert.equal(viaGet?.merged, viaEntries?.merged);
    assert.equal(viaGet?.value, viaEntries?.value);
  });
}

test('mapGet follows an alias value to its node', () => {
  const ref = mapGet(doc, top('plain'), 'ref');
  assert.equal(scalarString(mapGet(doc, ref?.value, 'image')?.value), 'alpine');
});

test('a parsed document keeps ranges on its nodes but no CST tokens (a kept document holds half as much)', () => {
  const { documents } = parseYaml('spec:\n  containers:\n    - name: app\n      image: nginx:1.25\n');
  const nodes: unknown[] = [];
  visit(documents[0], { Node: (_key, node) => void nodes.push(node) });
  assert.ok(nodes.length >= 5);
  for (const node of nodes) {
    assert.ok(Array.isArray((node as { range?: unknown }).range), 'every node keeps its range');
    assert.equal((node as { srcToken?: unknown }).srcToken, undefined);
  }
});
