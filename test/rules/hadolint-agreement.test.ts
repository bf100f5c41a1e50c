// Agreement with hadolint's own test cases (../shared/peers/hadolint, read in place: GPL-3.0 data is
// never copied here). Each case of expectations.tsv names hadolint's code, the daemonless rule it
// maps to and whether that rule must fire. Every case mapped to a rule listed in GATED runs through
// the engine; the test fails when a case disagrees without being listed in DIFFERENCES (with its
// reason, also given on the rule's docs page), when a listed difference no longer differs, or when
// agreement falls below 95%: over the gated rules together, and for each gated rule with at least
// MIN_CASES cases (on a rule with 7 cases one explained difference is already 86%). Rules mapped but
// not gated are only reported. A case run under a hadolint config (DL3026's allowedRegistries, in its
// note) is linted with the daemonless options that mean the same.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lintFile } from '../../server/src/engine/runner.js';
import { allRules } from '../../server/src/engine/registry.js';
import type { LintOptions } from '../../server/src/engine/types.js';
import { sharedDir, sharedMissing } from '../support/shared-data.js';

const root = sharedDir('peers', 'hadolint');
const tsv = join(root, 'expectations.tsv');
const skip = existsSync(tsv) ? false : sharedMissing('peers');

/** The rules this table holds to 95% agreement and to an explained list of differences. */
const GATED = new Set([
  'df-package-unpinned',
  'df-pipefail',
  'df-add-instead-of-copy',
  'df-wget-and-curl',
  'df-user-not-numeric',
  'df-copy-whole-filesystem',
  'df-maintainer',
  'df-apt-install-recommends',
  'df-sudo',
  'df-untrusted-registry',
]);

const MIN_CASES = 20;

/** Cases where daemonless disagrees with hadolint on purpose, with the reason. */
const DIFFERENCES: Record<string, string> = {
  'DL3033/14-catches.Dockerfile':
    'the package version comes from a variable the final stage does not declare; its base image may define it, so an unknown value is never judged',
  'DL3041/28-catches.Dockerfile':
    'the package version comes from a variable the final stage does not declare; its base image may define it, so an unknown value is never judged',
  'DL3062/01-catches.Dockerfile': '`go install pkg` without @version builds the version go.mod requires (and fails outside a module): it is pinned',
  'DL3062/13-catches.Dockerfile': '`go run pkg` without @version builds the version go.mod requires (and fails outside a module): it is pinned',
  'DL4001/05-catches.Dockerfile': 'wget and curl meet only in a build stage; the shipped stage uses curl alone, and build stages do not ship',
};

interface Case {
  path: string;
  code: string;
  rule: string;
  fire: boolean;
  note: string;
}

function readCases(): Case[] {
  const lines = readFileSync(tsv, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const header = lines[0].split('\t');
  const col = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const f = line.split('\t');
    return { path: f[col('case_path')], code: f[col('peer_check_id')].split(' ')[0], rule: f[col('our_rule')], fire: f[col('expect')] === 'fire', note: f[col('note')] ?? '' };
  });
}

/** The stage hadolint's fragments are linted under; no finding on it is about the case. */
const NEUTRAL_BASE = 'FROM base:1\n';

/**
 * hadolint lints fragments: a case without FROM is the body of a stage, so it is linted under a
 * neutral base image (an instruction before any FROM is not part of any image).
 */
function asDockerfile(text: string): string {
  return /^\s*FROM\s/im.test(text) ? text : NEUTRAL_BASE + text;
}

/**
 * The options a case's hadolint config stands for, from its note: `allowedRegistries = [ "x.com" ]`
 * is daemonless's trustedRegistries (a rule that is off by default is switched on for its cases).
 */
function caseOptions(c: Case): LintOptions {
  const options: LintOptions = {};
  const rule = allRules.find((r) => r.id === c.rule);
  if (rule?.defaultOff) options.rules = { [rule.id]: rule.severity };
  const allowed = /allowedRegistries\s*=\s*\[([^\]]*)\]/.exec(c.note);
  if (allowed) options.trustedRegistries = [...allowed[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  return options;
}

const known = new Set(allRules.map((r) => r.id));
const cases = skip === false ? readCases().filter((c) => known.has(c.rule)) : [];

test('hadolint agreement: the expectations list cases for the gated rules', { skip }, () => {
  for (const rule of GATED) assert.ok(cases.some((c) => c.rule === rule), `no case maps to ${rule}`);
  for (const path of Object.keys(DIFFERENCES)) assert.ok(cases.some((c) => c.path === path), `listed difference ${path} is not a case`);
});

test('hadolint agreement per rule', { skip }, (t) => {
  const perRule = new Map<string, { agree: number; total: number }>();
  const unexplained: string[] = [];
  const stale: string[] = [];
  for (const c of cases) {
    const original = readFileSync(join(root, c.path), 'utf8');
    const text = asDockerfile(original);
    const added = text.length - original.length;
    const { findings } = lintFile({ path: 'Dockerfile', text }, caseOptions(c));
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), `${c.path}: a rule threw`);
    const fired = findings.some((f) => f.ruleId === c.rule && f.start >= added);
    const agrees = fired === c.fire;
    const tally = perRule.get(c.rule) ?? { agree: 0, total: 0 };
    tally.total++;
    if (agrees) tally.agree++;
    perRule.set(c.rule, tally);
    if (!GATED.has(c.rule)) continue;
    const listed = c.path in DIFFERENCES;
    if (!agrees && !listed) unexplained.push(`${c.path} (${c.code} → ${c.rule}): hadolint ${c.fire ? 'fires' : 'is quiet'}, daemonless ${fired ? 'fires' : 'is quiet'}`);
    if (agrees && listed) stale.push(`${c.path} is listed as a difference but agrees`);
  }
  const low: string[] = [];
  for (const [rule, { agree, total }] of [...perRule].sort()) {
    const pct = (100 * agree) / total;
    t.diagnostic(`${rule}: ${agree}/${total} (${pct.toFixed(1)}%)${GATED.has(rule) ? '' : ' (reported only)'}`);
    if (GATED.has(rule) && total >= MIN_CASES && pct < 95) low.push(`${rule}: ${pct.toFixed(1)}%`);
  }
  const gated = [...perRule].filter(([r]) => GATED.has(r)).reduce((a, [, v]) => ({ agree: a.agree + v.agree, total: a.total + v.total }), { agree: 0, total: 0 });
  const together = (100 * gated.agree) / gated.total;
  t.diagnostic(`gated rules together: ${gated.agree}/${gated.total} (${together.toFixed(1)}%)`);
  if (together < 95) low.push(`gated rules together: ${together.toFixed(1)}%`);
  assert.deepEqual(unexplained, [], 'cases that disagree without a listed reason');
  assert.deepEqual(stale, [], 'listed differences that no longer differ');
  assert.deepEqual(low, [], 'gated rules below 95% agreement');
});
