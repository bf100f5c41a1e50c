// Bundles the extension client, the language server and the CLI into dist/.
import { build } from 'esbuild';
import { bundleOptions } from './esbuild-options.mjs';

const watch = process.argv.includes('--watch');
const common = { ...bundleOptions, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
if (watch) console.log('watch mode is not supported; run again after changes');
