// `--format codequality` (GitLab Code Quality) and `--format github` (workflow commands): golden outputs
// over test/cli/fixtures/reports, the shape each CI system reads, fingerprints that survive line shifts,
// and GitHub's escaping. DAEMONLESS_UPDATE_GOLDEN=1 rewrites the golden files.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { escapeData, escapeProperty } from '../../server/src/cli/formats/github.js';
import { repoRoot, runCli, scratch } from './helpers.js';

const fixture = join(repoRoot, 'test', 'cli', 'fixtures', 'reports');
const golden = (name: string) => join(repoRoot, 'test', 'cli', 'golden', name);

function matchesGolden(name: string, actual: string): void {
  if (process.env.DAEMONLESS_UPDATE_GOLDEN === '1') writeFileSync(golden(name), actual);
  assert.equal(actual, readFileSync(golden(name), 'utf8'), `${name} differs (DAEMONLESS_UPDATE_GOLDEN=1 rewrites it)`);
}

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/** The fields GitLab requires, with their types, and nothing it would reject. */
function assertCodeQualityShape(report: unknown): asserts report is CodeQualityIssue[] {
  assert.ok(Array.isArray(report), 'the report is a JSON array');
  for (const issue of report as CodeQualityIssue[]) {
    assert.deepEqual(Object.keys(issue).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
    assert.equal(typeof issue.description, 'string');
    assert.match(issue.check_name, /^[a-z0-9-]+$/);
    assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
    assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity), issue.severity);
    assert.deepEqual(Object.keys(issue.location).sort(), ['lines', 'path']);
    assert.doesNotMatch(issue.location.path, /^\/|\\/, 'a relative path with forward slashes');
    assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
  }
}

test('codequality: golden output and GitLab shape', () => {
  const r = runCli(['lint', '--format', 'codequality', '.'], fixture);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, '');
  matchesGolden('reports.codequality.json', r.stdout);
  const report = JSON.parse(r.stdout);
  assertCodeQualityShape(report);
  assert.ok(report.length > 0);
  assert.equal(new Set(report.map((i) => i.fingerprint)).size, report.length, 'fingerprints are unique');
});

test('codequality: error → critical, warning → minor, info → info', () => {
  const dir = scratch({ Dockerfile: 'FROM node:latest\n' });
  const levels = (rule: string) => {
    const r = runCli(['lint', '--format', 'codequality', '--fail-on', 'never', '--rule', `df-base-image-unpinned=${rule}`], dir);
    return (JSON.parse(r.stdout) as CodeQualityIssue[]).filter((i) => i.check_name === 'df-base-image-unpinned').map((i) => i.severity);
  };
  assert.deepEqual(levels('error'), ['critical']);
  assert.deepEqual(levels('warning'), ['minor']);
  assert.deepEqual(levels('info'), ['info']);
});

test('codequality: fingerprints are the same across runs and when lines shift', () => {
  const ci = readFileSync(join(fixture, '.gitlab-ci.yml'), 'utf8');
  const dir = scratch({ '.gitlab-ci.yml': ci });
  const run = () => JSON.parse(runCli(['lint', '--format', 'codequality'], dir).stdout) as CodeQualityIssue[];
  const first = run();
  assert.deepEqual(run(), first, 'two runs agree');
  writeFileSync(join(dir, '.gitlab-ci.yml'), `# moved down\n\nstages: [build]\n\n${ci}`);
  const shifted = run();
  assert.deepEqual(shifted.map((i) => i.fingerprint).sort(), first.map((i) => i.fingerprint).sort());
  assert.deepEqual(shifted.map((i) => i.location.lines.begin), first.map((i) => i.location.lines.begin + 4));
});

test('codequality: two identical findings in one file get different fingerprints', () => {
  const dir = scratch({ Dockerfile: 'FROM node:latest AS a\nFROM node:latest AS b\nUSER app\n' });
  const issues = JSON.parse(runCli(['lint', '--format', 'codequality', '--fail-on', 'never'], dir).stdout) as CodeQualityIssue[];
  const unpinned = issues.filter((i) => i.check_name === 'df-base-image-unpinned');
  assert.equal(unpinned.length, 2);
  assert.equal(unpinned[0].description, unpinned[1].description);
  assert.notEqual(unpinned[0].fingerprint, unpinned[1].fingerprint);
});

test('codequality: no findings is an empty array', () => {
  const dir = scratch({ Dockerfile: 'FROM node:22.11.0-slim\nUSER 1000\n' });
  const r = runCli(['lint', '--format', 'codequality'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
});

const COMMAND = /^::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([a-z0-9-]+)::(.*)$/;

test('github: golden output, one workflow command per finding', () => {
  const r = runCli(['lint', '--format', 'github', '.'], fixture);
  assert.equal(r.code, 1, r.stderr);
  matchesGolden('reports.github.txt', r.stdout);
  const lines = r.stdout.trimEnd().split('\n');
  const json = JSON.parse(runCli(['lint', '--format', 'json', '.'], fixture).stdout).findings;
  assert.equal(lines.length, json.length, 'as many commands as findings');
  lines.forEach((line, i) => {
    const m = COMMAND.exec(line);
    assert.ok(m, `a workflow command: ${line}`);
    const f = json[i];
    assert.equal(m[1], f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice');
    assert.equal(m[2], f.file);
    assert.deepEqual([m[3], m[4]].map(Number), [f.range.start.line + 1, f.range.start.character + 1]);
    assert.equal(m[7], f.ruleId);
    assert.equal(m[8], escapeData(f.message));
  });
});

test('github: escaping follows the runner (%, CR, LF in data; also : and , in properties)', () => {
  assert.equal(escapeData('100% a\r\nb: c, d'), '100%25 a%0D%0Ab: c, d');
  assert.equal(escapeProperty('dir,x/a:b%.yml'), 'dir%2Cx/a%3Ab%25.yml');
  const dir = scratch({ 'a,b:c/Dockerfile': 'FROM node:latest\nUSER app\n' });
  const r = runCli(['lint', '--format', 'github', '--fail-on', 'never'], dir);
  assert.match(r.stdout, /^::warning file=a%2Cb%3Ac\/Dockerfile,line=1,col=6,/m);
});

test('github: no findings prints nothing', () => {
  const dir = scratch({ Dockerfile: 'FROM node:22.11.0-slim\nUSER 1000\n' });
  const r = runCli(['lint', '--format', 'github'], dir);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
});
