// The language-server soak: seeded random edits to real files, sent through the protocol as an editor
// sends them (incremental changes, several in one notification, whole-text replacements), and not
// only typing at line ends: keys deleted with their blocks, documents split with `---` and joined
// again, blocks pasted from other corpus files, ranges deleted, lines re-indented and duplicated,
// edits undone. At each checkpoint, once the server has published for every document's latest
// version, its diagnostics must equal what the CLI reports on the same texts; the server's resident
// memory is sampled from /proc throughout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri, rangeText, repoRoot, TestClient } from '../lsp/lsp-client.js';
import { sharedDir } from '../support/shared-data.js';
import { random } from '../support/random.js';

export interface SoakOptions {
  edits: number;
  seed: number;
  /** Documents open at once (default 8). */
  documents?: number;
  /** Edits between two comparisons with the CLI (default: every 2,000 and at the end). */
  checkEvery?: number;
  /** Called after each checkpoint, for progress output. */
  progress?: (line: string) => void;
}

export interface SoakResult {
  edits: number;
  ms: number;
  checkpoints: number;
  /** Resident set size of the server in kB (undefined where /proc is not there). */
  rss?: { start: number; peak: number; end: number };
  /** Edits per kind of edit, to show what the run did. */
  kinds: Record<string, number>;
  /** Each document whose diagnostics differed from the CLI's at a checkpoint. */
  mismatches: Mismatch[];
}

export interface Mismatch {
  description: string;
  /** The document's last texts, oldest first (the server's lint of one version starts from the previous ones). */
  history: string[];
}

export interface CorpusFile {
  /** Where it came from, under ../shared. */
  origin: string;
  /** The path it is linted as (so that its name classifies it), relative to its own folder. */
  path: string;
  languageId: string;
  text: string;
}

/** A path under which each corpus folder's files classify as what they are. */
function lintPath(origin: string): string {
  const name = origin.slice(origin.lastIndexOf('/') + 1);
  if (/Dockerfile$/.test(name)) return 'Dockerfile';
  if (/\.(Jenkinsfile|groovy)$/.test(name)) return name;
  if (/\/gitlab\//.test(origin)) return '.gitlab-ci.yml';
  if (/\/github-actions\//.test(origin)) return `.github/workflows/${name}`;
  if (/\/azure-pipelines\//.test(origin)) return 'azure-pipelines.yml';
  if (/\/bitbucket\//.test(origin)) return 'bitbucket-pipelines.yml';
  if (/\/circleci\//.test(origin)) return '.circleci/config.yml';
  if (/\/drone\//.test(origin)) return '.drone.yml';
  return `deploy/${name}`;
}

function languageOf(path: string): string {
  if (path === 'Dockerfile') return 'dockerfile';
  if (/\.(Jenkinsfile|groovy)$/.test(path)) return 'groovy';
  return 'yaml';
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ya?ml|Jenkinsfile|groovy|Dockerfile)$/.test(name)) out.push(full);
  }
  return out;
}

/** The corpus files (and the real Dockerfiles, when they are there); empty without ../shared/corpus. */
export function loadCorpus(): CorpusFile[] {
  if (!existsSync(sharedDir('corpus'))) return [];
  const dockerfiles = existsSync(sharedDir('real', 'dockerfile')) ? walk(sharedDir('real', 'dockerfile')) : [];
  return [...walk(sharedDir('corpus')), ...dockerfiles].map((file) => {
    const origin = relative(join(sharedDir('corpus'), '..'), file);
    const path = lintPath(`/${origin}`);
    return { origin, path, languageId: languageOf(path), text: readFileSync(file, 'utf8') };
  });
}

/** One change in offsets of the text it applies to; `whole` replaces the text (a change without range). */
interface Change {
  start: number;
  end: number;
  text: string;
  whole?: boolean;
}

interface OpenDocument {
  uri: string;
  /** Absolute path, where the CLI reads the text at a checkpoint. */
  file: string;
  rel: string;
  languageId: string;
  mirror: TextDocument;
  /** Inverse change lists of the edits made, newest last, for undo. */
  undo: Change[][];
  /** The last few texts, oldest first, for a failure report. */
  history: string[];
}

const HISTORY = Number(process.env.SOAK_HISTORY ?? 64);

/**
 * The server's resident memory must stay under this through a soak: several times what 10,000 edits
 * to eight corpus files take (about 150 MB), far below what a leak of one parse per version would.
 */
export const MAX_SERVER_RSS_KB = 512 * 1024;

/** Texts beyond this are only cut down (deletions, undo, a replacement), so the run does not balloon. */
const MAX_TEXT = 40_000;
const TYPED = ['a', 'e', 'x', ' ', ' ', ':', ': ', '-', '- ', '\n', '\n  ', '"', "'", '#', '$', '$(', '{{', '}}', '[', ']', '{', '}', '&a', '*a', '\t', '\\', 'docker', 'privileged: true', 'image: docker:dind', 'USER root', 'RUN '];

interface Rng {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (i + 1 < text.length) starts.push(i + 1);
  return starts;
}

function lineEnd(text: string, start: number): number {
  const nl = text.indexOf('\n', start);
  return nl < 0 ? text.length : nl + 1;
}

const indentOf = (text: string, start: number) => /^[ \t]*/.exec(text.slice(start, start + 200))![0].length;

/** The edits, each a list of changes (several only where an editor sends several in one notification). */
const EDITS: Record<string, (text: string, rng: Rng, corpus: readonly CorpusFile[]) => Change[] | undefined> = {
  /** Typing a few characters anywhere, one notification per keystroke run. */
  type(text, rng) {
    const at = rng.int(text.length + 1);
    return [{ start: at, end: at, text: rng.pick(TYPED) }];
  },
  /** Typing at the end of a line, the way most editing happens. */
  typeAtLineEnd(text, rng) {
    const starts = lineStarts(text);
    const end = lineEnd(text, rng.pick(starts));
    const at = text[end - 1] === '\n' ? end - 1 : end;
    return [{ start: at, end: at, text: rng.pick(TYPED) }];
  },
  deleteRange(text, rng) {
    if (text.length === 0) return undefined;
    const start = rng.int(text.length);
    return [{ start, end: Math.min(text.length, start + 1 + rng.int(rng.next() < 0.7 ? 8 : 300)), text: '' }];
  },
  /** A `key:` line and every line indented deeper after it (the key's value), as a block delete. */
  deleteKey(text, rng) {
    const keys = lineStarts(text).filter((s) => /^[ \t]*(- )?[\w.$/-]+:/.test(text.slice(s, s + 120)));
    if (keys.length === 0) return undefined;
    const start = rng.pick(keys);
    const indent = indentOf(text, start);
    let end = lineEnd(text, start);
    while (end < text.length) {
      const next = lineEnd(text, end);
      const line = text.slice(end, next);
      if (line.trim() !== '' && indentOf(text, end) <= indent) break;
      end = next;
    }
    return [{ start, end, text: '' }];
  },
  /** A `---` line at a line start: one document becomes two. */
  splitDocument(text, rng) {
    const at = rng.pick(lineStarts(text));
    return [{ start: at, end: at, text: '---\n' }];
  },
  /** A `---` line removed: two documents become one. */
  joinDocuments(text, rng) {
    const markers = lineStarts(text).filter((s) => text.startsWith('---', s));
    if (markers.length === 0) return undefined;
    const start = rng.pick(markers);
    return [{ start, end: lineEnd(text, start), text: '' }];
  },
  /** A run of lines from another corpus file, re-indented to the line it is pasted before. */
  paste(text, rng, corpus) {
    const source = rng.pick(corpus).text;
    const starts = lineStarts(source);
    const from = rng.int(starts.length);
    const to = Math.min(starts.length, from + 1 + rng.int(15));
    const block = source.slice(starts[from], to < starts.length ? starts[to] : source.length);
    const at = rng.pick(lineStarts(text));
    const shift = indentOf(text, at) - indentOf(source, starts[from]);
    const lines = block.split('\n').map((l) => (l === '' ? l : shift >= 0 ? ' '.repeat(shift) + l : l.replace(new RegExp(`^ {0,${-shift}}`), '')));
    const pasted = lines.join('\n');
    return [{ start: at, end: at, text: pasted.endsWith('\n') ? pasted : `${pasted}\n` }];
  },
  /** Tab / shift-tab on a few lines: one change per line, all in one notification. */
  reindent(text, rng) {
    const starts = lineStarts(text);
    const first = rng.int(starts.length);
    const count = 1 + rng.int(6);
    const indent = rng.next() < 0.5;
    const changes: Change[] = [];
    // Bottom-up, so each change's offsets hold in the text the earlier ones left.
    for (let i = Math.min(starts.length, first + count) - 1; i >= first; i--) {
      const s = starts[i];
      if (indent) changes.push({ start: s, end: s, text: '  ' });
      else if (text.startsWith('  ', s)) changes.push({ start: s, end: s + 2, text: '' });
    }
    return changes.length > 0 ? changes : undefined;
  },
  duplicateLines(text, rng) {
    const starts = lineStarts(text);
    const first = rng.int(starts.length);
    const start = starts[first];
    const last = first + 1 + rng.int(4);
    const end = last < starts.length ? starts[last] : text.length;
    if (end <= start) return undefined;
    const block = text.slice(start, end);
    return [{ start: end, end, text: block.endsWith('\n') ? block : `\n${block}` }];
  },
  /** Enter in the middle of a line, or two lines joined. */
  breakOrJoinLine(text, rng) {
    if (rng.next() < 0.5) {
      const at = rng.int(text.length + 1);
      return [{ start: at, end: at, text: '\n' }];
    }
    const nls = lineStarts(text).slice(1);
    if (nls.length === 0) return undefined;
    const at = rng.pick(nls) - 1;
    return [{ start: at, end: at + 1, text: '' }];
  },
  /** The whole text replaced (a reload from disk, a formatter, a paste over everything). */
  replaceAll(_text, rng, corpus) {
    return [{ start: 0, end: 0, text: rng.pick(corpus).text, whole: true }];
  },
};

/** How often each edit is made; undo is handled by the runner (it needs the document's history). */
const WEIGHTS: [string, number][] = [
  ['type', 14],
  ['typeAtLineEnd', 10],
  ['deleteRange', 10],
  ['deleteKey', 10],
  ['splitDocument', 5],
  ['joinDocuments', 3],
  ['paste', 10],
  ['reindent', 5],
  ['duplicateLines', 4],
  ['breakOrJoinLine', 5],
  ['replaceAll', 1],
  ['undo', 13],
];
const SHRINKING = new Set(['deleteRange', 'deleteKey', 'joinDocuments', 'undo', 'replaceAll']);

function chooseEdit(rng: Rng, long: boolean): string {
  const weights = long ? WEIGHTS.filter(([k]) => SHRINKING.has(k)) : WEIGHTS;
  let r = rng.next() * weights.reduce((n, [, w]) => n + w, 0);
  for (const [kind, w] of weights) if ((r -= w) < 0) return kind;
  return weights[weights.length - 1][0];
}

/** Applies the changes to the mirror one by one; returns the protocol changes and their inverse. */
function apply(doc: OpenDocument, changes: Change[], version: number): { sent: TextDocumentContentChangeEvent[]; inverse: Change[] } {
  const sent: TextDocumentContentChangeEvent[] = [];
  const inverse: Change[] = [];
  for (const c of changes) {
    const before = doc.mirror.getText();
    if (c.whole) {
      sent.push({ text: c.text });
      inverse.unshift({ start: 0, end: 0, text: before, whole: true });
      doc.mirror = TextDocument.update(doc.mirror, [{ text: c.text }], version);
      continue;
    }
    if (!(Number.isInteger(c.start) && Number.isInteger(c.end) && 0 <= c.start && c.start <= c.end && c.end <= before.length)) {
      throw new Error(`soak: an edit [${c.start}, ${c.end}) outside a text of ${before.length}`);
    }
    const range = { start: doc.mirror.positionAt(c.start), end: doc.mirror.positionAt(c.end) };
    // The offsets the range stands for (an offset between \r and \n moves before the \r), for the inverse.
    const start = doc.mirror.offsetAt(range.start);
    const end = doc.mirror.offsetAt(range.end);
    sent.push({ range, text: c.text });
    inverse.unshift({ start, end: start + c.text.length, text: before.slice(start, end) });
    doc.mirror = TextDocument.update(doc.mirror, [{ range, text: c.text }], version);
  }
  return { sent, inverse };
}

/** The server's resident set size in kB, from /proc (undefined elsewhere). */
export function rssKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];
const cliPath = join(repoRoot, 'dist', 'cli.js');

/** What the CLI reports on the documents' files, per file, as sorted rows. */
function cliRows(root: string, docs: readonly OpenDocument[]): Map<string, string[]> {
  const run = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', '--fail-on', 'never', ...docs.map((d) => d.rel)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`the CLI failed (${run.status}): ${run.stderr}`);
  const out = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] };
  const rows = new Map<string, string[]>(docs.map((d) => [d.rel, []]));
  for (const f of out.findings) rows.get(f.file.replace(/\\/g, '/').replace(/^\.\//, ''))?.push(`${f.ruleId} ${f.severity} ${rangeText(f.range)} ${f.message}`);
  for (const list of rows.values()) list.sort();
  return rows;
}

function serverRows(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => `${String(d.code)} ${SEVERITY_NAMES[d.severity ?? 0]} ${rangeText(d.range)} ${String(d.message)}`).sort();
}

function describeMismatch(doc: OpenDocument, server: string[], cli: string[]): string {
  const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
  return [
    `${doc.rel} (version ${doc.mirror.version}, ${doc.mirror.getText().length} characters):`,
    ...only(server, cli).map((r) => `  server only: ${r}`),
    ...only(cli, server).map((r) => `  CLI only:    ${r}`),
  ].join('\n');
}

/** Runs the soak; throws only when the server cannot be started or the CLI fails. */
export async function soak(options: SoakOptions): Promise<SoakResult> {
  const corpus = loadCorpus();
  if (corpus.length === 0) throw new Error(`${sharedDir('corpus')} is not present`);
  const next = random(options.seed);
  const rng: Rng = { next, int: (n) => Math.floor(next() * n), pick: (items) => items[Math.floor(next() * items.length)] };
  const root = mkdtempSync(join(tmpdir(), 'daemonless-soak-'));
  const client = await TestClient.start({ folders: [] });
  const started = performance.now();
  const kinds: Record<string, number> = {};
  const mismatches: Mismatch[] = [];
  let checkpoints = 0;
  try {
    const docs: OpenDocument[] = [];
    for (let i = 0; i < (options.documents ?? 8); i++) {
      const source = corpus[(i * 7 + rng.int(corpus.length)) % corpus.length];
      const rel = `doc${i}/${source.path}`;
      const file = join(root, rel);
      const doc: OpenDocument = { uri: fileUri(file), file, rel, languageId: source.languageId, mirror: TextDocument.create(fileUri(file), source.languageId, 1, source.text), undo: [], history: [source.text] };
      docs.push(doc);
      client.open(doc.uri, doc.languageId, source.text, 1);
    }
    /** Waits until the server has published for the current version of every document. */
    const quiescent = async (which: readonly OpenDocument[]) => {
      for (const doc of which) await client.waitForPublish(doc.uri, { version: doc.mirror.version }, );
    };
    await quiescent(docs);
    const pid = client.process.pid;
    const first = rssKb(pid);
    let peak = first ?? 0;
    const checkEvery = options.checkEvery ?? 2_000;

    const checkpoint = async () => {
      await quiescent(docs);
      for (const doc of docs) {
        mkdirSync(dirname(doc.file), { recursive: true });
        writeFileSync(doc.file, doc.mirror.getText());
      }
      const cli = cliRows(root, docs);
      for (const doc of docs) {
        // The last publish for the URI, which must be for its current version.
        const latest = client.latest(doc.uri)!;
        const server = latest.version === doc.mirror.version ? serverRows(latest) : [`(last publish is for version ${latest.version})`];
        const expected = cli.get(doc.rel) ?? [];
        if (JSON.stringify(server) === JSON.stringify(expected)) continue;
        // Reopened, the server lints the text from scratch: whether it then agrees tells stale
        // incremental state from a text that differs.
        client.close(doc.uri);
        client.open(doc.uri, doc.languageId, doc.mirror.getText(), doc.mirror.version);
        const reopened = serverRows(await client.waitForPublish(doc.uri, { version: doc.mirror.version, after: client.published.length }));
        const verdict = JSON.stringify(reopened) === JSON.stringify(expected) ? 'reopened, the server agrees' : 'reopened, the server still differs';
        mismatches.push({ description: `${describeMismatch(doc, server, expected)}\n  (${verdict})`, history: [...doc.history] });
      }
      checkpoints++;
      const rss = rssKb(pid);
      options.progress?.(`${done} edits, ${((performance.now() - started) / 1000).toFixed(1)} s, server RSS ${rss ?? '?'} kB, ${mismatches.length} mismatches`);
    };

    let done = 0;
    while (done < options.edits) {
      // A burst of edits, mostly to one document (the one being worked on), then a wait for the
      // server to catch up with the last of them, as an editor's user pauses now and then.
      const burst = Math.min(options.edits - done, 1 + rng.int(40));
      let focus = rng.pick(docs);
      for (let i = 0; i < burst; i++) {
        if (rng.next() < 0.15) focus = rng.pick(docs);
        const doc = focus;
        const text = doc.mirror.getText();
        let kind = chooseEdit(rng, text.length > MAX_TEXT);
        let changes: Change[] | undefined;
        const version = doc.mirror.version + 1;
        if (kind === 'undo') {
          changes = doc.undo.pop();
          if (changes === undefined) kind = 'deleteRange';
        }
        changes ??= EDITS[kind](text, rng, corpus) ?? EDITS.type(text, rng, corpus)!;
        const { sent, inverse } = apply(doc, changes, version);
        if (kind !== 'undo') {
          doc.undo.push(inverse);
          if (doc.undo.length > 100) doc.undo.shift();
        }
        client.change(doc.uri, version, sent);
        doc.history.push(doc.mirror.getText());
        if (doc.history.length > HISTORY) doc.history.shift();
        kinds[kind] = (kinds[kind] ?? 0) + 1;
        done++;
        if (done % checkEvery === 0) await checkpoint();
      }
      await quiescent([focus]);
      peak = Math.max(peak, rssKb(pid) ?? 0);
    }
    if (done % checkEvery !== 0 || done === 0) await checkpoint();
    const end = rssKb(pid);
    peak = Math.max(peak, end ?? 0);
    const ms = performance.now() - started;
    return {
      edits: done,
      ms,
      checkpoints,
      rss: first !== undefined && end !== undefined ? { start: first, peak, end } : undefined,
      kinds,
      mismatches,
    };
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
