// The CLI and the language server split a multi-document Kubernetes file the same way, whatever its
// size: a syntax error in one `---` document (an unclosed quote, which a whole parse lets run on past
// the next `---`) hides nothing in the documents after it, in the CLI as in the editor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Range } from 'vscode-languageserver-protocol';
import { fileUri, rangeText, repoRoot, TestClient } from './lsp-client.js';
import { dindPod } from './manifests.js';

const cliPath = join(repoRoot, 'dist', 'cli.js');
const root = mkdtempSync(join(tmpdir(), 'daemonless-split-agreement-'));

/** A document whose double-quoted value is never closed. */
const BROKEN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  note: "never closed\n';
const SMALL = [dindPod('before'), BROKEN, dindPod('after-1'), dindPod('after-2', 'build')].join('---\n');
/** A ConfigMap with no findings and no quote that could close the broken one. */
const padding = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pad-${i}\ndata:\n  note: ${'x'.repeat(600)}\n`;
/** The same documents followed by enough ConfigMaps to be well over 20,000 characters. */
const LARGE = [SMALL, ...Array.from({ length: 40 }, (_, i) => padding(i))].join('---\n');

const FILES: Record<string, string> = {
  'deploy/small.yaml': SMALL,
  'deploy/large.yaml': LARGE,
};

type Row = string;
const row = (ruleId: string, r: Range) => `${ruleId} ${rangeText(r)}`;

function cliRows(rel: string): Row[] {
  const run = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', '--fail-on', 'never', rel], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { findings: { ruleId: string; range: Range }[] };
  return out.findings.map((f) => row(f.ruleId, f.range)).sort();
}

/** The line the document after the broken one starts on. */
const afterBrokenLine = SMALL.slice(0, SMALL.indexOf('name: after-1')).split('\n').length - 1;
const lineOf = (r: Row) => Number(/ (\d+):/.exec(r)![1]);

describe('CLI and language server split multi-document Kubernetes files alike', () => {
  let client: TestClient;
  const cli = new Map<string, Row[]>();
  before(async () => {
    assert.ok(existsSync(cliPath), `${cliPath} is missing: run \`node esbuild.mjs\` first`);
    assert.ok(SMALL.length < 20_000 && LARGE.length > 20_000, `${SMALL.length} ${LARGE.length}`);
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    for (const rel of Object.keys(FILES)) cli.set(rel, cliRows(rel));
    client = await TestClient.start({ folders: [root] });
  });
  after(async () => {
    await client?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the CLI reports the broken document and the documents after it, at any size', () => {
    for (const [rel, rows] of cli) {
      assert.equal(rows.filter((r) => r.startsWith('parse-error ')).length, 1, `${rel}:\n${rows.join('\n')}`);
      const later = rows.filter((r) => !r.startsWith('parse-error ') && lineOf(r) >= afterBrokenLine);
      assert.ok(later.some((r) => r.startsWith('k8s-privileged ')) && later.some((r) => r.startsWith('k8s-docker-socket ')), `${rel}:\n${rows.join('\n')}`);
    }
    // The padding after the pods has no findings: both files report the same rows.
    const core = (rows: string[]) => rows.filter((r) => /^(parse-error|k8s-privileged|k8s-docker-socket|ci-dind-service) /.test(r));
    assert.equal(core(cli.get('deploy/small.yaml')!).length, 10);
    assert.deepEqual(cli.get('deploy/large.yaml'), cli.get('deploy/small.yaml'));
  });

  test('workspace scan (files read from disk)', async () => {
    await client.connection.sendRequest('daemonless/scanWorkspace');
    for (const rel of Object.keys(FILES)) {
      const p = client.latest(fileUri(join(root, rel)));
      const rows = (p?.diagnostics ?? []).map((d) => row(String(d.code), d.range)).sort();
      assert.deepEqual(rows, cli.get(rel), rel);
    }
  });

  test('open documents', async () => {
    for (const rel of Object.keys(FILES)) {
      const uri = fileUri(join(root, rel));
      client.open(uri, 'yaml', readFileSync(join(root, rel), 'utf8'), 1);
      const p = await client.waitForPublish(uri, { version: 1 });
      const rows = p.diagnostics.map((d) => row(String(d.code), d.range)).sort();
      assert.deepEqual(rows, cli.get(rel), rel);
    }
  });

  test('fixes: the editor offers for each finding what `daemonless fix` does with it', async () => {
    for (const rel of Object.keys(FILES)) {
      const uri = fileUri(join(root, rel));
      const p = await client.waitForPublish(uri, { version: 1 });
      // Fixes are computed on a whole parse: only the pod before the broken document has one (a
      // refusal, as it runs no docker build), in the editor as in the CLI.
      const offered: string[] = [];
      for (const d of p.diagnostics.filter((x) => x.code === 'k8s-privileged')) {
        const actions = await client.codeActions(uri, d.range, [d]);
        // The CLI prints a refusal's reasons where the editor offers an action that shows them.
        for (const a of actions) if (!a.title.startsWith('Suppress ') && !a.command && a.kind === 'quickfix') offered.push(`${d.range.start.line + 1}: ${a.disabled ? 'refused' : 'fix'} ${a.title}`);
      }
      const run = spawnSync(process.execPath, [cliPath, 'fix', '--rule', 'k8s-privileged', rel], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 0, run.stderr);
      const done = [...run.stderr.matchAll(/^[^:\n]+:(\d+):\d+: (refused|applied) ([^:]+):/gm)].map((m) => `${m[1]}: ${m[2] === 'refused' ? 'refused' : 'fix'} ${m[3]}`);
      assert.deepEqual(offered, done, `${rel}\n${run.stderr}`);
      assert.equal(offered.length, 1, rel);
    }
  });
});
