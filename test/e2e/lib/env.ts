// Where the editor tests find the repo, the tools installed by scripts/e2e-setup.sh, and their outputs.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');
export const e2eDir = join(repoRoot, '.e2e');
export const node24Bin = join(e2eDir, 'node24', 'node_modules', 'node', 'bin');
export const codeServerBin = join(e2eDir, 'cs', 'node_modules', '.bin', 'code-server');
export const chromiumPath = '/usr/bin/chromium';
export const serverJs = join(repoRoot, 'dist', 'server.js');
export const fixturesDir = join(repoRoot, 'test', 'e2e', 'fixtures');
export const harnessDir = join(repoRoot, 'test', 'e2e', 'harness');
export const resultsDir = join(repoRoot, 'test-results');

export const SETUP_HINT = 'run `npm run test:e2e:setup` (bash scripts/e2e-setup.sh) first';

export function missingTools(): string[] {
  const missing: string[] = [];
  if (!existsSync(chromiumPath)) missing.push(chromiumPath);
  if (!existsSync(join(node24Bin, 'node'))) missing.push('Node 24 under .e2e/node24');
  if (!existsSync(codeServerBin)) missing.push('code-server under .e2e/cs');
  return missing;
}

export function resultsPath(...parts: string[]): string {
  const dir = join(resultsDir, ...parts.slice(0, -1));
  mkdirSync(dir, { recursive: true });
  return join(dir, parts[parts.length - 1]);
}
