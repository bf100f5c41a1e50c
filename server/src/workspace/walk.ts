// Finds the files daemonless analyses under a folder: by name first (cheap), then, for YAML files
// without a telling name, by content. Shared by the CLI and the language server's workspace scan.
import { readdirSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { minimatch } from 'minimatch';
import { classifyByName } from '../engine/index.js';

export const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.e2e', '.bench']);

export interface WalkOptions {
  /** Glob patterns (minimatch, matched against the path relative to the root, forward slashes). */
  exclude?: string[];
  /** Stop after this many candidate files (a guard against huge trees). */
  maxFiles?: number;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function isExcluded(relPath: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => minimatch(relPath, p, { dot: true }) || minimatch(relPath, p.replace(/\/\*\*$/, ''), { dot: true }));
}

/** Depth-first, sorted: pushes the folder's subfolders onto `stack` and returns its candidate files in order. */
function visit(root: string, dir: string, entries: Dirent[], exclude: readonly string[], stack: string[]): string[] {
  entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
      if (exclude.length > 0 && isExcluded(toPosix(relative(root, full)), exclude)) continue;
      stack.push(full);
    } else if (entry.isFile()) {
      const rel = toPosix(relative(root, full));
      if (classifyByName(rel) === 'unknown' || (exclude.length > 0 && isExcluded(rel, exclude))) continue;
      files.push(full);
    }
  }
  return files.reverse();
}

/**
 * Yields absolute paths of candidate files: Dockerfiles, and YAML files (whose kind is decided later
 * from their content), in a stable sorted order. Folders are read synchronously: with about one
 * folder per file, a thread-pool round trip per folder left the CLI idle for a tenth of its run. The
 * language server's scan pulls from it in short time slices and yields to the event loop between them.
 */
export function* walkCandidates(root: string, options: WalkOptions = {}): Generator<string> {
  const exclude = options.exclude ?? [];
  const maxFiles = options.maxFiles ?? Number.POSITIVE_INFINITY;
  let count = 0;
  const stack: string[] = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const file of visit(root, dir, entries, exclude, stack)) {
      if (count++ >= maxFiles) return;
      yield file;
    }
  }
}
