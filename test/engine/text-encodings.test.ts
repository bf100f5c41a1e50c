// Files are read as editors show them: UTF-8 with or without a byte-order mark, and UTF-16 LE or BE
// when a byte-order mark says so. They are analysed like any other file, and a fix writes them back
// in their own encoding and mark.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runFix } from '../../server/src/cli/commands/fix.js';
import type { Io } from '../../server/src/cli/io.js';
import { defineRule } from '../../server/src/engine/rule.js';
import { decodeText, encodeText, readTextFile, type TextEncoding } from '../../server/src/workspace/text-file.js';
import { runCli, scratch } from '../cli/helpers.js';
import { fileUri, TestClient } from '../lsp/lsp-client.js';

const GITLAB = 'build:\n  image: docker:24\n  services:\n    - docker:dind\n  script:\n    - docker run --privileged alpine # é ✓ 𝄞\n';
const ENCODINGS: [string, TextEncoding, boolean][] = [['utf8', 'utf8', false], ['utf8-bom', 'utf8', true], ['utf16le', 'utf16le', true], ['utf16be', 'utf16be', true]];
const bytesOf = (encoding: TextEncoding, bom: boolean) => encodeText(GITLAB, encoding, bom);

test('decodeText: byte-order marks decide UTF-16 LE or BE; no mark is UTF-8', () => {
  for (const [name, encoding, bom] of ENCODINGS) {
    const bytes = bytesOf(encoding, bom);
    assert.deepEqual(decodeText(bytes), { text: GITLAB, bom, encoding }, name);
    assert.deepEqual(encodeText(GITLAB, encoding, bom), bytes, name);
  }
  assert.deepEqual([...encodeText('a', 'utf16le', true)], [0xff, 0xfe, 0x61, 0]);
  assert.deepEqual([...encodeText('a', 'utf16be', true)], [0xfe, 0xff, 0, 0x61]);
  // An odd trailing byte is dropped rather than misread.
  assert.equal(decodeText(Buffer.from([0xff, 0xfe, 0x61, 0, 0x62])).text, 'a');
});

test('readTextFile reads every file as decodeText reads its bytes', () => {
  const cases: [string, Buffer][] = [
    ...ENCODINGS.map(([name, encoding, bom]): [string, Buffer] => [name, bytesOf(encoding, bom)]),
    // Bytes that are not UTF-8 where a mark would be: two replacement characters, not a mark.
    ['ff-ff', Buffer.from([0xff, 0xff, 0x61])],
    ['fe-fe', Buffer.from([0xfe, 0xfe, 0x61])],
    ['ff-fe-odd', Buffer.from([0xff, 0xfe, 0x61, 0, 0x62])],
    ['fe-ff-empty', Buffer.from([0xfe, 0xff])],
    ['bad-utf8', Buffer.from([0xc3, 0x28, 0x61])],
    ['bom-only', Buffer.from([0xef, 0xbb, 0xbf])],
    ['empty', Buffer.alloc(0)],
  ];
  const dir = scratch(Object.fromEntries(cases));
  for (const [name, bytes] of cases) assert.deepEqual(readTextFile(join(dir, name)), decodeText(bytes), name);
});

test('the CLI reports the same findings at the same positions in every encoding', () => {
  const files = Object.fromEntries(ENCODINGS.map(([name, encoding, bom]) => [`${name}/.gitlab-ci.yml`, bytesOf(encoding, bom)]));
  const dir = scratch(files);
  const rows = (name: string) => {
    const r = runCli(['lint', '--format', 'json', '--fail-on', 'never', `${name}/.gitlab-ci.yml`], dir);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { findings: { ruleId: string; range: unknown }[] }).findings.map((f) => JSON.stringify([f.ruleId, f.range]));
  };
  const utf8 = rows('utf8');
  assert.ok(utf8.some((r) => r.includes('ci-privileged')) && !utf8.some((r) => r.includes('file-skipped')), utf8.join('\n'));
  for (const [name] of ENCODINGS) assert.deepEqual(rows(name), utf8, name);
});

test('a fix writes the file back in its own encoding and byte-order mark', async () => {
  const unprivileged = defineRule({
    id: 'test-unprivileged',
    targets: ['gitlab-ci'],
    severity: 'warning',
    docs: { description: 'test' },
    messages: { m: 'privileged' },
    check(ctx) {
      const start = ctx.file.text.indexOf(' --privileged');
      if (start >= 0) ctx.report({ messageId: 'm', start, end: start + 13, fix: () => ({ type: 'fix', kind: 'quickfix', title: 'Drop --privileged', edits: [{ start, end: start + 13, text: '' }] }) });
    },
  });
  for (const [name, encoding, bom] of ENCODINGS) {
    const dir = scratch({ '.gitlab-ci.yml': bytesOf(encoding, bom) });
    const io: Io & { err: string } = { cwd: dir, err: '', stdout: () => undefined, stderr: (s) => void (io.err += s) };
    assert.equal(await runFix({ paths: ['.gitlab-ci.yml'], ruleIds: ['test-unprivileged'], write: true, lint: {}, exclude: [] }, io, [unprivileged]), 0, io.err);
    assert.deepEqual(readFileSync(join(dir, '.gitlab-ci.yml')), encodeText(GITLAB.replace(' --privileged', ''), encoding, bom), name);
  }
});

describe('the language server scan reads UTF-16 files like the CLI', () => {
  let client: TestClient;
  let dir: string;
  before(async () => {
    dir = scratch({ 'le/.gitlab-ci.yml': bytesOf('utf16le', true), 'be/.gitlab-ci.yml': bytesOf('utf16be', true) });
    client = await TestClient.start({ folders: [dir] });
  });
  after(async () => {
    await client?.stop();
  });
  test('workspace scan', async () => {
    await client.connection.sendRequest('daemonless/scanWorkspace');
    for (const sub of ['le', 'be']) {
      const published = client.latest(fileUri(join(dir, sub, '.gitlab-ci.yml')));
      const codes = (published?.diagnostics ?? []).map((d) => String(d.code));
      assert.ok(codes.includes('ci-privileged') && !codes.includes('file-skipped'), `${sub}: ${codes.join(' ')}`);
    }
  });
});
