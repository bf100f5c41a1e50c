// Runs the in-editor suite in VS Code desktop through @vscode/test-electron, which downloads VS Code:
// for machines that can reach its download site (not this project's CI; see test/e2e/README.md).
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, repoRoot } from '../lib/env.js';
import { bundleSuite } from '../lib/suite-bundle.js';

async function main(): Promise<void> {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  const runDir = mkdtempSync(join(tmpdir(), 'daemonless-desktop-'));
  const workspace = join(runDir, 'workspace');
  cpSync(join(fixturesDir, 'workspace'), workspace, { recursive: true });
  const userData = join(runDir, 'user-data');
  mkdirSync(userData, { recursive: true });
  const suite = await bundleSuite(join(runDir, 'suite', 'index.js'));
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData],
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
