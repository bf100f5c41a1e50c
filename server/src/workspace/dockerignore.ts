// Finds the ignore file BuildKit applies to a Dockerfile whose build context is its own folder (the
// usual `docker build .` beside it), for the engine's rules about the build context: the
// per-Dockerfile `<name>.dockerignore` beside it wins over the folder's `.dockerignore`; a folder with
// only Podman's `.containerignore` is read through that one.
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DockerignoreFile } from '../engine/index.js';
import { readStampedTextFile } from './text-file.js';

/** Names of the ignore files that apply to a Dockerfile named `name`, the winning one first. */
export function dockerignoreNames(name: string): string[] {
  return [`${name}.dockerignore`, '.dockerignore', '.containerignore'];
}

/**
 * The ignore file for the Dockerfile at `path`: null when there is none, undefined when one exists
 * but cannot be read (then nothing is known, and the rules about it stay silent).
 */
export function readDockerignore(path: string): DockerignoreFile | null | undefined {
  const folder = dirname(path);
  for (const name of dockerignoreNames(basename(path))) {
    // Stat first, and read only a changed file: the server asks on every keystroke in a Dockerfile.
    const file = join(folder, name);
    try {
      // Most Dockerfiles have no per-file ignore file: a missing one is an answer, not an exception.
      const stamp = statSync(file, { throwIfNoEntry: false });
      if (stamp === undefined) continue;
      return { name, text: readStampedTextFile(file, stamp) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
    }
  }
  return null;
}
