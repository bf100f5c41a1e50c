import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineRule, type Rule } from '../../server/src/engine/rule.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { suppressionEdit } from '../../server/src/engine/suppress.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';

// Test rules: one reports every line containing "EVIL", one always throws.
const reportBad = defineRule({
  id: 'test-bad',
  targets: ['dockerfile', 'gitlab-ci', 'k8s'],
  severity: 'warning',
  docs: { description: 'test' },
  messages: { bad: 'bad word on line {line}' },
  check(ctx) {
    const text = ctx.file.text;
    let i = text.indexOf('EVIL');
    while (i >= 0) {
      ctx.report({ messageId: 'bad', data: { line: String(ctx.file.lines.positionAt(i).line) }, start: i, end: i + 4 });
      i = text.indexOf('EVIL', i + 1);
    }
  },
});
const throwing = defineRule({
  id: 'test-throws',
  targets: ['dockerfile', 'gitlab-ci'],
  severity: 'error',
  docs: { description: 'test' },
  messages: { never: 'never' },
  check() {
    throw new Error('boom');
  },
});
const rules = [reportBad, throwing] as Rule[];

test('a throwing rule is reported once and the other rules still run', () => {
  const { findings } = lintFile({ path: 'Dockerfile', text: 'FROM EVIL\n' }, {}, rules);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.messageId]), [['internal-error', 'ruleFailed'], ['test-bad', 'bad']]);
  assert.match(findings[0].message, /test-throws.*boom/);
});

test('findings are ordered by position then rule id', () => {
  const { findings } = lintFile({ path: 'Dockerfile', text: 'RUN EVIL EVIL\nFROM EVIL\n' }, {}, [reportBad]);
  assert.deepEqual(findings.map((f) => f.start), [4, 9, 19]);
});

test('severity overrides and off', () => {
  const warn = lintFile({ path: 'Dockerfile', text: 'FROM EVIL\n' }, { rules: { 'test-bad': 'error' } }, [reportBad]);
  assert.equal(warn.findings[0].severity, 'error');
  const off = lintFile({ path: 'Dockerfile', text: 'FROM EVIL\n' }, { rules: { 'test-bad': 'off' } }, [reportBad]);
  assert.equal(off.findings.length, 0);
});

test('unknown files are not analysed', () => {
  assert.deepEqual(lintFile({ path: 'notes.txt', text: 'EVIL' }, {}, rules), { kind: 'unknown', findings: [] });
});

test('too-large and binary files get one info finding and nothing else', () => {
  const big = lintFile({ path: 'Dockerfile', text: 'RUN EVIL\n'.repeat(100) }, { maxFileSize: 100 }, rules);
  assert.deepEqual(big.findings.map((f) => [f.ruleId, f.messageId, f.severity]), [['file-skipped', 'tooLarge', 'info']]);
  const bin = lintFile({ path: 'Dockerfile', text: 'FROM EVIL\u0000\u0001' }, {}, rules);
  assert.deepEqual(bin.findings.map((f) => [f.ruleId, f.messageId]), [['file-skipped', 'binary']]);
});

test('malformed YAML gets a parse-error finding; templated YAML gets an info one', () => {
  const broken = lintFile({ path: '.gitlab-ci.yml', text: 'job:\n  script: [a, b\n' }, {}, [reportBad]);
  assert.deepEqual(broken.findings.map((f) => [f.ruleId, f.severity]), [['parse-error', 'warning']]);
  // Template actions are masked: a template that is valid YAML around its actions has no finding,
  // one that is still broken gets one information finding.
  const helm = lintFile({ path: 'x.gitlab-ci.yml', text: '{{- if .Values.enabled }}\njob:\n  script: [a]\n{{- end }}\n' }, {}, [reportBad]);
  assert.deepEqual(helm.findings.map((f) => [f.ruleId, f.messageId, f.severity]), []);
  const brokenHelm = lintFile({ path: 'x.gitlab-ci.yml', text: '{{- if .Values.enabled }}\njob:\n  script: [a, {{ .b }}\n{{- end }}\n' }, {}, [reportBad]);
  assert.deepEqual(brokenHelm.findings.map((f) => [f.ruleId, f.messageId, f.severity]), [['parse-error', 'template', 'info']]);
});

test('alias bombs do not hang the parse layer', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`);
  const started = Date.now();
  lintFile({ path: '.gitlab-ci.yml', text: bomb.join('\n') + '\n' }, {}, [reportBad]);
  assert.ok(Date.now() - started < 5000);
});

// Other tools' pragmas are covered per family in test/engine/suppress-*.test.ts.
test('suppression: line pragma above, trailing pragma, file pragma', () => {
  const text = [
    'FROM ok',
    '# daemonless ignore=test-bad -- accepted risk',
    'RUN EVIL \\',
    '  EVIL',
    'RUN EVIL # daemonless ignore=test-bad',
    'RUN EVIL',
    '',
  ].join('\n');
  const { findings } = lintFile({ path: 'Dockerfile', text }, {}, [reportBad]);
  assert.deepEqual(findings.map((f) => f.data.line), ['5']);
  const fileWide = lintFile({ path: 'Dockerfile', text: 'RUN EVIL\n# daemonless ignore-file=test-bad\n' }, {}, [reportBad]);
  assert.equal(fileWide.findings.length, 0);
  const other = lintFile({ path: 'Dockerfile', text: '# daemonless ignore=other-rule\nRUN EVIL\n' }, {}, [reportBad]);
  assert.equal(other.findings.length, 1);
});

test('suppression in YAML covers everything nested under the key below the pragma', () => {
  const text = ['# daemonless ignore=test-bad', 'job:', '  services:', '    - EVIL', 'other:', '  - EVIL', ''].join('\n');
  const { findings } = lintFile({ path: '.gitlab-ci.yml', text }, {}, [reportBad]);
  assert.deepEqual(findings.map((f) => f.data.line), ['5']);
});

test('suppressionEdit inserts a pragma above the line at its indentation, keeping CRLF', () => {
  const text = 'job:\r\n  services:\r\n    - EVIL\r\n';
  const file = new ParsedFile({ path: '.gitlab-ci.yml', text }, 'gitlab-ci');
  const [finding] = lintFile(file, {}, [reportBad]).findings;
  const edit = suppressionEdit(file, finding);
  const out = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  assert.equal(out, 'job:\r\n  services:\r\n    # daemonless ignore=test-bad\r\n    - EVIL\r\n');
  assert.equal(lintFile({ path: '.gitlab-ci.yml', text: out }, {}, [reportBad]).findings.length, 0);
});

test('suppressionEdit on a continuation line goes above the Dockerfile instruction', () => {
  const text = 'FROM x\nRUN a \\\n  EVIL\n';
  const file = new ParsedFile({ path: 'Dockerfile', text }, 'dockerfile');
  const [finding] = lintFile(file, {}, [reportBad]).findings;
  const edit = suppressionEdit(file, finding);
  assert.equal(text.slice(0, edit.start) + edit.text + text.slice(edit.end), 'FROM x\n# daemonless ignore=test-bad\nRUN a \\\n  EVIL\n');
});
