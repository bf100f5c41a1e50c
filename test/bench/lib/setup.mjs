// Corpus generation (seeded, checked against the md5s in the performance design note) and bundling of
// the subjects and floors into the ignored .bench/ folder, with the bundle options esbuild.mjs ships
// with (esbuild-options.mjs).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOptions } from '../../../esbuild-options.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const benchDir = join(repoRoot, '.bench');
export const corpusDir = join(benchDir, 'corpus');
export const buildDir = join(benchDir, 'build');
// The shared root is ../shared beside the repository unless DAEMONLESS_SHARED_DIR says otherwise (as in test/support/shared-data.ts).
const generator = resolve(process.env.DAEMONLESS_SHARED_DIR || resolve(repoRoot, '..', 'shared'), 'bench', 'gen-corpus.mjs');

const EXPECTED_MD5 = {
  'k8s-big.yaml': '4bf0b86e',
  'gitlab/.gitlab-ci.yml': '36e854d4',
  'big/Dockerfile': '7996b1f9',
};

function md5(path) {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

function corpusMatches() {
  if (!existsSync(join(corpusDir, 'lists.json'))) return false;
  return Object.entries(EXPECTED_MD5).every(([rel, prefix]) => existsSync(join(corpusDir, rel)) && md5(join(corpusDir, rel)).startsWith(prefix));
}

/** Generates the corpus unless an identical one is already there. Returns notes for the report. */
export function ensureCorpus() {
  if (corpusMatches()) return [];
  if (!existsSync(generator)) throw new Error(`corpus generator not found at ${generator}`);
  const r = spawnSync(process.execPath, [generator, corpusDir, '1337'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('corpus generation failed');
  const notes = [];
  for (const [rel, prefix] of Object.entries(EXPECTED_MD5)) {
    const got = md5(join(corpusDir, rel));
    if (!got.startsWith(prefix)) notes.push(`corpus ${rel} md5 ${got.slice(0, 8)} differs from the documented ${prefix}`);
  }
  return notes;
}

export function treeLists() {
  return JSON.parse(readFileSync(join(corpusDir, 'lists.json'), 'utf8'));
}

/** A tenth of the tree (every tenth Dockerfile and YAML file), for --quick runs. */
export function ensureQuickTree() {
  const dir = join(benchDir, 'quick');
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return join(dir, 'tree');
  rmSync(dir, { recursive: true, force: true });
  const lists = treeLists();
  for (const rel of [...lists['tree-dockerfiles'], ...lists['tree-yaml']].filter((_, i) => i % 10 === 0)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    copyFileSync(join(corpusDir, rel), join(dir, rel));
  }
  copyFileSync(join(corpusDir, 'lists.json'), marker);
  return join(dir, 'tree');
}

const ENTRIES = {
  engine: { in: 'server/src/engine/index.ts', out: 'engine.cjs' },
  server: { in: 'server/src/lsp/main.ts', out: 'server.js' },
  cli: { in: 'server/src/cli/main.ts', out: 'cli.js' },
  floorServer: { in: 'test/bench/floor-server-doc.mjs', out: 'floor-server-doc.js' },
  floorWalk: { in: 'test/bench/floor-walk.mjs', out: 'floor-walk.js' },
};

/** Bundles every entry that exists. Returns {name: {path} | {error}}. */
export async function buildAll() {
  const { build } = await import('esbuild');
  mkdirSync(buildDir, { recursive: true });
  const results = {};
  await Promise.all(
    Object.entries(ENTRIES).map(async ([name, entry]) => {
      const input = join(repoRoot, entry.in);
      if (!existsSync(input)) {
        results[name] = { error: `${entry.in} does not exist yet` };
        return;
      }
      try {
        await build({
          entryPoints: [input],
          outfile: join(buildDir, entry.out),
          ...bundleOptions,
          logLevel: 'silent',
        });
        results[name] = { path: join(buildDir, entry.out) };
      } catch (error) {
        const first = error?.errors?.[0];
        results[name] = { error: `build failed: ${first ? `${first.text} (${first.location?.file}:${first.location?.line})` : String(error)}` };
      }
    }),
  );
  return results;
}
