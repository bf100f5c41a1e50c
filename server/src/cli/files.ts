// Turns the command-line paths into the files to lint, one at a time: folders through the shared
// workspace walk, explicit files as given (their kind is decided by name, then content).
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { readTextFile, type DecodedText } from '../workspace/text-file.js';
import { isExcluded, walkCandidates } from '../workspace/walk.js';
import { UsageError } from './args.js';

export interface InputFile {
  abs: string;
  /** Relative to the current folder, forward slashes; used in every output format. */
  rel: string;
  /** Named on the command line: its kind may come from content even when its name says nothing. */
  explicit: boolean;
  /** The folder CI commands in it start from: the folder given on the command line, else the current folder. */
  root?: string;
}

/** The text, and the encoding and byte-order mark a fix writes it back with. */
export type SourceText = DecodedText;

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function displayPath(cwd: string, abs: string): string {
  const rel = toPosix(relative(cwd, abs));
  return rel === '' ? '.' : rel;
}

/**
 * Exclude globs are written relative to the current folder; the walk matches them relative to the
 * folder it walks, so a glob that starts with that folder's path is also given without it.
 */
function globsForRoot(exclude: readonly string[], rootRel: string): string[] {
  if (rootRel === '.' || rootRel === '') return [...exclude];
  const prefix = rootRel.endsWith('/') ? rootRel : rootRel + '/';
  const out = [...exclude];
  for (const glob of exclude) if (glob.startsWith(prefix)) out.push(glob.slice(prefix.length));
  return out;
}

/** Fails with a usage error (exit 2) before any output when a path does not exist. */
export function checkPaths(paths: readonly string[], cwd: string): void {
  for (const path of paths) {
    try {
      statSync(resolve(cwd, path));
    } catch {
      throw new UsageError(`no such file or folder: ${path}`);
    }
  }
}

/** Synchronous: the CLI has nothing else to do meanwhile, and a thread-pool round trip per folder left it idle. */
export function* collectFiles(paths: readonly string[], cwd: string, exclude: readonly string[]): Generator<InputFile> {
  const seen = new Set<string>();
  for (const path of paths) {
    const abs = resolve(cwd, path);
    const stat = statSync(abs);
    if (stat.isDirectory()) {
      const rootRel = displayPath(cwd, abs);
      for (const file of walkCandidates(abs, { exclude: globsForRoot(exclude, rootRel) })) {
        const rel = displayPath(cwd, file);
        if (seen.has(file) || (rootRel !== '.' && isExcluded(rel, exclude))) continue;
        seen.add(file);
        yield { abs: file, rel, explicit: false, root: abs };
      }
    } else {
      const rel = displayPath(cwd, abs);
      if (seen.has(abs) || isExcluded(rel, exclude)) continue;
      seen.add(abs);
      yield { abs, rel, explicit: true, root: cwd };
    }
  }
}

/** Synchronous on purpose: for many small files it is cheaper than the thread pool round trip. */
export function readSource(abs: string): SourceText {
  return readTextFile(abs);
}
