// lintDocuments: how a file is split, that splitting a valid file changes none of its findings, and
// what a broken document hides (nothing after it); fixFor and skippedFinding.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  classify,
  documentStarts,
  fixFor,
  lintDocuments,
  lintFile,
  ParsedFile,
  skippedFinding,
  type Finding,
} from '../../server/src/engine/index.js';
import { dindPod } from '../lsp/manifests.js';

const shared = join(__dirname, '..', '..', '..', 'shared');
const key = (f: Finding) => `${f.ruleId}/${f.messageId} ${f.start}-${f.end} ${f.severity} ${f.message}`;

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe('documentStarts', () => {
  const pod = dindPod('p');
  test('splits multi-document Kubernetes files of any size', () => {
    assert.deepEqual(documentStarts(`${pod}---\n${pod}`, 'k8s'), [0, pod.length]);
    assert.deepEqual(documentStarts(`---\n${pod}---\n${pod}`, 'k8s'), [0, pod.length + 4]);
    assert.deepEqual(documentStarts(`# head\n---\n${pod}`, 'k8s'), [0, 7]);
  });
  test('lints whole single documents, other kinds, templates, directives, explicit ends and oversized files', () => {
    assert.equal(documentStarts(pod, 'k8s'), undefined);
    assert.equal(documentStarts(`---\n${pod}`, 'k8s'), undefined);
    assert.equal(documentStarts(`${pod}---\n${pod}`, 'gitlab-ci'), undefined);
    assert.equal(documentStarts(`${pod}---\n${pod.replace('name: p', 'name: {{ .Values.name }}')}`, 'k8s'), undefined);
    assert.equal(documentStarts(`%YAML 1.2\n---\n${pod}---\n${pod}`, 'k8s'), undefined);
    assert.equal(documentStarts(`${pod}...\n---\n${pod}`, 'k8s'), undefined);
    assert.equal(documentStarts(`${pod}---\n${pod}`, 'k8s', { maxFileSize: 100 }), undefined);
    // `---` not at the start of a line, or followed by text, starts no document.
    assert.equal(documentStarts(`${pod}  ---\n---x: 1\n`, 'k8s'), undefined);
  });
});

describe('lintDocuments', () => {
  test('splitting changes no finding of a file that parses: every Kubernetes file of the shared corpus, and all of them in one file', () => {
    const texts = [...yamlFiles(join(shared, 'corpus')), ...yamlFiles(join(shared, 'real'))]
      .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
      .filter(({ path, text }) => classify(path, text) === 'k8s' && !text.includes('{{'));
    if (texts.length === 0) return;
    const valid = texts.filter(({ text }) => new ParsedFile({ path: 'x.yaml', text }, 'k8s').yaml.errors.length === 0);
    const joined = valid.map(({ text }) => (text.endsWith('\n') ? text : `${text}\n`).replace(/^---\n/, '')).join('---\n');
    let split = 0;
    for (const { path, text } of [...valid, { path: 'all.yaml', text: joined }]) {
      const lint = lintDocuments({ path, text, kind: 'k8s' });
      if (lint.split) split++;
      const whole = lintFile(new ParsedFile({ path, text }, 'k8s')).findings.map(key);
      assert.deepEqual(lint.findings.map((f) => key(f.finding)), whole, path);
    }
    assert.ok(valid.length >= 5 && split >= 1, `${split} of ${valid.length + 1} files split`);
  });

  test('a broken document hides nothing after it; fixes come from a whole parse', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  note: "never closed\n';
    const text = [dindPod('before'), broken, dindPod('after')].join('---\n');
    const lint = lintDocuments({ path: 'x.yaml', text, kind: 'k8s' });
    const privileged = lint.findings.filter((f) => f.finding.ruleId === 'k8s-privileged');
    assert.equal(privileged.length, 2);
    assert.equal(lint.findings.filter((f) => f.finding.ruleId === 'parse-error').length, 1);
    const whole = lintFile(new ParsedFile({ path: 'x.yaml', text }, 'k8s')).findings;
    assert.equal(whole.filter((f) => f.ruleId === 'k8s-privileged').length, 1);
    // The second pod's document starts after the broken one: its finding is placed in the whole file.
    assert.ok(privileged[1].finding.start > text.indexOf('name: after') && privileged[1].delta > 0);
    assert.equal(text.slice(privileged[1].finding.start, privileged[1].finding.end), 'true');
    // The first pod's fix is the whole parse's (document 1, pod 'before'); a whole parse has no second pod to fix.
    const first = fixFor(lint, privileged[0]);
    assert.ok(first && first !== privileged[0].source.fix);
    assert.equal(first().title, "Rewrite Pod 'before' to build with Kaniko");
    assert.equal(fixFor(lint, privileged[1]), undefined);
  });

  test('ignore-file in one document covers the whole file', () => {
    const text = [`# daemonless ignore-file=k8s-privileged\n${dindPod('a')}`, dindPod('b')].join('---\n');
    const ids = lintDocuments({ path: 'x.yaml', text, kind: 'k8s' }).findings.map((f) => f.finding.ruleId);
    assert.ok(ids.length > 0 && !ids.includes('k8s-privileged'), ids.join(' '));
  });

  test('memory: unchanged documents are reused, a changed one is linted again', () => {
    const docs = [dindPod('a'), dindPod('b'), dindPod('c')];
    const first = lintDocuments({ path: 'x.yaml', text: docs.join('---\n'), kind: 'k8s' });
    docs[1] = docs[1].replace('name: b', 'name: bb');
    const second = lintDocuments({ path: 'x.yaml', text: docs.join('---\n'), kind: 'k8s' }, {}, undefined, first.memory);
    const files = (l: typeof first) => [...new Set(l.findings.map((f) => f.file))];
    const [a1, b1, c1] = files(first);
    const [a2, b2, c2] = files(second);
    assert.equal(a2, a1);
    assert.notEqual(b2, b1);
    assert.equal(c2, c1);
  });

  test("a pod's ServiceAccount in another document: the split lint agrees with the whole, and an edit of the account re-lints the pod", () => {
    const account = (automount: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: builder\n${automount}`;
    const pod = dindPod('p').replace('spec:\n', 'spec:\n  serviceAccountName: builder\n');
    const text = (automount: string) => [account(automount), pod, dindPod('other')].join('---\n');
    const mounted = (lint: ReturnType<typeof lintDocuments>) =>
      lint.findings.filter((f) => f.finding.ruleId === 'k8s-automount-service-account-token').map((f) => lint.text.slice(f.finding.start, f.finding.end));
    const off = lintDocuments({ path: 'x.yaml', text: text('automountServiceAccountToken: false\n'), kind: 'k8s' });
    assert.equal(off.split, true);
    // The pod runs as builder, which mounts no token; the other pod runs as default, which the file does not declare.
    assert.deepEqual(mounted(off), ['dind']);
    for (const automount of ['automountServiceAccountToken: false\n', 'automountServiceAccountToken: true\n', '']) {
      const t = text(automount);
      assert.deepEqual(lintDocuments({ path: 'x.yaml', text: t, kind: 'k8s' }).findings.map((f) => key(f.finding)), lintFile(new ParsedFile({ path: 'x.yaml', text: t }, 'k8s')).findings.map(key), automount);
    }
    // Only the account changed; the pod that runs as it is linted again, with what the account now says.
    const on = lintDocuments({ path: 'x.yaml', text: text('automountServiceAccountToken: true\n'), kind: 'k8s' }, {}, undefined, off.memory);
    assert.deepEqual(mounted(on), ['builder', 'dind']);
  });

  test('files linted whole give the engine finding at offset 0 of the whole file', () => {
    const text = 'build:\n  image: docker:24\n  services:\n    - docker:24-dind\n  script:\n    - docker build .\n';
    const lint = lintDocuments({ path: '.gitlab-ci.yml', text, kind: 'gitlab-ci' });
    assert.equal(lint.split, false);
    assert.deepEqual(lint.findings.map((f) => key(f.finding)), lintFile(new ParsedFile({ path: '.gitlab-ci.yml', text }, 'gitlab-ci')).findings.map(key));
    assert.ok(lint.findings.every((f) => f.delta === 0 && f.finding === f.source && fixFor(lint, f) === f.source.fix));
    assert.deepEqual(lintDocuments({ path: 'notes.txt', text, kind: 'unknown' }).findings, []);
  });
});

describe('skippedFinding', () => {
  test('is the finding lintFile makes for a file over the limit', () => {
    const text = 'x'.repeat(50);
    const [made] = lintFile(new ParsedFile({ path: 'Dockerfile', text }, 'dockerfile'), { maxFileSize: 10 }).findings;
    assert.deepEqual(skippedFinding(50, 10, {}), made);
    assert.equal(skippedFinding(50, 10, { rules: { 'file-skipped': 'warning' } })?.severity, 'warning');
    assert.equal(skippedFinding(50, 10, { rules: { 'file-skipped': 'off' } }), undefined);
  });
});
