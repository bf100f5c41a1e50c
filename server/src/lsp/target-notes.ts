// Tells the user, on the `dockerfile.target` key of a folder's .daemonless.json, which of its
// Dockerfiles of several stages have no stage of that name (their last stage is judged instead).
// Kept up to date from every Dockerfile the server lints, open or from the workspace scan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { LineIndex } from '../engine/index.js';
import { missesTarget, targetValueRange } from '../config/dockerfile-target.js';
import { CONFIG_FILE_NAME, parseProjectConfig } from '../config/project-config.js';
import { SOURCE } from './diagnostics.js';
import { pathToUri, relativeInside } from './paths.js';

export interface TargetNotesHost {
  /** The folder holding `path` and its target, or no folder. */
  targetOf(path: string): { folder: string | undefined; target: string | undefined };
  publish(uri: string, diagnostics: Diagnostic[]): void;
}

/** How many Dockerfiles the note names before it counts the rest. */
const NAMED = 5;

export class TargetNotes {
  /** Per folder, the Dockerfiles that miss its target. */
  private readonly misses = new Map<string, Set<string>>();
  /** Folders whose config file shows a note. */
  private readonly shown = new Set<string>();

  constructor(private readonly host: TargetNotesHost) {}

  /** After a lint of `path` (kind and text), or its deletion (no text). */
  linted(path: string | undefined, kind: string | undefined, text: string | undefined): void {
    if (path === undefined) return;
    const { folder, target } = this.host.targetOf(path);
    if (folder === undefined) return;
    const miss = kind === 'dockerfile' && text !== undefined && target !== undefined && missesTarget(text, target);
    let set = this.misses.get(folder);
    if (miss === (set?.has(path) ?? false)) return;
    if (!set) this.misses.set(folder, (set = new Set()));
    if (miss) set.add(path);
    else set.delete(path);
    this.publish(folder, target);
  }

  /**
   * The options changed (a config file, the folders): what was known is dropped and re-learnt from the
   * lints that follow. A note on a config file that now has problems was replaced by them already.
   */
  reset(): void {
    this.misses.clear();
    for (const folder of this.shown) {
      const text = readConfig(folder);
      if (text === undefined || parseProjectConfig(text).problems.length === 0) this.host.publish(pathToUri(join(folder, CONFIG_FILE_NAME)), []);
    }
    this.shown.clear();
  }

  private publish(folder: string, target: string | undefined): void {
    const uri = pathToUri(join(folder, CONFIG_FILE_NAME));
    const names = [...(this.misses.get(folder) ?? [])].map((p) => relativeInside(folder, p) ?? p).sort();
    const text = names.length > 0 && target !== undefined ? readConfig(folder) : undefined;
    const range = text === undefined ? undefined : targetValueRange(text);
    if (text === undefined || range === undefined) {
      if (this.shown.delete(folder)) this.host.publish(uri, []);
      return;
    }
    const lines = new LineIndex(text);
    const listed = names.slice(0, NAMED).join(', ') + (names.length > NAMED ? ` and ${names.length - NAMED} more` : '');
    const diagnostic: Diagnostic = {
      range: { start: lines.positionAt(range.start), end: lines.positionAt(range.end) },
      severity: DiagnosticSeverity.Information,
      source: SOURCE,
      message: `dockerfile.target '${target}' names no stage of ${listed}; the last stage of ${names.length === 1 ? 'it' : 'each'} is judged as the one that ships`,
    };
    this.shown.add(folder);
    this.host.publish(uri, [diagnostic]);
  }
}

function readConfig(folder: string): string | undefined {
  try {
    return readFileSync(join(folder, CONFIG_FILE_NAME), 'utf8');
  } catch {
    return undefined;
  }
}
