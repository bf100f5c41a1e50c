// The equivalents table is the one place that says which other tools' checks mean the same as a rule.
// The docs follow it: each rule page's "Equivalents" section ends with the sentence it renders, and
// docs/suppressions.md holds its table. DAEMONLESS_UPDATE_GOLDEN=1 rewrites both from the table.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_FINDINGS } from '../../server/src/engine/builtin-findings.js';
import {
  canonicalTrivyId,
  EQUIVALENTS,
  equivalentsMarkdown,
  honouredSentence,
  peerCovers,
  peerId,
  PEER_TOOLS,
  rulesForPeer,
} from '../../server/src/engine/equivalents.js';
import { allRules } from '../../server/src/engine/registry.js';

const root = join(__dirname, '..', '..');
const update = process.env.DAEMONLESS_UPDATE_GOLDEN === '1';
const HONOURED = /^\[Pragmas honoured\]\(\.\.\/suppressions\.md\):.*$/m;
const TABLE_START = '<!-- equivalents-table:start -->\n';
const TABLE_END = '<!-- equivalents-table:end -->';

function equivalentsSection(page: string): { start: number; end: number } {
  const start = page.indexOf('\n## Equivalents\n');
  assert.ok(start >= 0, 'the page has an Equivalents section');
  const next = page.indexOf('\n## ', start + 1);
  return { start, end: next < 0 ? page.length : next };
}

test('every row of the equivalents table is a registered rule, and every peer id has its tool\'s shape', () => {
  const ids = new Set([...allRules, ...BUILTIN_FINDINGS].map((r) => r.id));
  const shapes: Record<string, RegExp> = {
    hadolint: /^DL\d{4}$/,
    checkov: /^CKV2?_[A-Z0-9]+_\d+$/,
    trivy: /^(DS|KSV)-\d{4}$/,
    'kube-linter': /^[a-z0-9]+(-[a-z0-9]+)*$/,
    buildkit: /^[A-Z][A-Za-z]+$/,
  };
  for (const [ruleId, row] of Object.entries(EQUIVALENTS)) {
    assert.ok(ids.has(ruleId), `${ruleId} is a registered rule`);
    for (const tool of PEER_TOOLS) {
      for (const peer of row[tool] ?? []) assert.match(peerId(peer), shapes[tool], `${ruleId}: ${tool} id ${peerId(peer)}`);
    }
  }
});

test('each `when` names message ids the rule has', () => {
  const byId = new Map(allRules.map((r) => [r.id, r]));
  for (const [ruleId, row] of Object.entries(EQUIVALENTS)) {
    for (const tool of PEER_TOOLS) {
      for (const peer of row[tool] ?? []) {
        if (typeof peer === 'string') continue;
        for (const m of peer.when.messages ?? []) assert.ok(m in byId.get(ruleId)!.messages, `${ruleId}: ${peer.id} names message ${m}`);
      }
    }
  }
});

test('peer ids are looked up in every spelling their tool accepts', () => {
  assert.equal(canonicalTrivyId('DS002'), 'DS-0002');
  assert.equal(canonicalTrivyId('AVD-KSV-0017'), 'KSV-0017');
  assert.equal(canonicalTrivyId('ksv017'), 'KSV-0017');
  assert.deepEqual(rulesForPeer('trivy', 'DS002').map((m) => m.ruleId).sort(), ['df-missing-user', 'df-user-root']);
  assert.deepEqual(rulesForPeer('checkov', 'ckv_k8s_16').map((m) => m.ruleId), ['k8s-privileged']);
  assert.deepEqual(rulesForPeer('buildkit', 'secretsusedinargorenv'), [], 'BuildKit check names are case-sensitive');
  const [hostPid] = rulesForPeer('kube-linter', 'host-pid');
  assert.ok(peerCovers(hostPid.peer, { messageId: 'hostNamespace', data: { field: 'hostPID' } }));
  assert.ok(!peerCovers(hostPid.peer, { messageId: 'hostNamespace', data: { field: 'hostNetwork' } }));
});

test('every rule page ends its Equivalents section with the pragmas the table honours', () => {
  const stale: string[] = [];
  for (const rule of [...allRules, ...BUILTIN_FINDINGS]) {
    const path = join(root, 'docs/rules', `${rule.id}.md`);
    if (!existsSync(path)) continue; // rule-meta.test.ts reports a missing page
    const page = readFileSync(path, 'utf8');
    const { start, end } = equivalentsSection(page);
    const section = page.slice(start, end);
    const line = HONOURED.exec(section)?.[0];
    const want = honouredSentence(rule.id);
    // A rule without peers may leave the sentence out; one with peers must state them.
    if (line === want || (line === undefined && !(rule.id in EQUIVALENTS))) continue;
    stale.push(rule.id);
    if (update) {
      const body = line === undefined ? `${section.replace(/\n+$/, '')}\n\n${want}\n` : section.replace(line, want);
      writeFileSync(path, page.slice(0, start) + body + page.slice(end));
    }
  }
  assert.deepEqual(update ? [] : stale, [], 'pages whose "Pragmas honoured" sentence differs from equivalents.ts (DAEMONLESS_UPDATE_GOLDEN=1 rewrites them)');
});

test('every peer id the table honours is named in its rule page\'s Equivalents section', () => {
  for (const [ruleId, row] of Object.entries(EQUIVALENTS)) {
    const page = readFileSync(join(root, 'docs/rules', `${ruleId}.md`), 'utf8');
    const { start, end } = equivalentsSection(page);
    const prose = page.slice(start, end).replace(HONOURED, '');
    for (const tool of PEER_TOOLS) {
      for (const peer of row[tool] ?? []) assert.ok(prose.includes(peerId(peer)), `${ruleId}: the Equivalents prose names ${tool} ${peerId(peer)}`);
    }
  }
});

test('docs/suppressions.md holds the equivalents table', () => {
  const path = join(root, 'docs/suppressions.md');
  const page = readFileSync(path, 'utf8');
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  assert.ok(start >= 0 && end > start, 'docs/suppressions.md has the table markers');
  const want = equivalentsMarkdown();
  const have = page.slice(start + TABLE_START.length, end);
  if (update && have !== want) writeFileSync(path, page.slice(0, start + TABLE_START.length) + want + page.slice(end));
  else assert.equal(have, want, 'docs/suppressions.md table differs from equivalents.ts (DAEMONLESS_UPDATE_GOLDEN=1 rewrites it)');
});
