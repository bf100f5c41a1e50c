// CPU profile of the engine on one corpus: top functions by self time and by inclusive time.
// Usage: node test/bench/profile.mjs <k8s|gitlab|gitlab-half|dockerfiles> [repeats=5] [rows=40]
//        node test/bench/profile.mjs --summarize <file.cpuprofile> [rows=40]   (from node --cpu-prof, e.g. of dist/cli.js)
//        SELF_ROWS=N sets how many self-time rows are printed (default 25).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { buildAll, corpusDir, ensureCorpus } from './lib/setup.mjs';

const [task = 'k8s', repeatsArg = '5', topArg = '40'] = process.argv.slice(2);
if (task === '--summarize') {
  summarize(JSON.parse(readFileSync(repeatsArg, 'utf8')), `${repeatsArg}`, Number(process.argv[4] ?? 40));
  process.exit(0);
}
ensureCorpus();
const build = await buildAll();
if (!build.engine.path) throw new Error(build.engine.error);
const engine = createRequire(import.meta.url)(build.engine.path);

let inputs;
if (task === 'k8s') inputs = [{ path: 'k8s-big.yaml' }];
else if (task === 'gitlab') inputs = [{ path: 'gitlab/.gitlab-ci.yml' }];
else if (task === 'gitlab-half') inputs = [{ path: 'gitlab/.gitlab-ci.yml', lines: 1492 }];
else if (task === 'dockerfiles') inputs = JSON.parse(readFileSync(join(corpusDir, 'lists.json'), 'utf8'))['tree-dockerfiles'].map((path) => ({ path }));
else throw new Error(`unknown task ${task}`);
const files = inputs.map(({ path, lines }) => {
  let text = readFileSync(join(corpusDir, path), 'utf8');
  if (lines) text = text.split('\n').slice(0, lines).join('\n') + '\n';
  return { path, text };
});

for (const f of files) engine.lintFile(f);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const t0 = performance.now();
for (let i = 0; i < Number(repeatsArg); i++) for (const f of files) engine.lintFile(f);
const wall = performance.now() - t0;
const { profile } = await session.post('Profiler.stop');
summarize(profile, `${task}: ${files.length} file(s) × ${repeatsArg}, ${wall.toFixed(0)} ms wall`, Number(topArg));

function summarize(profile, title, rows) {

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (n) => {
  const cf = n.callFrame;
  const file = cf.url ? cf.url.replace(/^.*\/(node_modules\/)?/, (m, nm) => (nm ? 'node_modules/' : '')) : '';
  return `${cf.functionName || '(anonymous)'} ${file}:${cf.lineNumber + 1}`;
};
const self = new Map();
const total = new Map();
let sum = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  sum += dt;
  let id = profile.samples[i];
  const k = keyOf(byId.get(id));
  self.set(k, (self.get(k) ?? 0) + dt);
  const seen = new Set();
  while (id !== undefined) {
    const key = keyOf(byId.get(id));
    if (!seen.has(key)) {
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
    id = parent.get(id);
  }
}
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`${title}, ${sum.toFixed(0)} ms sampled`);
console.log('-- self time');
for (const [k, v] of top(self, Number(process.env.SELF_ROWS ?? 25))) console.log(`${v.toFixed(0).padStart(7)} ms ${((100 * v) / sum).toFixed(1).padStart(5)}%  ${k}`);
console.log('-- inclusive time');
for (const [k, v] of top(total, rows)) console.log(`${v.toFixed(0).padStart(7)} ms ${((100 * v) / sum).toFixed(1).padStart(5)}%  ${k}`);
}
