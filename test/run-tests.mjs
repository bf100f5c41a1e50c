// Runs every *.test.ts under test/ with node's built-in test runner (TypeScript through tsx).
// Usage: node test/run-tests.mjs [folder-or-file ...]   (default: everything except test/e2e and test/bench,
// which run through `npm run test:e2e` and `npm run test:bench`)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) collect(join(path, name), out);
  } else if (path.endsWith('.test.ts') || path.endsWith('.test.mjs')) {
    out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const roots = args.length > 0 ? args : readdirSync('test').filter((d) => d !== 'e2e' && d !== 'bench').map((d) => join('test', d));
const files = roots.flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
