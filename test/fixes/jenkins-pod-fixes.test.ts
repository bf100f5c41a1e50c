// Pod quick fixes inside a Jenkinsfile: the pod YAML of a triple-quoted Groovy string is edited in
// place (the masked copy keeps the Jenkinsfile's offsets), so the fix writes YAML into the string and
// nothing outside it. Strings whose text is not the YAML verbatim (escapes, interpolation, one-line
// quotes) get no fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/engine/edits.js';
import { lintFile } from '../../server/src/engine/runner.js';

const POD = (quote: string, body: string) => `pipeline {\n  agent {\n    kubernetes {\n      yaml ${quote}\n${body}${quote}\n    }\n  }\n  stages { stage('b') { steps { sh 'make' } } }\n}\n`;
const PRIVILEGED = '        apiVersion: v1\n        kind: Pod\n        spec:\n          containers:\n          - name: tools\n            image: alpine:3.20\n            securityContext:\n              privileged: true\n';
const PLAIN = '        apiVersion: v1\n        kind: Pod\n        spec:\n          containers:\n          - name: tools\n            image: alpine:3.20\n';

interface Case {
  name: string;
  text: string;
  rule: string;
  /** Whether a quick fix is offered; when it is, the text it leaves inside the string. */
  fixed: string | null;
}

const cases: Case[] = [
  {
    name: "remove privileged: true in a ''' string",
    text: POD("'''", PRIVILEGED),
    rule: 'k8s-privileged',
    fixed: PLAIN,
  },
  {
    name: 'drop ALL capabilities in a """ string without interpolation',
    text: POD('"""', PLAIN),
    rule: 'k8s-capabilities-drop-all',
    fixed: `${PLAIN.trimEnd()}\n            securityContext:\n              capabilities:\n                drop: [ALL]\n`,
  },
  {
    name: "allowPrivilegeEscalation: false in a ''' string",
    text: POD("'''", PLAIN),
    rule: 'k8s-allow-privilege-escalation',
    fixed: `${PLAIN.trimEnd()}\n            securityContext:\n              allowPrivilegeEscalation: false\n`,
  },
  {
    name: 'an interpolated """ string: no fix',
    text: POD('"""', PRIVILEGED.replace('alpine:3.20', 'alpine:${TAG}')),
    rule: 'k8s-privileged',
    fixed: null,
  },
  {
    name: "a ''' string with an escape: no fix",
    text: POD("'''", PRIVILEGED.replace('name: tools', 'name: tools # a \\\\ b')),
    rule: 'k8s-privileged',
    fixed: null,
  },
];

for (const c of cases) {
  test(`jenkins pod fix: ${c.name}`, () => {
    const finding = lintFile({ path: 'Jenkinsfile', text: c.text }).findings.find((f) => f.ruleId === c.rule);
    assert.ok(finding, `${c.rule} reports`);
    const outcome = finding.fix?.();
    if (c.fixed === null) {
      assert.equal(outcome, undefined);
      return;
    }
    assert.equal(outcome?.type, 'fix');
    if (outcome?.type !== 'fix') return;
    const out = applyEdits(c.text, outcome.edits);
    const quote = c.text.includes("'''") ? "'''" : '"""';
    const open = c.text.indexOf(quote) + quote.length + 1;
    const close = c.text.lastIndexOf(quote);
    // Only the string's YAML changed: the Groovy around it is byte for byte the same.
    assert.equal(out.slice(0, open), c.text.slice(0, open));
    assert.equal(out.slice(out.lastIndexOf(quote)), c.text.slice(close));
    assert.equal(out.slice(open, out.lastIndexOf(quote)), c.fixed);
    const after = lintFile({ path: 'Jenkinsfile', text: out }).findings;
    assert.deepEqual(after.filter((f) => f.ruleId === 'parse-error').map((f) => f.message), []);
    assert.ok(!after.some((f) => f.ruleId === c.rule && f.messageId === finding.messageId), `${c.rule} is quiet after the fix`);
  });
}
