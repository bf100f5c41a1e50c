// The shared real-world data beside the repository (../shared: corpus, real, peers, bench). Tests that
// read it skip, with one reason, when it is not there, instead of failing on a missing file.
// DAEMONLESS_SHARED_DIR points the shared root elsewhere (the skip test points it at a missing folder).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type SharedArea = 'corpus' | 'real' | 'peers' | 'bench';

const repoRoot = resolve(__dirname, '..', '..');

/** The shared root: $DAEMONLESS_SHARED_DIR, or ../shared beside the repository. */
export function sharedRoot(): string {
  return resolve(process.env.DAEMONLESS_SHARED_DIR || join(repoRoot, '..', 'shared'));
}

/** A path under the shared root, e.g. sharedDir('corpus', 'gitlab'). */
export function sharedDir(area: SharedArea, ...rest: string[]): string {
  return join(sharedRoot(), area, ...rest);
}

/** The reason a test skips when a shared area is missing. */
export function sharedMissing(area: SharedArea): string {
  const shown = process.env.DAEMONLESS_SHARED_DIR ? sharedDir(area) : `../shared/${area}`;
  return `${shown} is not present`;
}

/** For node:test's `skip` option: false when the area is there, else the reason. */
export function sharedSkip(area: SharedArea): false | string {
  return existsSync(sharedDir(area)) ? false : sharedMissing(area);
}
