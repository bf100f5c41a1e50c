// package.json's daemonless.rules schema is generated from the rule registry (npm run settings-schema).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_FINDINGS } from '../../server/src/engine/builtin-findings.js';
import { allRules } from '../../server/src/engine/registry.js';

const repoRoot = join(__dirname, '..', '..');

test('the daemonless.rules schema in package.json matches the rule registry (npm run settings-schema)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/settings-schema.mjs', '--check'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('every rule id is a property with the severities as its enum and the rule description; others are flagged', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const schema = pkg.contributes.configuration.properties['daemonless.rules'];
  assert.equal(schema.additionalProperties, false);
  const ids = [...allRules, ...BUILTIN_FINDINGS].map((r) => r.id).sort();
  assert.deepEqual(Object.keys(schema.properties).sort(), ids);
  for (const rule of [...allRules, ...BUILTIN_FINDINGS]) {
    const p = schema.properties[rule.id];
    assert.deepEqual(p.enum, ['error', 'warning', 'info', 'hint', 'off'], rule.id);
    assert.ok(p.description.startsWith(rule.docs.description), rule.id);
  }
});
