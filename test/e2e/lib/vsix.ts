// Packages the extension and the test harness as .vsix files, offline (no dependencies are bundled in).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { harnessDir, repoRoot } from './env.js';

const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

function packageFolder(folder: string, out: string): string {
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', out], {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (!existsSync(out)) throw new Error(`vsce did not write ${out}`);
  return out;
}

/** Builds dist/ and packages daemonless; the bundles are what the .vsix ships. */
export function packageDaemonless(outDir: string): string {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return packageFolder(repoRoot, join(outDir, 'daemonless.vsix'));
}

export function packageHarness(outDir: string): string {
  return packageFolder(harnessDir, join(outDir, 'daemonless-e2e-harness.vsix'));
}
