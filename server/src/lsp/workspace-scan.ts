// Lints the workspace's files from disk so that problems show up for files nobody has opened. Runs
// in the background: it works in short time slices and yields to the event loop between them so edits
// stay responsive, keeps no parse after a file is done, and a newer scan cancels an older one.
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import {
  classifyByName,
  classifyYamlContent,
  DEFAULT_MAX_FILE_SIZE,
  isJsonPath,
  LineIndex,
  skippedFinding,
  type FileKind,
  type LintOptions,
} from '../engine/index.js';
import { readTextFile } from '../workspace/text-file.js';
import { ALWAYS_SKIPPED_DIRS, isExcluded, walkCandidates } from '../workspace/walk.js';
import type { Analysis, LintInput } from './analysis.js';
import { toDiagnostics } from './diagnostics.js';
import { pathToUri, relativeInside } from './paths.js';

export interface ScanResult {
  files: number;
  findings: number;
}

export interface ScanHost {
  folders(): readonly string[];
  /** Globs the scan skips under this folder (relative to it). */
  excludes(root: string): readonly string[];
  /** The options a file is linted with (those of the folder that holds it). */
  options(path: string): LintOptions;
  /** The analysis of the open document for this path, if it is open (open documents win over disk). */
  openAnalysis(path: string): Analysis | undefined;
  lint(input: LintInput): Analysis;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

/** Files whose UTF-8 size is over three times the limit cannot fit under it in UTF-16; they are not read. */
const OVERSIZE_FACTOR = 3;
const CLASSIFY_HEAD_BYTES = 256 * 1024;

/**
 * How long the scan works before it lets queued messages (an edit, a code action request) run. Files
 * are read synchronously inside a slice: awaiting the thread pool per file and per folder left the
 * scan idle a third of the time, while a slice this short keeps an edit's wait below a keystroke.
 * A slice also ends after a publish: the connection writes one message per event-loop turn, so a scan
 * that published faster would queue its diagnostics, and an edit's, behind each other.
 */
const SLICE_MS = 6;

/**
 * Two event-loop turns: a message read while the scan worked is dispatched by a callback queued behind
 * the scan's own wake-up, so with one turn the scan ran a whole slice before every edit.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

export class WorkspaceScanner {
  /** Paths whose disk diagnostics were published non-empty and not yet cleared. */
  private readonly published = new Set<string>();
  private generation = 0;
  private running: Promise<ScanResult> | undefined;
  /** Publishes so far, so a time slice can end after one. */
  private publishCount = 0;
  /**
   * The newest scan while it runs: it lints Dockerfiles after every other file, so that the CI files
   * naming the stage each ships are read first; `waiting` holds those it has still to lint.
   */
  private running_: { generation: number; walking: boolean; waiting: Set<string> } | undefined;

  constructor(private readonly host: ScanHost) {}

  /** Starts a new scan (cancelling one in progress) and resolves with the newest scan's result. */
  scan(): Promise<ScanResult> {
    const generation = ++this.generation;
    const run = this.run(generation).then((result) => result ?? this.running ?? { files: 0, findings: 0 });
    this.running = run;
    return run;
  }

  /** The folder that holds `path` and the path relative to it, if the scan covers this file. */
  covers(path: string): boolean {
    for (const root of this.host.folders()) {
      const rel = relativeInside(root, path);
      if (rel === undefined) continue;
      if (rel.split('/').some((part) => ALWAYS_SKIPPED_DIRS.has(part))) return false;
      if (classifyByName(rel) === 'unknown') return false;
      const excludes = this.host.excludes(root);
      const parts = rel.split('/');
      for (let i = 1; i <= parts.length; i++) if (isExcluded(parts.slice(0, i).join('/'), excludes)) return false;
      return true;
    }
    return false;
  }

  /** Re-reads one file (created, changed, or closed in the editor) and publishes its diagnostics. */
  async refresh(path: string): Promise<void> {
    if (!this.covers(path)) {
      this.clear(path);
      return;
    }
    this.lintFromDisk(path);
  }

  /**
   * Re-lints a file whose options changed (a Dockerfile whose CI target changed), unless the running
   * scan has still to reach it.
   */
  async relint(path: string): Promise<void> {
    const scan = this.running_;
    if (scan && scan.generation === this.generation && (scan.walking || scan.waiting.has(path))) return;
    await this.refresh(path);
  }

  /** Clears the disk diagnostics of a deleted file, or of every file under a deleted folder. */
  removed(path: string): void {
    const prefix = path.endsWith(sep) ? path : path + sep;
    for (const p of [...this.published]) if (p === path || p.startsWith(prefix)) this.clear(p);
  }

  clear(path: string): void {
    if (!this.published.delete(path)) return;
    if (!this.host.openAnalysis(path)) this.publish(pathToUri(path), []);
  }

  /** Forgets that an open document's path had disk diagnostics (the open document now owns them). */
  opened(path: string): void {
    this.published.delete(path);
  }

  private async run(generation: number): Promise<ScanResult | undefined> {
    const seen = new Set<string>();
    const result: ScanResult = { files: 0, findings: 0 };
    // The first slice starts after a yield, so messages that arrived with the request that started the scan go first.
    let sliceEnd = 0;
    let publishesBefore = this.publishCount;
    const state = { generation, walking: true, waiting: new Set<string>() };
    this.running_ = state;
    const lint = async (path: string): Promise<boolean> => {
      if (this.publishCount !== publishesBefore || performance.now() >= sliceEnd) {
        await yieldToEventLoop();
        sliceEnd = performance.now() + SLICE_MS;
        publishesBefore = this.publishCount;
      }
      if (generation !== this.generation) return false;
      state.waiting.delete(path);
      const count = this.lintFromDisk(path);
      if (count !== undefined) {
        result.files++;
        result.findings += count;
      }
      return true;
    };
    for (const root of this.host.folders()) {
      const walk = walkCandidates(root, { exclude: [...this.host.excludes(root)] });
      for (const path of walk) {
        seen.add(path);
        if (classifyByName(path) === 'dockerfile') state.waiting.add(path);
        else if (!(await lint(path))) return undefined;
      }
    }
    state.walking = false;
    for (const path of [...state.waiting]) if (!(await lint(path))) return undefined;
    if (this.running_ === state) this.running_ = undefined;
    if (generation !== this.generation) return undefined;
    for (const path of [...this.published]) if (!seen.has(path)) this.clear(path);
    return result;
  }

  private publish(uri: string, diagnostics: Diagnostic[]): void {
    this.publishCount++;
    this.host.publish(uri, diagnostics);
  }

  /** Lints a file from disk; returns its number of findings, or undefined when it is not analysed. */
  private lintFromDisk(path: string): number | undefined {
    try {
      const open = this.host.openAnalysis(path);
      if (open) return open.kind === 'unknown' ? undefined : open.findings.length;
      const analysis = this.readAndLint(path);
      if (!analysis || analysis.kind === 'unknown') {
        this.clear(path);
        return undefined;
      }
      if (analysis.findings.length > 0 || (analysis.notes?.length ?? 0) > 0) {
        this.published.add(path);
        this.publish(analysis.uri, toDiagnostics(analysis));
      } else {
        this.clear(path);
      }
      return analysis.findings.length;
    } catch (error) {
      this.host.log(`could not lint ${path}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return undefined;
    }
  }

  private readAndLint(path: string): Analysis | undefined {
    let stat: Stats | undefined;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (!stat?.isFile()) return undefined;
    const uri = pathToUri(path);
    const options = this.host.options(path);
    const limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (stat.size > OVERSIZE_FACTOR * limit) return this.oversized(path, uri, stat.size, limit, options);
    let text: string;
    try {
      text = readTextFile(path).text;
    } catch {
      return undefined;
    }
    return this.host.lint({ uri, path, version: null, text });
  }

  /** The engine's file-skipped finding for a file too large to read at all. */
  private oversized(path: string, uri: string, size: number, limit: number, options: LintOptions): Analysis | undefined {
    let kind: FileKind | 'yaml' = classifyByName(path);
    if (kind === 'yaml') {
      const fd = openSync(path, 'r');
      try {
        const buffer = Buffer.alloc(CLASSIFY_HEAD_BYTES);
        const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
        kind = classifyYamlContent(buffer.subarray(0, bytesRead).toString('utf8'), isJsonPath(path));
      } finally {
        closeSync(fd);
      }
    }
    const lines = new LineIndex('');
    const finding = kind === 'unknown' ? undefined : skippedFinding(size, limit, options);
    return { uri, version: null, text: '', kind, lines, findings: finding ? [{ finding, source: finding, delta: 0 }] : [] };
  }
}
