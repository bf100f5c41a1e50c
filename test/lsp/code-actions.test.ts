// Code actions mirror the engine's lazily computed outcomes: safe fixes are preferred quick fixes,
// rewrites are offered as refactor and quick fix without preference, refusals are disabled actions
// with their reason; identical outcomes from several diagnostics become one action. The expected
// outcomes come from the engine itself, so these tests hold whatever the rewrite can do today.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, LineIndex, lintFile, type Finding, type FixOutcome } from '../../server/src/engine/index.js';
import { applyWorkspaceEdit, fileUri, rangeText, serverForSuite, TestClient } from './lsp-client.js';
import { configMap, dindPod } from './manifests.js';

const dir = mkdtempSync(join(tmpdir(), 'daemonless-lsp-actions-'));

type Key = string;
const keyOf = (ruleId: string, r: Diagnostic['range']) => `${ruleId}@${rangeText(r)}`;

function engineKeys(path: string, text: string): Key[] {
  const lines = new LineIndex(text);
  return lintFile({ path, text }).findings.map((f) =>
    keyOf(f.ruleId, { start: lines.positionAt(f.start), end: lines.positionAt(f.end) }),
  );
}

function engineOutcomes(path: string, text: string): { finding: Finding; outcome: FixOutcome }[] {
  return lintFile({ path, text }).findings.flatMap((finding) => (finding.fix ? [{ finding, outcome: finding.fix() }] : []));
}

function assertActionsMatch(actions: CodeAction[], outcomes: { finding: Finding; outcome: FixOutcome }[]): void {
  const groups = new Map<string, { outcome: FixOutcome; count: number }>();
  for (const { outcome } of outcomes) {
    const k = JSON.stringify(outcome);
    const g = groups.get(k) ?? { outcome, count: 0 };
    g.count++;
    groups.set(k, g);
  }
  assert.ok(groups.size > 0, 'the case needs findings with fixes');
  for (const { outcome, count } of groups.values()) {
    const matching = actions.filter((a) => a.title === outcome.title);
    if (outcome.type === 'refusal') {
      assert.deepEqual(matching.map((a) => a.kind).sort(), ['quickfix', 'refactor.rewrite']);
      for (const a of matching) {
        assert.deepEqual(a.disabled, { reason: outcome.reason });
        assert.equal(a.edit, undefined);
        assert.equal(a.isPreferred, undefined);
        assert.equal(a.diagnostics?.length, count);
      }
    } else if (outcome.kind === 'rewrite') {
      assert.deepEqual(matching.map((a) => a.kind).sort(), ['quickfix', 'refactor.rewrite']);
      for (const a of matching) {
        assert.ok(a.edit && !a.isPreferred && !a.disabled);
        assert.equal(a.diagnostics?.length, count);
      }
    } else {
      assert.equal(matching.length, 1);
      assert.equal(matching[0].kind, 'quickfix');
      assert.equal(matching[0].isPreferred, true);
    }
  }
}

describe('code actions', () => {
  let client!: TestClient;
  serverForSuite((c) => (client = c));

  test('fix, rewrite and refusal outcomes map to actions, deduplicated across diagnostics', async () => {
    const path = join(dir, 'pod.yaml');
    const uri = fileUri(path);
    const text = dindPod('builder', 'build');
    client.open(uri, 'yaml', text, 1);
    const p = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(p.diagnostics.map((d) => keyOf(String(d.code), d.range)), engineKeys(path, text));
    const actions = await client.codeActions(uri, p.diagnostics[0].range, p.diagnostics);
    assertActionsMatch(actions, engineOutcomes(path, text));

    const suppressions = actions.filter((a) => a.title.startsWith('Suppress '));
    // One suppression per rule and line: a rule reporting two containers on two lines offers two.
    const ruleLines = [...new Set(p.diagnostics.map((d) => `${String(d.code)} ${d.range.start.line}`))];
    assert.deepEqual(suppressions.map((a) => a.title).sort(), ruleLines.map((k) => `Suppress ${k.split(' ')[0]} on this line`).sort());
    for (const a of suppressions) assert.equal(a.kind, 'quickfix');

    const quickOnly = await client.codeActions(uri, p.diagnostics[0].range, p.diagnostics, ['quickfix']);
    assert.ok(quickOnly.length > 0);
    assert.ok(quickOnly.every((a) => a.kind === 'quickfix'));
  });

  test('each suppression edit removes exactly its own diagnostic', async () => {
    const path = join(dir, 'suppress', 'pod.yaml');
    const uri = fileUri(path);
    const text = dindPod('builder', 'build');
    client.open(uri, 'yaml', text, 1);
    const p = await client.waitForPublish(uri, { version: 1 });
    const target = p.diagnostics.find((d) => d.code === 'k8s-privileged');
    assert.ok(target);
    const actions = await client.codeActions(uri, target.range, [target]);
    const suppress = actions.find((a) => a.title === 'Suppress k8s-privileged on this line')!;
    const next = applyWorkspaceEdit(uri, 1, text, suppress.edit!);
    client.change(uri, 2, [{ text: next }]);
    const q = await client.waitForPublish(uri, { version: 2 });
    const before = p.diagnostics.map((d) => String(d.code)).filter((c) => c !== 'k8s-privileged');
    assert.deepEqual(q.diagnostics.map((d) => String(d.code)), before);
  });

  test('a large multi-document manifest is linted per document with whole-file results and fixes', async () => {
    const path = join(dir, 'big', 'cluster.yaml');
    const uri = fileUri(path);
    const docs: string[] = [];
    for (let i = 0; i < 60; i++) docs.push(i % 7 === 3 ? dindPod(`builder-${i}`, 'build') : configMap(i, 400));
    let text = `# cluster\n---\n${docs.join('---\n')}`;
    assert.ok(text.length > 25_000);
    client.open(uri, 'yaml', text, 1);
    const first = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(first.diagnostics.map((d) => keyOf(String(d.code), d.range)), engineKeys(path, text));

    // Turn one pod unprivileged, then add a privileged pod at the end.
    const lines = text.split('\n');
    const line = lines.indexOf('      privileged: true');
    const change = { range: { start: { line, character: 18 }, end: { line, character: 22 } }, text: 'false' };
    text = [...lines.slice(0, line), '      privileged: false', ...lines.slice(line + 1)].join('\n');
    client.change(uri, 2, [change]);
    const second = await client.waitForPublish(uri, { version: 2 });
    assert.deepEqual(second.diagnostics.map((d) => keyOf(String(d.code), d.range)), engineKeys(path, text));
    assert.ok(second.diagnostics.length < first.diagnostics.length);

    const end = new LineIndex(text).positionAt(text.length);
    const appended = `---\n${dindPod('last', 'build')}`;
    client.change(uri, 3, [{ range: { start: end, end }, text: appended }]);
    text += appended;
    const third = await client.waitForPublish(uri, { version: 3 });
    assert.deepEqual(third.diagnostics.map((d) => keyOf(String(d.code), d.range)), engineKeys(path, text));

    // Fixes are the whole file's (a rewrite addresses its real document index).
    const lastLine = third.diagnostics.reduce((m, d) => Math.max(m, d.range.start.line), 0);
    const inLast = third.diagnostics.filter((d) => d.range.start.line > lastLine - 25);
    const actions = await client.codeActions(uri, inLast[0].range, inLast);
    const wanted = engineOutcomes(path, text).filter(({ finding }) =>
      inLast.some((d) => d.code === finding.ruleId && (d.data as { start: number }).start === finding.start),
    );
    assertActionsMatch(actions, wanted);
  });

  test('a GitLab file edited inside one job is re-parsed in part, with whole-file results and rewrites', async () => {
    const path = join(dir, 'spliced', '.gitlab-ci.yml');
    const uri = fileUri(path);
    const jobs = ['.defaults: &defaults', '  image: alpine:3.20', ''];
    for (let i = 0; i < 30; i++) {
      jobs.push(`test:${i}:`, '  <<: *defaults', '  script:', `    - make test-${i}`, '');
      if (i % 10 === 4) {
        jobs.push(`build:${i}:`, '  image: docker:27', '  services:', '    - docker:27-dind', '  script:', `    - docker build -t app:${i} .`, '    - docker push app:' + i, '');
      }
    }
    let text = jobs.join('\n');
    client.open(uri, 'yaml', text, 1);
    const first = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(first.diagnostics.map((d) => keyOf(String(d.code), d.range)), engineKeys(path, text));
    assert.ok(first.diagnostics.length >= 3);

    // Type into a job before the DinD jobs: every finding after it moves, and must move exactly.
    let version = 1;
    for (const typed of ['x', 'y', '\n    - echo hi']) {
      const at = text.indexOf('make test-2') + 'make test-2'.length;
      const position = new LineIndex(text).positionAt(at);
      text = text.slice(0, at) + typed + text.slice(at);
      client.change(uri, ++version, [{ range: { start: position, end: position }, text: typed }]);
      const p = await client.waitForPublish(uri, { version });
      assert.deepEqual(p.diagnostics.map((d) => keyOf(String(d.code), d.range)), engineKeys(path, text));
    }

    const last = await client.waitForPublish(uri, { version });
    const dind = last.diagnostics.filter((d) => d.code === 'ci-dind-service');
    const actions = await client.codeActions(uri, dind[0].range, [dind[0]]);
    const wanted = engineOutcomes(path, text).filter(({ finding }) => finding.ruleId === 'ci-dind-service' && (dind[0].data as { start: number }).start === finding.start);
    assertActionsMatch(actions, wanted);
    const rewrite = actions.find((a) => a.kind === 'refactor.rewrite' && a.edit);
    const outcome = wanted[0].outcome;
    assert.ok(rewrite && outcome.type === 'fix', 'the DinD job is rewritable');
    assert.equal(applyWorkspaceEdit(uri, version, text, rewrite.edit!), applyEdits(text, outcome.edits));
  });
});

describe('code actions for a client without documentChanges or disabled support', () => {
  let client!: TestClient;
  serverForSuite((c) => (client = c), { rich: false });

  test('edits come as plain changes and refusals are left out', async () => {
    const path = join(dir, 'plain', 'pod.yaml');
    const uri = fileUri(path);
    const text = dindPod('builder', 'build');
    client.open(uri, 'yaml', text, 1);
    const p = await client.waitForPublish(uri, { version: 1 });
    const actions = await client.codeActions(uri, p.diagnostics[0].range, p.diagnostics);
    assert.ok(actions.length > 0);
    for (const a of actions) {
      assert.equal(a.disabled, undefined);
      // The one action without an edit explains the refused rewrite (refusal-explanation.test.ts).
      if (a.command) continue;
      assert.equal(a.edit?.documentChanges, undefined);
      assert.ok(a.edit?.changes?.[uri]);
    }
  });
});
