// Bundles the in-editor suite (test/e2e/suite) into one CommonJS file that an extension host can require.
import { build } from 'esbuild';
import { join } from 'node:path';
import { repoRoot } from './env.js';

export async function bundleSuite(outfile: string): Promise<string> {
  await build({
    entryPoints: [join(repoRoot, 'test', 'e2e', 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return outfile;
}
