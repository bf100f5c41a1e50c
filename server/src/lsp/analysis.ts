// Lints one version of one file and keeps, per URI, what the next version's lint can reuse: the
// engine's lintDocuments decides how the file is split and re-parsed; this module only remembers its
// memory between versions and what code actions need to find a finding again.
import {
  allRules,
  classify,
  classifyYamlContent,
  fixFor,
  LineIndex,
  lintDocuments,
  type FileKind,
  type Finding,
  type LintedFile,
  type LintMemory,
  type LintOptions,
  type LocatedFinding,
  type Position,
} from '../engine/index.js';
import type { Diagnostic } from 'vscode-languageserver';
import { withChartValues } from '../workspace/chart-values.js';

import { readDockerignore } from '../workspace/dockerignore.js';
import { uriToPath } from './paths.js';

export type { LocatedFinding } from '../engine/index.js';

export interface Analysis {
  uri: string;
  /** Document version, or null for a file read from disk. */
  version: number | null;
  text: string;
  kind: FileKind;
  lines: Positions;
  findings: LocatedFinding[];
  /** The engine's result, to compute fixes from; absent for findings made without reading the file. */
  lint?: LintedFile;
  /** Information published with the findings that is no finding (which stage of a Dockerfile ships, and why). */
  notes?: Diagnostic[];
}

/** Offset → position for the analysed text (an open document's own line table, or a LineIndex). */
export interface Positions {
  positionAt(offset: number): Position;
}

export interface LintInput {
  uri: string;
  /** File system path, or the URI's path for documents that are not files; used to classify. */
  path: string;
  languageId?: string;
  version: number | null;
  text: string;
  /** Positions for `text` when the caller already has them (an open document keeps its line table up to date incrementally). */
  positions?: Positions;
}

export function kindOf(path: string, text: string, languageId?: string): FileKind {
  const kind = classify(path, text);
  if (kind !== 'unknown') return kind;
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'yaml') return classifyYamlContent(text);
  if (languageId === 'json') return classifyYamlContent(text, true);
  return 'unknown';
}

/**
 * A Dockerfile's options with the ignore file beside it on disk, read on each lint (it is small, and
 * an edit to it is then seen at once); a document that is not a file (an unsaved buffer) has none known.
 */
function withDockerignore(input: LintInput, kind: FileKind, options: LintOptions): LintOptions {
  if (kind !== 'dockerfile' || options.dockerignore !== undefined) return options;
  const path = uriToPath(input.uri);
  const dockerignore = path === undefined ? undefined : readDockerignore(path);
  return dockerignore === undefined ? options : { ...options, dockerignore };
}

/** Lints files and remembers, per URI, what the last version's lint left for the next one. */
export class Analyzer {
  private readonly memories = new Map<string, LintMemory>();

  /** `remember: false` for one-off reads (the workspace scan) so no parse outlives the call. */
  analyze(input: LintInput, options: LintOptions, remember = true): Analysis {
    const { text, path } = input;
    const kind = kindOf(path, text, input.languageId);
    const lines = input.positions ?? new LineIndex(text);
    // A memory is used at most once: re-parsing moves its nodes.
    const memory = remember ? this.memories.get(input.uri) : undefined;
    if (remember) this.memories.delete(input.uri);
    const lint = lintDocuments({ path, text, kind }, withChartValues(withDockerignore(input, kind, options), path, kind, text), allRules, memory);
    if (remember && (lint.memory.documents || lint.memory.yaml)) this.memories.set(input.uri, lint.memory);
    return { uri: input.uri, version: input.version, text, kind, lines, findings: lint.findings, lint };
  }

  /** The fix of a finding, in whole-file offsets (see the engine's fixFor). */
  fixOf(analysis: Analysis, located: LocatedFinding): Finding['fix'] {
    return analysis.lint ? fixFor(analysis.lint, located) : located.source.fix;
  }

  /** Drops cached documents (after a settings change, or when a file is closed or deleted). */
  forget(uri?: string): void {
    if (uri === undefined) this.memories.clear();
    else this.memories.delete(uri);
  }
}
