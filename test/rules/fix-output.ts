// What a rule's fix makes of a file: the text after applying the fix of the rule's n-th finding,
// for tests that state the exact output (the table tests state only the kind of fix).
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/edits.js';
import { lintFile } from '../../server/src/engine/runner.js';
import type { Rule } from '../../server/src/engine/rule.js';

export function fixedText(rule: Rule, path: string, text: string, n = 0): string {
  const own = lintFile({ path, text }, {}, [rule]).findings.filter((f) => f.ruleId === rule.id);
  assert.ok(own[n], `no finding ${n} of ${rule.id}`);
  const outcome = own[n].fix?.();
  assert.ok(outcome && outcome.type === 'fix', `finding ${n} of ${rule.id} has no fix`);
  return applyEdits(text, outcome.edits);
}
