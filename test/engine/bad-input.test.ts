// Bad input never costs a finding: deep nesting, syntax errors, YAML that kubectl accepts, hostile
// scripts, slow rules and binary content each get a clear answer, and everything that parsed is
// still checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules, lintDocuments, lintFile, type FileKind, type Finding, type LintOptions } from '../../server/src/engine/index.js';
import { parseYaml } from '../../server/src/engine/parse/yaml.js';
import { tokenize } from '../../server/src/engine/parse/shell/tokens.js';
import { defineRule } from '../../server/src/engine/rule.js';
import { repoRoot } from '../lsp/lsp-client.js';

const lint = (path: string, text: string, options: LintOptions = {}) => lintFile({ path, text }, options).findings;
const ids = (findings: Finding[]) => findings.map((f) => `${f.ruleId}/${f.messageId}`);
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const PRIVILEGED_JOB = 'build:\n  image: docker:24\n  services: [docker:dind]\n  script:\n    - docker run --privileged alpine\n';
/** A line of `- ` indicators that the YAML parser follows one level each (as many as the 5 KB file). */
const DEEP = '- '.repeat(2700) + '\n  x: 1\n';

test('deep nesting: a clear finding, never an internal error, and the other documents are still checked', () => {
  for (const deep of [DEEP, '- '.repeat(60_000) + 'x\n', '['.repeat(3000) + '\n', Array.from({ length: 700 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' 1\n']) {
    const text = PRIVILEGED_JOB + '---\n' + deep;
    const findings = lint('.gitlab-ci.yml', text);
    assert.ok(!ids(findings).some((id) => id.startsWith('internal-error')), ids(findings).join(' '));
    const deepFinding = findings.filter((f) => f.ruleId === 'file-skipped');
    assert.equal(deepFinding.length, 1, `${deep.slice(0, 10)}: ${ids(findings).join(' ')}`);
    assert.equal(deepFinding[0].messageId, 'tooDeep');
    assert.match(deepFinding[0].message, /^Nesting deeper than 500 levels: this document is not analysed/);
    assert.ok(lineOf(text, deepFinding[0].start) >= 7, 'the finding is in the deep document');
    assert.ok(ids(findings).includes('ci-privileged/dockerRun') || findings.some((f) => f.ruleId === 'ci-privileged'), ids(findings).join(' '));
  }
});

test('deep nesting: the depth cap is configurable and is counted in collections, not lines', () => {
  const nested = (depth: number) => Array.from({ length: depth }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + ' 1\n';
  assert.equal(parseYaml(nested(499)).tooDeep, undefined);
  assert.equal(parseYaml(nested(501)).tooDeep?.length, 1);
  assert.equal(parseYaml(nested(11), { maxNestingDepth: 10 }).tooDeep?.length, 1);
  assert.equal(parseYaml(nested(10), { maxNestingDepth: 10 }).tooDeep, undefined);
  const findings = lint('.gitlab-ci.yml', PRIVILEGED_JOB.replace('build:', 'build:\n  variables: {a: {b: {c: {d: 1}}}}'), { maxNestingDepth: 3 });
  assert.deepEqual(ids(findings), ['file-skipped/tooDeep']);
  assert.match(findings[0].message, /deeper than 3 levels/);
});

test('deep nesting just under the cap costs no internal error in any file kind', () => {
  const seq = '- '.repeat(499) + 'x\n';
  const map = Array.from({ length: 498 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' 1\n';
  const paths: [string, FileKind][] = [
    ['.gitlab-ci.yml', 'gitlab-ci'], ['.github/workflows/ci.yml', 'github-actions'], ['deploy/pod.yaml', 'k8s'], ['compose.yaml', 'compose'],
    ['.drone.yml', 'drone'], ['bitbucket-pipelines.yml', 'bitbucket'], ['.circleci/config.yml', 'circleci'], ['azure-pipelines.yml', 'azure-pipelines'],
  ];
  for (const [path, kind] of paths) {
    for (const body of [seq, map, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - ' + 'a: '.repeat(300) + '1\n']) {
      const result = lintDocuments({ path, text: body, kind });
      const bad = result.findings.filter((f) => f.finding.ruleId === 'internal-error');
      assert.deepEqual(bad.map((f) => f.finding.message), [], `${path}`);
    }
  }
});

test('deep nesting through the CLI: findings, exit code 0, no internal error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'daemonless-deep-'));
  try {
    writeFileSync(join(dir, '.gitlab-ci.yml'), DEEP);
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'lint', '--format', 'json', '.gitlab-ci.yml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    const out = JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] };
    assert.deepEqual(out.findings.map((f) => f.ruleId), ['file-skipped']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const PARTIAL_POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  'spec:',
  '  containers:',
  '    - name: d',
  '      image: docker:dind',
  '      securityContext:',
  '        privileged: true',
  '  volumes:',
  '    - name: sock',
  '      hostPath: {path: /var/run/docker.sock',
  '',
].join('\n');

test('a syntax error no longer silences its document: what parsed is checked, and the message says so', () => {
  for (const result of [lintFile({ path: 'deploy/pod.yaml', text: PARTIAL_POD }).findings, lintDocuments({ path: 'deploy/pod.yaml', text: PARTIAL_POD, kind: 'k8s' }).findings.map((f) => f.finding)]) {
    const found = new Set(result.map((f) => f.ruleId));
    for (const id of ['k8s-privileged', 'k8s-docker-socket', 'parse-error']) assert.ok(found.has(id), `${id}: ${[...found].join(' ')}`);
    const parse = result.find((f) => f.ruleId === 'parse-error')!;
    assert.equal(parse.severity, 'warning');
    assert.match(parse.message, /The parts of the document that parsed were checked/);
  }
  // Fixes still refuse to edit a document with errors.
  const privileged = lintFile({ path: 'deploy/pod.yaml', text: PARTIAL_POD }).findings.find((f) => f.ruleId === 'k8s-privileged')!;
  const outcome = privileged.fix?.();
  assert.ok(outcome === undefined || outcome.type === 'refusal', JSON.stringify(outcome));
});

const DIND_JOB = (annotation: string) => [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: build',
  '  annotations:',
  annotation,
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: dind',
  '          image: docker:dind',
  '          securityContext:',
  '            privileged: true',
  '',
].join('\n');

test('leniency: multi-line quoted scalars that kubectl accepts are read as kubectl reads them', () => {
  const cases: Record<string, string> = {
    'single quotes, closing line at the key\'s indentation': "    description: 'Builds the image\n    and pushes it'",
    'double quotes, closing line at the key\'s indentation': '    description: "Builds the image\n    and pushes it"',
    'single quotes, continuation at column 0': "    description: 'Builds the image\nand pushes it'",
    'an escaped quote inside': "    description: 'it''s the\n    build job'",
  };
  for (const [name, annotation] of Object.entries(cases)) {
    const text = DIND_JOB(annotation);
    assert.ok(parseYaml(text).errors.every((e) => e.lenient), name);
    const findings = lint('deploy/job.yaml', text);
    const privileged = findings.filter((f) => f.ruleId === 'k8s-privileged');
    assert.equal(privileged.length, 1, `${name}: ${ids(findings).join(' ')}`);
    assert.equal(text.slice(privileged[0].start, privileged[0].end), 'true');
    const parse = findings.filter((f) => f.ruleId === 'parse-error');
    assert.deepEqual(parse.map((f) => [f.messageId, f.severity]), [['lenient', 'info']], name);
    assert.ok(parse.every((f) => lineOf(text, f.start) === 6), name);
  }
  // Valid YAML is never touched, and a real error is not hidden by the retry.
  assert.deepEqual(parseYaml(DIND_JOB("    description: 'one line'")).errors, []);
  const broken = DIND_JOB("    description: 'never closed");
  assert.ok(parseYaml(broken).errors.length > 0 && parseYaml(broken).errors.every((e) => !e.lenient));
});

test('pathological scripts: capped per script, linear below the cap, and the cap is reported', () => {
  const hostile = '$('.repeat(300_000);
  const capped = tokenize(hostile);
  assert.ok(capped.text.length === 100_000 && capped.work <= 3 * 100_000, `${capped.text.length} ${capped.work}`);
  const script = 'docker run --privileged alpine; ' + 'echo $('.repeat(40_000);
  const text = `build:\n  image: docker:24\n  script:\n    - ${JSON.stringify(script)}\n`;
  const findings = lint('.gitlab-ci.yml', text);
  assert.ok(findings.some((f) => f.ruleId === 'ci-privileged'), ids(findings).join(' '));
  const cut = findings.filter((f) => f.messageId === 'scriptTooLong');
  assert.equal(cut.length, 1);
  assert.match(cut[0].message, /of 2\d{5} characters was analysed up to 100000 characters only/);
  assert.deepEqual(lint('.gitlab-ci.yml', text, { maxScriptLength: 1_000_000 }).filter((f) => f.messageId === 'scriptTooLong'), []);
  // A cut applies to the one lint: the next file gets the default again.
  assert.equal(tokenize('x'.repeat(150_000)).text.length, 100_000);
});

test('ranges are clamped inside the text by the engine', () => {
  const outside = defineRule({
    id: 'test-outside',
    targets: ['gitlab-ci'],
    severity: 'warning',
    docs: { description: 'test' },
    messages: { m: 'm' },
    check(ctx) {
      ctx.report({ messageId: 'm', start: ctx.file.text.length + 10, end: ctx.file.text.length + 20 });
      ctx.report({ messageId: 'm', start: -5, end: 3 });
    },
  });
  const text = 'a: 1\n';
  const findings = lintFile({ path: '.gitlab-ci.yml', text }, {}, [outside]).findings;
  assert.deepEqual(findings.map((f) => [f.start, f.end]), [[0, 3], [5, 5]]);
  const split = lintDocuments({ path: 'k.yaml', text: 'kind: Pod\n---\nkind: Pod\n', kind: 'k8s' }, {}, [{ ...outside, targets: ['k8s'] }]);
  for (const f of split.findings) assert.ok(f.finding.start >= 0 && f.finding.end <= split.text.length && f.finding.start <= f.finding.end);
});

test('time budget: a slow rule stops the file\'s remaining rules with one finding naming it', () => {
  const slow = defineRule({
    id: 'test-slow',
    targets: ['gitlab-ci'],
    severity: 'warning',
    docs: { description: 'test' },
    messages: { m: 'm' },
    check() {
      const until = performance.now() + 60;
      while (performance.now() < until) { /* busy */ }
    },
  });
  const findings = lintFile({ path: '.gitlab-ci.yml', text: PRIVILEGED_JOB }, { timeBudgetMs: 30 }, [slow, ...allRules]).findings;
  const budget = findings.filter((f) => f.messageId === 'timeBudget');
  assert.equal(budget.length, 1);
  assert.equal(budget[0].severity, 'info');
  assert.match(budget[0].message, /rule test-slow took \d+ ms; not run: .*ci-privileged/);
  assert.ok(!findings.some((f) => f.ruleId === 'ci-privileged'));
  // The default budget is generous: the same file lints completely.
  assert.ok(lintFile({ path: '.gitlab-ci.yml', text: PRIVILEGED_JOB }, {}, [slow, ...allRules]).findings.some((f) => f.ruleId === 'ci-privileged'));
});

test('binary content without a NUL byte gets the same "not text" answer', () => {
  let seed = 7;
  const bytes = Buffer.alloc(4000, 0).map(() => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 255) + 1);
  const text = Buffer.from(bytes).toString('utf8');
  assert.ok(!text.includes('\u0000'));
  for (const path of ['Dockerfile', '.gitlab-ci.yml']) assert.deepEqual(ids(lint(path, text)), ['file-skipped/binary'], path);
  // Text with a few odd characters (an escape sequence, a stray replacement character) is still text.
  assert.ok(!ids(lint('.gitlab-ci.yml', PRIVILEGED_JOB + '# \u001b[1mbold\u001b[0m \ufffd\n')).includes('file-skipped/binary'));
});

test('deep nesting: a stack overflow inside the YAML library loses only the document that causes it', () => {
  const run = spawnSync(process.execPath, ['--stack-size=300', '--import', 'tsx', join(repoRoot, 'test/engine/fixtures/parse-on-small-stack.ts')], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { libraryThrew: boolean; tooDeep: { start: number }[]; documents: unknown[] };
  assert.equal(out.libraryThrew, true, 'the library overflows this stack');
  assert.deepEqual(out.documents, [{ a: 1 }, null, { b: 2 }]);
  assert.deepEqual(out.tooDeep.map((d) => d.start), [9]);
});
