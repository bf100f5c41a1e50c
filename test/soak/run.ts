// `npm run soak [-- --edits N --seed S --documents D]`: the language-server soak (default 10,000
// edits). It needs the bundled server and CLI (`npm run build`) and ../shared/corpus.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedSkip } from '../support/shared-data.js';
import { MAX_SERVER_RSS_KB, soak } from './soak-lib.js';

const args = process.argv.slice(2);
const value = (flag: string, fallback: number) => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const skip = sharedSkip('corpus');
if (skip) {
  process.stdout.write(`soak: skipped, ${skip}\n`);
  process.exit(0);
}
const edits = value('--edits', 10_000);
const seed = value('--seed', Date.now() % 2 ** 31);
const documents = value('--documents', 8);
async function main(): Promise<void> {
  const result = await soak({ edits, seed, documents, checkEvery: value('--check-every', 2_000), progress: (line) => process.stdout.write(`soak: ${line}\n`) });
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  const rss = result.rss ? `server RSS start ${mb(result.rss.start)}, peak ${mb(result.rss.peak)}, end ${mb(result.rss.end)}` : 'server RSS not measured';
  const kinds = Object.entries(result.kinds).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ');
  process.stdout.write(`soak: ${result.edits} edits to ${documents} documents, seed ${seed}, ${(result.ms / 1000).toFixed(1)} s, ${result.checkpoints} checkpoints; ${rss}\nsoak: ${kinds}\n`);
  if (result.rss && result.rss.peak >= MAX_SERVER_RSS_KB) {
    process.stderr.write(`soak: FAILED, server RSS peaked at ${mb(result.rss.peak)}, over ${mb(MAX_SERVER_RSS_KB)}\n`);
    process.exit(1);
  }
  if (result.mismatches.length > 0) {
    const saved = join(tmpdir(), `daemonless-soak-${seed}.json`);
    writeFileSync(saved, JSON.stringify(result.mismatches, null, 1));
    const described = result.mismatches.map((m) => m.description).join('\n');
    process.stderr.write(`soak: FAILED, the server's diagnostics differ from the CLI's:\n${described}\nsoak: each document's last texts are in ${saved}\n`);
    process.exit(1);
  }
  process.stdout.write('soak: 0 mismatches\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`soak: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
