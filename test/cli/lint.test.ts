import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { BUILTIN_FINDINGS } from '../../server/src/engine/builtin-findings.js';
import { allRules } from '../../server/src/engine/registry.js';
import { BROKEN_GITLAB, repoRoot, runCli, scratch } from './helpers.js';

// The engine's parse-error finding (a warning by default) drives these tests, so they do not depend
// on any one rule's logic. A non-ASCII line puts the error after an emoji (two UTF-16 units).
const EMOJI_LINE = '  script: "😀é" x';
const EMOJI_GITLAB = `job:\n${EMOJI_LINE}\n`;

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

function parseJson(stdout: string): { version: number; findings: JsonFinding[] } {
  return JSON.parse(stdout);
}

test('exit codes follow --fail-on: a warning passes at error, fails at warning and info, never fails at never', () => {
  const dir = scratch({ '.gitlab-ci.yml': BROKEN_GITLAB });
  assert.equal(runCli(['lint'], dir).code, 0);
  assert.equal(runCli(['lint', '--fail-on', 'error'], dir).code, 0);
  assert.equal(runCli(['lint', '--fail-on', 'warning'], dir).code, 1);
  assert.equal(runCli(['lint', '--fail-on=info'], dir).code, 1);
  assert.equal(runCli(['lint', '--fail-on', 'never', '--rule', 'parse-error=error'], dir).code, 0);
  assert.equal(runCli(['lint', '--rule', 'parse-error=error'], dir).code, 1);
  assert.equal(runCli(['lint', '--rule', 'parse-error=info', '--fail-on', 'warning'], dir).code, 0);
  assert.equal(runCli(['lint', '--rule', 'parse-error=info', '--fail-on', 'info'], dir).code, 1);
});

test('exit code 2 on usage errors, before any output', () => {
  const dir = scratch({ '.gitlab-ci.yml': BROKEN_GITLAB });
  for (const args of [
    ['lint', '--no-such-flag'],
    ['lint', 'missing-folder'],
    ['lint', '--format', 'xml'],
    ['lint', '--fail-on', 'sometimes'],
    ['lint', '--rule', 'parse-error'],
    ['lint', '--rule', 'no-such-rule=error'],
    ['lint', '--rule', 'parse-error=loud'],
    ['lint', '--max-file-size', 'big'],
    ['lint', '--format'],
    ['frobnicate'],
  ]) {
    const r = runCli(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}`);
    assert.equal(r.stdout, '', args.join(' '));
    assert.match(r.stderr, /^daemonless: /, args.join(' '));
  }
});

test('--help and --version', () => {
  const dir = scratch({});
  const help = runCli(['--help'], dir);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /daemonless lint \[paths\.\.\.\]/);
  assert.match(help.stdout, /--fail-on error\|warning\|info\|never/);
  const version = runCli(['--version'], dir);
  assert.equal(version.code, 0);
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.equal(version.stdout, `${pkg.version}\n`);
});

test('JSON: exact shape, 0-based lines, UTF-16 characters on a non-ASCII line, relative forward-slash paths', () => {
  const dir = scratch({ 'ci/sub/.gitlab-ci.yml': EMOJI_GITLAB });
  const r = runCli(['lint', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const doc = parseJson(r.stdout);
  assert.deepEqual(Object.keys(doc), ['version', 'findings']);
  assert.equal(doc.version, 1);
  assert.equal(doc.findings.length, 1);
  const f = doc.findings[0];
  assert.deepEqual(Object.keys(f), ['file', 'ruleId', 'severity', 'message', 'range']);
  assert.deepEqual(Object.keys(f.range), ['start', 'end']);
  assert.deepEqual(Object.keys(f.range.start), ['line', 'character']);
  assert.equal(f.file, 'ci/sub/.gitlab-ci.yml');
  assert.equal(f.ruleId, 'parse-error');
  assert.equal(f.severity, 'warning');
  assert.equal(typeof f.message, 'string');
  // The stray scalar `x` after the quoted string: line 1 (0-based), at its UTF-16 index in the line.
  const utf16 = EMOJI_LINE.lastIndexOf('x');
  assert.notEqual(utf16, [...EMOJI_LINE.slice(0, utf16)].length, 'the line really has a surrogate pair before x');
  assert.deepEqual(f.range.start, { line: 1, character: utf16 });
});

test('JSON: files in walk order, explicit paths in the order given; an empty run is a valid document', () => {
  const dir = scratch({ 'b/.gitlab-ci.yml': BROKEN_GITLAB, 'a/.gitlab-ci.yml': BROKEN_GITLAB, 'a/z/x.gitlab-ci.yml': BROKEN_GITLAB, 'notes.txt': 'x' });
  const walked = parseJson(runCli(['lint', '--format', 'json'], dir).stdout);
  assert.deepEqual(walked.findings.map((f) => f.file), ['a/.gitlab-ci.yml', 'a/z/x.gitlab-ci.yml', 'b/.gitlab-ci.yml']);
  const given = parseJson(runCli(['lint', 'b', 'a/z', '--format', 'json'], dir).stdout);
  assert.deepEqual(given.findings.map((f) => f.file), ['b/.gitlab-ci.yml', 'a/z/x.gitlab-ci.yml']);
  const empty = runCli(['lint', 'notes.txt', '--format', 'json'], dir);
  assert.equal(empty.code, 0);
  assert.deepEqual(JSON.parse(empty.stdout), { version: 1, findings: [] });
});

test('text format: path:line:col: severity rule-id message, 1-based, then a summary line', () => {
  const dir = scratch({ 'x/.gitlab-ci.yml': EMOJI_GITLAB, 'y/.gitlab-ci.yml': BROKEN_GITLAB });
  const json = parseJson(runCli(['lint', '--format', 'json'], dir).stdout);
  const r = runCli(['lint', '--rule', 'parse-error=info'], dir);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.deepEqual(
    lines.slice(0, -1),
    json.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: info parse-error ${f.message}`),
  );
  assert.equal(lines.at(-1), '2 problems (0 errors, 0 warnings, 2 infos)');
  const clean = runCli(['lint', '--rule', 'parse-error=off'], dir);
  assert.equal(clean.stdout, '0 problems (0 errors, 0 warnings, 0 infos)\n');
});

test('SARIF: schema, driver rules for every rule and built-in, levels, 1-based regions in UTF-16 units', () => {
  const dir = scratch({ 'ci/.gitlab-ci.yml': EMOJI_GITLAB });
  const json = parseJson(runCli(['lint', '--format', 'json'], dir).stdout);
  const r = runCli(['lint', '--format', 'sarif', '--rule', 'parse-error=info'], dir);
  assert.equal(r.code, 0, r.stderr);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  assert.equal(sarif.runs.length, 1);
  const run = sarif.runs[0];
  assert.equal(run.columnKind, 'utf16CodeUnits');
  const driver = run.tool.driver;
  assert.equal(driver.name, 'daemonless');
  assert.equal(driver.version, JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
  assert.equal(typeof driver.informationUri, 'string');
  const expectedIds = [...allRules.map((x) => x.id).sort(), ...BUILTIN_FINDINGS.map((x) => x.id)];
  assert.deepEqual(driver.rules.map((x: { id: string }) => x.id), expectedIds);
  const levels: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
  for (const meta of [...allRules, ...BUILTIN_FINDINGS]) {
    const rule = driver.rules.find((x: { id: string }) => x.id === meta.id);
    assert.equal(rule.shortDescription.text, meta.docs.description);
    assert.equal(rule.defaultConfiguration.level, levels[meta.severity]);
    assert.equal(rule.helpUri, pathToFileURL(join(repoRoot, 'docs', 'rules', `${meta.id}.md`)).href);
  }
  assert.equal(run.results.length, 1);
  const result = run.results[0];
  assert.equal(result.ruleId, 'parse-error');
  assert.equal(driver.rules[result.ruleIndex].id, 'parse-error');
  assert.equal(result.level, 'note', 'the overridden severity, not the default');
  assert.equal(result.message.text, json.findings[0].message);
  const loc = result.locations[0].physicalLocation;
  assert.equal(loc.artifactLocation.uri, 'ci/.gitlab-ci.yml');
  const range = json.findings[0].range;
  assert.deepEqual(loc.region, {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  });
});

test('config file: rule severities, exclude and maxFileSize, with command-line flags on top', () => {
  const files = { '.gitlab-ci.yml': BROKEN_GITLAB, 'vendor/.gitlab-ci.yml': BROKEN_GITLAB, 'big/.gitlab-ci.yml': `# ${'x'.repeat(300)}\n` };
  const dir = scratch({ ...files, '.daemonless.json': JSON.stringify({ rules: { 'parse-error': 'error' }, exclude: ['vendor/**'], maxFileSize: 200 }) });
  const r = runCli(['lint', '--format', 'json'], dir);
  assert.equal(r.code, 1, 'parse-error raised to error by the config');
  assert.deepEqual(parseJson(r.stdout).findings.map((f) => [f.file, f.ruleId, f.severity]), [
    ['.gitlab-ci.yml', 'parse-error', 'error'],
    ['big/.gitlab-ci.yml', 'file-skipped', 'info'],
  ]);
  const flags = runCli(['lint', '--format', 'json', '--rule', 'parse-error=warning', '--max-file-size', '1000', '--exclude', 'big/**'], dir);
  assert.equal(flags.code, 0, 'the flag wins over the config');
  assert.deepEqual(parseJson(flags.stdout).findings.map((f) => [f.file, f.severity]), [['.gitlab-ci.yml', 'warning']]);

  const other = scratch({ ...files, 'conf/strict.json': JSON.stringify({ rules: { 'parse-error': 'off' } }) });
  const viaFlag = runCli(['lint', '--format', 'json', '--config', 'conf/strict.json'], other);
  assert.deepEqual(parseJson(viaFlag.stdout).findings, []);

  const broken = scratch({ ...files, '.daemonless.json': '{"rules": ' });
  assert.equal(runCli(['lint'], broken).code, 2);
  const unknownRule = scratch({ ...files, '.daemonless.json': JSON.stringify({ rules: { 'no-such-rule': 'error' } }) });
  const unknownRun = runCli(['lint'], unknownRule);
  assert.equal(unknownRun.code, 2);
  assert.match(unknownRun.stderr, /no-such-rule/);
  assert.equal(runCli(['lint', '--config', 'missing.json'], dir).code, 2);
});

test('--exclude globs are relative to the current folder, also when a subfolder is linted', () => {
  const dir = scratch({ 'repo/a/.gitlab-ci.yml': BROKEN_GITLAB, 'repo/b/.gitlab-ci.yml': BROKEN_GITLAB, 'repo/c.gitlab-ci.yml': BROKEN_GITLAB });
  const files = (args: string[]) => parseJson(runCli(['lint', '--format', 'json', ...args], dir).stdout).findings.map((f) => f.file);
  assert.deepEqual(files(['--exclude', 'repo/a/**']), ['repo/c.gitlab-ci.yml', 'repo/b/.gitlab-ci.yml']);
  assert.deepEqual(files(['repo', '--exclude', 'repo/a/**', '--exclude', '**/c.gitlab-ci.yml']), ['repo/b/.gitlab-ci.yml']);
  assert.deepEqual(files(['repo/b', '--exclude', 'repo/b/**']), []);
});

test('explicit files are linted whatever their name (kind from content); folders only yield candidate names', () => {
  const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n';
  const dir = scratch({ 'deploy/pod.txt': manifest, 'deploy/pod.yaml': manifest, 'deploy/notes.yaml': 'hello: [\n' });
  const folder = parseJson(runCli(['lint', 'deploy', '--format', 'json'], dir).stdout);
  assert.deepEqual(folder.findings.map((f) => f.file), ['deploy/pod.yaml'], 'pod.txt is not a candidate name; notes.yaml is not a known kind');
  const explicit = parseJson(runCli(['lint', 'deploy/notes.yaml', 'deploy/pod.txt', 'deploy/pod.yaml', '--format', 'json'], dir).stdout);
  assert.deepEqual(explicit.findings.map((f) => f.file), ['deploy/pod.txt', 'deploy/pod.yaml'], 'pod.txt by content; notes.yaml of unknown kind is skipped');
  const dockerfile = scratch({ 'build/Containerfile.prod': 'FROM scratch\n', 'build/app.Dockerfile': 'FROM\u0000\u0001' });
  const df = runCli(['lint', 'build/app.Dockerfile', '--format', 'json'], dockerfile);
  assert.deepEqual(parseJson(df.stdout).findings.map((f) => [f.file, f.ruleId]), [['build/app.Dockerfile', 'file-skipped']]);
});

test('a binary file and malformed YAML in the tree do not stop the other files', () => {
  const binary = new Uint8Array(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 37) % 256;
  const dir = scratch({
    'a/Dockerfile': binary,
    'b/.gitlab-ci.yml': BROKEN_GITLAB,
    'c/.gitlab-ci.yml': EMOJI_GITLAB,
    'd/empty.gitlab-ci.yml': '',
    'e/helm.gitlab-ci.yml': '{{- if .Values.ci }}\njob:\n  script: [x]\n{{- end }}\n',
  });
  const r = runCli(['lint', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(parseJson(r.stdout).findings.map((f) => [f.file, f.ruleId, f.severity]), [
    ['a/Dockerfile', 'file-skipped', 'info'],
    ['b/.gitlab-ci.yml', 'parse-error', 'warning'],
    ['c/.gitlab-ci.yml', 'parse-error', 'warning'],
    // The templated file parses once its template actions are masked: nothing to report.
  ]);
});
