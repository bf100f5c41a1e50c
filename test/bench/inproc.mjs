// In-process measurements (run with node --expose-gc): the engine against the parse floors on the
// same texts, loaded once, sampled in interleaved rounds. Prints one JSON object on stdout.
// Usage: node --expose-gc inproc.mjs <k8s|gitlab|dockerfiles> <engine.cjs> <corpusDir> [--quick]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { LineCounter, Parser, parseAllDocuments } from 'yaml';
import { interleaved, pairedRatio } from './lib/stats.mjs';

const [task, enginePath, corpusDir] = process.argv.slice(2);
const quick = process.argv.includes('--quick');
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const engine = createRequire(import.meta.url)(resolve(enginePath));

let sink = 0;
const pYaml = (text) => () => {
  const docs = parseAllDocuments(text, { keepSourceTokens: true, lineCounter: new LineCounter() });
  sink += Array.isArray(docs) ? docs.length : 0;
};
const cst = (text) => () => {
  for (const token of new Parser().parse(text)) sink += token.offset & 1;
};
const lint = (path, text) => () => {
  sink += engine.lintFile({ path, text }).findings.length;
};

function describe(path, text) {
  const result = engine.lintFile({ path, text });
  const byRule = {};
  for (const f of result.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  return { kind: result.kind, findings: result.findings.length, byRule };
}

const out = { task, quick };
const rounds = quick ? 3 : 21;
const minSampleMs = quick ? 20 : 100;

if (task === 'k8s') {
  const path = 'k8s-big.yaml';
  const text = readFileSync(join(corpusDir, path), 'utf8');
  out.subject = describe(path, text);
  const { samples } = interleaved(
    [
      { name: 'P_yaml', fn: pYaml(text) },
      { name: 'CST', fn: cst(text) },
      { name: 'lint', fn: lint(path, text) },
    ],
    { rounds, minSampleMs, warmupMs: quick ? 100 : 300 },
  );
  out.vsPyaml = pairedRatio(samples.lint, samples.P_yaml);
  out.vsCst = pairedRatio(samples.lint, samples.CST);
  out.cstVsPyaml = pairedRatio(samples.CST, samples.P_yaml);
} else if (task === 'gitlab') {
  const path = 'gitlab/.gitlab-ci.yml';
  const text = readFileSync(join(corpusDir, path), 'utf8');
  // The first 1,500 lines, cut back to the last blank line so the half is whole jobs.
  const lines = text.split('\n');
  let cut = 1500;
  while (cut > 0 && lines[cut - 1] !== '') cut--;
  const half = lines.slice(0, cut).join('\n') + '\n';
  out.lines = { full: lines.length - 1, half: cut };
  out.subject = describe(path, text);
  out.subjectHalf = describe(path, half);
  const { samples } = interleaved(
    [
      { name: 'P_yaml', fn: pYaml(text) },
      { name: 'lint', fn: lint(path, text) },
      { name: 'lintHalf', fn: lint(path, half) },
      { name: 'P_yamlHalf', fn: pYaml(half) },
    ],
    { rounds, minSampleMs, warmupMs: quick ? 100 : 300 },
  );
  out.vsPyaml = pairedRatio(samples.lint, samples.P_yaml);
  out.linear = pairedRatio(samples.lint, samples.lintHalf);
  out.parseLinear = pairedRatio(samples.P_yaml, samples.P_yamlHalf);
} else if (task === 'dockerfiles') {
  const lists = JSON.parse(readFileSync(join(corpusDir, 'lists.json'), 'utf8'));
  const rels = lists['tree-dockerfiles'].filter((_, i) => !quick || i % 20 === 0);
  const files = rels.map((rel) => ({ path: rel, text: readFileSync(join(corpusDir, rel), 'utf8') }));
  let findings = 0;
  const byRule = {};
  for (const f of files) {
    for (const x of engine.lintFile(f).findings) {
      findings++;
      byRule[x.ruleId] = (byRule[x.ruleId] ?? 0) + 1;
    }
  }
  out.subject = { kind: 'dockerfile', files: files.length, findings, byRule };
  const { samples } = interleaved(
    [
      { name: 'P_df', fn: () => { for (const f of files) sink += DockerfileParser.parse(f.text).getInstructions().length; } },
      { name: 'lint', fn: () => { for (const f of files) sink += engine.lintFile(f).findings.length; } },
      { name: 'validate', fn: () => { for (const f of files) sink += validate(f.text).length; } },
    ],
    { rounds: quick ? 3 : 11, minSampleMs, warmupMs: quick ? 100 : 1000 },
  );
  out.files = files.length;
  out.vsPdf = pairedRatio(samples.lint, samples.P_df);
  out.vsValidate = pairedRatio(samples.lint, samples.validate);
  out.validateVsPdf = pairedRatio(samples.validate, samples.P_df);
} else {
  throw new Error(`unknown task ${task}`);
}
out.sink = sink;
process.stdout.write(JSON.stringify(out) + '\n');
