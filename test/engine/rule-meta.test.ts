// Every rule keeps its four parts in agreement: the rule file (named by its id), its registration,
// its table test, and its docs page (with the expected headings and the default severity).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_FINDINGS } from '../../server/src/engine/builtin-findings.js';
import { allRules } from '../../server/src/engine/registry.js';

const root = join(__dirname, '..', '..');
const HEADINGS = ['## What it flags', '## Why it matters', '## How to fix', '## How to suppress', '## Equivalents'];

test('rule ids are unique, kebab-case and prefixed by target family', () => {
  const ids = allRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const rule of allRules) {
    assert.match(rule.id, /^(df|ci|k8s|kaniko|compose)-[a-z0-9]+(-[a-z0-9]+)*$/, rule.id);
    assert.ok(rule.targets.length > 0, `${rule.id} has targets`);
    assert.ok(Object.keys(rule.messages).length > 0, `${rule.id} has messages`);
    assert.ok(rule.docs.description.length > 10, `${rule.id} has a description`);
  }
});

test('the registry lists every rule file, and every rule file is registered', () => {
  const files: string[] = [];
  for (const dir of readdirSync(join(root, 'server/src/engine/rules'))) {
    for (const f of readdirSync(join(root, 'server/src/engine/rules', dir))) if (f !== 'index.ts') files.push(f.replace(/\.ts$/, ''));
  }
  assert.deepEqual([...files].sort(), allRules.map((r) => r.id).sort());
});

for (const rule of [...allRules, ...BUILTIN_FINDINGS]) {
  test(`${rule.id}: docs page with headings, description and default severity`, () => {
    const page = join(root, 'docs/rules', `${rule.id}.md`);
    assert.ok(existsSync(page), `missing ${page}`);
    const text = readFileSync(page, 'utf8');
    assert.ok(text.startsWith(`# ${rule.id}\n`), 'title is the id');
    assert.ok(text.includes(rule.docs.description), 'page repeats the description');
    assert.match(text, new RegExp(`Default severity: \\*\\*${rule.severity}\\*\\*`), 'page states the default severity');
    let last = -1;
    for (const heading of HEADINGS) {
      const at = text.indexOf(`\n${heading}\n`);
      assert.ok(at > last, `heading "${heading}" present and in order`);
      last = at;
    }
  });
}

for (const rule of allRules) {
  test(`${rule.id}: has a table test`, () => {
    assert.ok(existsSync(join(root, 'test/rules', `${rule.id}.test.ts`)), `missing test/rules/${rule.id}.test.ts`);
  });
}

test('no rule imports another rule: what two rules share is a fact (model/facts/) or a shell helper (parse/shell/)', () => {
  const rulesDir = join(root, 'server/src/engine/rules');
  const ruleIds = new Set(allRules.map((r) => r.id));
  for (const dir of readdirSync(rulesDir)) {
    for (const f of readdirSync(join(rulesDir, dir))) {
      if (f === 'index.ts') continue;
      const text = readFileSync(join(rulesDir, dir, f), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        const imported = m[1].split('/').pop()!.replace(/\.js$/, '');
        assert.ok(!ruleIds.has(imported), `${dir}/${f} imports the rule ${imported}`);
      }
    }
  }
});
