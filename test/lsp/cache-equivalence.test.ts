// The server's caches (per-`---`-document results for large Kubernetes files, per-version analyses)
// must not change what it reports: on the benchmark corpus, after every incremental edit the server's
// diagnostics equal a fresh whole-file lint of the same text by the CLI, and the workspace scan's
// diagnostics equal the CLI's for the same files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri, repoRoot, TestClient } from './lsp-client.js';
import { sharedDir, sharedMissing } from '../support/shared-data.js';

const cliPath = join(repoRoot, 'dist', 'cli.js');
const generator = sharedDir('bench', 'gen-corpus.mjs');
const skip = existsSync(generator) ? false : sharedMissing('bench');
/** Every tenth file of the 4,000-file tree keeps the test fast and still covers every kind of file. */
const SAMPLE_EVERY = 10;

const root = mkdtempSync(join(tmpdir(), 'daemonless-cache-eq-'));
const workspace = join(root, 'ws');
/** Texts to lint whole with the CLI, one folder per checkpoint, compared at the end. */
const freshRoot = join(root, 'fresh');

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];
const row = (ruleId: string, severity: string, r: Range, message: string) =>
  `${ruleId} ${severity} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${message}`;
const diagnosticRows = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => row(String(d.code), SEVERITY[d.severity ?? 0], d.range, String(d.message))).sort();

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

/** The CLI's findings under `cwd`, as rows per file (forward-slash paths relative to `cwd`). */
function cliRows(cwd: string): Map<string, string[]> {
  const run = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', '--fail-on', 'never', '.'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string; severity: string; message: string; range: Range }[] };
  const byFile = new Map<string, string[]>();
  for (const f of out.findings) {
    const file = f.file.replace(/\\/g, '/').replace(/^\.\//, '');
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file)!.push(row(f.ruleId, f.severity, f.range, f.message));
  }
  for (const rows of byFile.values()) rows.sort();
  return byFile;
}

interface Checkpoint {
  label: string;
  name: string;
  rows: string[];
}

/** Positions found by content, so the edit script follows the generated text rather than line numbers. */
function nth(text: string, pattern: RegExp, n: number): { index: number; match: string } {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = re.exec(text))) {
    if (i++ === n) return { index: m.index, match: m[0] };
  }
  throw new Error(`occurrence ${n} of ${pattern} not found`);
}

class EditedFile {
  private doc: TextDocument;
  readonly uri: string;
  readonly checkpoints: Checkpoint[] = [];

  constructor(
    private readonly client: TestClient,
    readonly path: string,
    private readonly label: string,
  ) {
    this.uri = fileUri(path);
    this.doc = TextDocument.create(this.uri, 'yaml', 1, readFileSync(path, 'utf8'));
  }

  get text(): string {
    return this.doc.getText();
  }

  range(start: number, end = start): Range {
    return { start: this.doc.positionAt(start), end: this.doc.positionAt(end) };
  }

  async open(): Promise<void> {
    this.client.open(this.uri, 'yaml', this.text, 1);
    await this.record('open');
  }

  /** Sends one didChange (one or more changes, applied in order) and records the published diagnostics. */
  async change(what: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = this.doc.version + 1;
    this.client.change(this.uri, version, changes);
    this.doc = TextDocument.update(this.doc, changes, version);
    await this.record(what);
  }

  replace(what: string, start: number, end: number, text: string): Promise<void> {
    return this.change(what, [{ range: this.range(start, end), text }]);
  }

  /** Types `text` one character per version, as an editor sends keystrokes. */
  async type(what: string, offset: number, text: string): Promise<void> {
    for (let i = 0; i < text.length; i++) await this.replace(`${what} (${i + 1}/${text.length})`, offset + i, offset + i, text[i]);
  }

  private async record(what: string): Promise<void> {
    const version = this.doc.version;
    const published = await this.client.waitForPublish(this.uri, { version });
    const name = relative(workspace, this.path);
    const dir = join(freshRoot, `${this.label}-${String(this.checkpoints.length).padStart(3, '0')}`);
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), this.text);
    this.checkpoints.push({ label: `${relative(freshRoot, dir)} v${version}: ${what}`, name: `${relative(freshRoot, dir)}/${name}`, rows: diagnosticRows(published.diagnostics) });
  }
}

function assertCheckpoints(file: EditedFile, fresh: Map<string, string[]>): void {
  let withFindings = 0;
  for (const c of file.checkpoints) {
    const expected = fresh.get(c.name) ?? [];
    if (expected.length > 0) withFindings++;
    assert.deepEqual(c.rows, expected, c.label);
  }
  assert.ok(withFindings === file.checkpoints.length, `every checkpoint of ${file.path} has findings to compare`);
}

describe('results are the same with and without the caches', { skip }, () => {
  let client: TestClient;
  before(async () => {
    assert.ok(existsSync(cliPath), `${cliPath} is missing: run \`node esbuild.mjs\` first`);
    const gen = spawnSync(process.execPath, [generator, workspace, '1337'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(gen.status, 0, gen.stderr);
    const tree = filesUnder(join(workspace, 'tree'));
    tree.forEach((file, i) => {
      if (i % SAMPLE_EVERY !== 0) unlinkSync(file);
    });
    mkdirSync(freshRoot);
    client = await TestClient.start({ folders: [workspace] });
  });
  after(async () => {
    await client?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('the workspace scan reports what the CLI reports, file by file', async () => {
    const expected = cliRows(workspace);
    assert.ok(expected.has('k8s-big.yaml') && expected.has('gitlab/.gitlab-ci.yml') && expected.size > 100, [...expected.keys()].slice(0, 5).join(' '));
    await client.connection.sendRequest('daemonless/scanWorkspace');
    const scanned = new Map<string, string[]>();
    for (const p of client.published) {
      const rel = relative(workspace, fileURLToPath(p.uri)).replace(/\\/g, '/');
      scanned.set(rel, diagnosticRows(p.diagnostics));
    }
    for (const [rel, rows] of scanned) if (rows.length === 0) scanned.delete(rel);
    assert.deepEqual([...scanned.keys()].sort(), [...expected.keys()].sort());
    for (const [rel, rows] of expected) assert.deepEqual(scanned.get(rel), rows, rel);
  });

  test('incremental edits of k8s-big (linted per document) and of the GitLab file match a whole-file lint of each version', async () => {
    const k8s = new EditedFile(client, join(workspace, 'k8s-big.yaml'), 'k8s');
    await k8s.open();
    const team = nth(k8s.text, /^ {4}team: [a-z]+$/m, 30);
    await k8s.type('type into a label', team.index + team.match.length, 'xyz');
    const privileged = nth(k8s.text, /privileged: true/, 2);
    await k8s.replace('unprivilege a container', privileged.index + 'privileged: '.length, privileged.index + privileged.match.length, 'false');
    const separator = nth(k8s.text, /^---\n/m, 20);
    await k8s.replace('delete a separator (two documents become one)', separator.index, separator.index + 4, '');
    await k8s.replace('put it back', separator.index, separator.index, '---\n');
    const spec = nth(k8s.text, /^spec:\n/m, 40);
    await k8s.replace('split a document in two', spec.index, spec.index, '---\n');
    const metadata = nth(k8s.text, /^metadata:\n/m, 50);
    const broken = '  broken: [unclosed\n';
    await k8s.replace('break a document', metadata.index + 'metadata:\n'.length, metadata.index + 'metadata:\n'.length, broken);
    await k8s.replace('repair it', metadata.index + 'metadata:\n'.length, metadata.index + 'metadata:\n'.length + broken.length, '');
    const pod = [
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: pasted-builder',
      'spec:',
      '  containers:',
      '  - name: dind',
      '    image: docker:24-dind',
      '    securityContext:',
      '      privileged: true',
      '    volumeMounts:',
      '    - name: sock',
      '      mountPath: /var/run/docker.sock',
      '  volumes:',
      '  - name: sock',
      '    hostPath:',
      '      path: /var/run/docker.sock',
      '',
    ].join('\n');
    await k8s.replace('paste a pod at the end', k8s.text.length, k8s.text.length, pod);
    const early = nth(k8s.text, /^ {4}team: [a-z]+$/m, 3);
    const late = nth(k8s.text, /^ {4}team: [a-z]+$/m, 100);
    await k8s.change('two changes in one event', [
      { range: k8s.range(late.index + late.match.length), text: '-late' },
      { range: k8s.range(early.index + early.match.length), text: '-early' },
    ]);
    const from = nth(k8s.text, /^---\n/m, 60).index;
    const to = nth(k8s.text, /^---\n/m, 63).index;
    await k8s.replace('delete three documents', from, to, '');
    await k8s.replace('ignore a rule file-wide', 0, 0, '# daemonless ignore-file=k8s-privileged\n');
    await k8s.replace('stop ignoring it', 0, '# daemonless ignore-file=k8s-privileged\n'.length, '');

    const ci = new EditedFile(client, join(workspace, 'gitlab', '.gitlab-ci.yml'), 'gitlab');
    await ci.open();
    const service = nth(ci.text, /^ {4}SERVICE: [a-z]+$/m, 10);
    await ci.type('type into a variable', service.index + service.match.length, 'ab');
    const tls = nth(ci.text, /DOCKER_TLS_CERTDIR: ""/, 0);
    await ci.replace('turn on TLS in the anchored variables', tls.index + 'DOCKER_TLS_CERTDIR: '.length, tls.index + tls.match.length, '"/certs"');
    const extend = nth(ci.text, /^ {2}extends: \.dind\n/m, 0);
    await ci.replace('drop an extends', extend.index, extend.index + extend.match.length, '');
    const anchor = nth(ci.text, /^\.dind: &dind$/m, 0);
    await ci.replace('rename the template every DinD job extends', anchor.index, anchor.index + '.dind'.length, '.dind-old');
    await ci.replace('rename it back', anchor.index, anchor.index + '.dind-old'.length, '.dind');
    const job = nth(ci.text, /^build:[a-z]+:\d+:\n/m, 5);
    await ci.replace('break a job', job.index + job.match.length, job.index + job.match.length, '  script: [echo\n');
    await ci.replace('repair it', job.index + job.match.length, job.index + job.match.length + '  script: [echo\n'.length, '');
    const job2 = nth(ci.text, /^build:[a-z]+:\d+:\n/m, 7);
    await ci.replace(
      'paste a DinD job',
      job2.index,
      job2.index,
      ['pasted:dind:', '  image: docker:24', '  services:', '    - docker:24-dind', '  variables:', '    DOCKER_HOST: tcp://docker:2375', '  script:', '    - docker build .', '', ''].join('\n'),
    );

    const fresh = cliRows(freshRoot);
    assertCheckpoints(k8s, fresh);
    assertCheckpoints(ci, fresh);
  });
});
