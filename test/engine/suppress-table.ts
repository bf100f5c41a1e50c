// Table-driven pragma tests: each row is a file, a rule that fires in it, and whether the rule's
// findings there are suppressed and by whose pragma. A row fails when the rule does not fire at all
// (so a "not suppressed" row cannot pass vacuously), and suppressed findings must disappear from a
// normal lint while --show-suppressed keeps them, marked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '../../server/src/engine/classify.js';
import { lintDocuments } from '../../server/src/engine/documents.js';
import type { SuppressedBy } from '../../server/src/engine/types.js';

export interface PragmaRow {
  name: string;
  path: string;
  text: string;
  rule: string;
  /** Only the rule's findings whose range starts with this text (default: all of them). */
  at?: string;
  /** Only the rule's findings after the first occurrence of this text (another document, another object). */
  after?: string;
  /** Only the rule's findings before the first occurrence of this text. */
  before?: string;
  /** The tool whose pragma suppresses them, or false when they must stay reported. */
  suppressedBy: SuppressedBy | false;
}

function lint(row: PragmaRow, showSuppressed: boolean) {
  const kind = classify(row.path, row.text);
  assert.notEqual(kind, 'unknown', `${row.path} is classified`);
  const { findings } = lintDocuments({ path: row.path, text: row.text, kind }, { showSuppressed });
  return findings
    .map((f) => f.finding)
    .filter((f) => f.ruleId === row.rule && (row.at === undefined || row.text.startsWith(row.at, f.start)))
    .filter((f) => row.after === undefined || (row.text.includes(row.after) && f.start > row.text.indexOf(row.after)))
    .filter((f) => row.before === undefined || (row.text.includes(row.before) && f.start < row.text.indexOf(row.before)));
}

export function pragmaTable(family: string, rows: readonly PragmaRow[]): void {
  const names = new Set<string>();
  for (const row of rows) {
    assert.ok(!names.has(row.name), `duplicate row name ${row.name}`);
    names.add(row.name);
    test(`${family} pragma: ${row.name}`, () => {
      const all = lint(row, true);
      assert.ok(all.length > 0, `${row.rule} fires in the row's file${row.at ? ` at ${JSON.stringify(row.at)}` : ''}${row.after ? ` after ${JSON.stringify(row.after)}` : ''}${row.before ? ` before ${JSON.stringify(row.before)}` : ''}`);
      assert.deepEqual(
        all.map((f) => f.suppressedBy ?? false),
        all.map(() => row.suppressedBy),
        `suppressedBy of each ${row.rule} finding`,
      );
      const shown = lint(row, false);
      assert.equal(shown.length, row.suppressedBy ? 0 : all.length, 'findings reported without --show-suppressed');
      assert.ok(shown.every((f) => f.suppressedBy === undefined));
    });
  }
}
