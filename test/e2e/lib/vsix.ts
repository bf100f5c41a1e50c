// Packages the extension and the test harness as .vsix files, offline (no dependencies are bundled in).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
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

/** Builds and packages daemonless with the project's own `npm run package`, then copies the .vsix. */
export function packageDaemonless(outDir: string): string {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  const out = join(outDir, 'daemonless.vsix');
  copyFileSync(join(repoRoot, 'daemonless.vsix'), out);
  return out;
}

export function packageHarness(outDir: string): string {
  return packageFolder(harnessDir, join(outDir, 'daemonless-e2e-harness.vsix'));
}
