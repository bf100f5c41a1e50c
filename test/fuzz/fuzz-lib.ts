// Mutation fuzzing of the engine: real files (../shared/corpus, ../shared/real, examples/) mutated the
// ways editors, generators and attackers damage them, through every file kind and the fix path.
// Properties: nothing throws out of the API, no internal-error finding, each input within a time
// bound, ranges inside the text, an incremental lint (the server's, from the previous version)
// equal to a fresh one, and every fix's edits inside the text, not overlapping, and leaving YAML
// that parsed still parsing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import {
  applyEdits,
  classify,
  editsOverlap,
  fixFor,
  lintDocuments,
  lintFile,
  type FileKind,
  type LintedFile,
} from '../../server/src/engine/index.js';
import { parseYaml } from '../../server/src/engine/parse/yaml.js';
import { sharedDir } from '../support/shared-data.js';

const repoRoot = resolve(__dirname, '..', '..');

export interface Seed {
  /** Where it came from, for failure reports. */
  origin: string;
  /** The path it is linted as (so that its name classifies it). */
  path: string;
  text: string;
}

/** A path that makes each corpus folder's files classify as what they are. */
function lintPath(origin: string): string {
  const name = origin.slice(origin.lastIndexOf('/') + 1);
  if (/dockerfile|Dockerfile$/.test(origin)) return 'Dockerfile';
  if (/gitlab/.test(origin)) return '.gitlab-ci.yml';
  if (/github-actions|daemonless-ci|\.github\/workflows/.test(origin)) return `.github/workflows/${name}`;
  if (/azure-pipelines/.test(origin)) return 'azure-pipelines.yml';
  if (/bitbucket/.test(origin)) return 'bitbucket-pipelines.yml';
  if (/circleci/.test(origin)) return '.circleci/config.yml';
  if (/drone/.test(origin)) return '.drone.yml';
  return `deploy/${name}`;
}

function walk(dir: string, out: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ya?ml|Dockerfile)$|Dockerfile$/.test(name)) out.push(full);
  }
  return out;
}

/** Every seed file; the shared ones only when ../shared is there. */
export function loadSeeds(): Seed[] {
  const files = [...walk(sharedDir('corpus'), []), ...walk(sharedDir('real'), []), ...walk(join(repoRoot, 'examples'), [])];
  return files.map((file) => {
    const origin = relative(join(repoRoot, '..'), file);
    return { origin, path: lintPath(origin), text: readFileSync(file, 'utf8') };
  });
}

/** Fragments that stress parsers: templates, anchors, quotes, indicators, control characters. */
const FRAGMENTS = [
  '{{ .Values.image }}', '{{- if .Values.x }}\n', '{{- end }}\n', '{{', '}}', '${{ matrix.x }}',
  '&a ', '*a', '<<: *a\n', '<<: [*a, *b]\n', '"', "'", '\t', '\r\n', '\r', '\uFEFF', '\u0000', '\u001b',
  '---\n', '...\n', '%YAML 1.2\n', '- ', ': ', '? ', '[', ']', '{', '}', '|\n', '>-\n', '#', '!!binary ',
  '$(', '`', '\\', '\\\n', '<<EOF\n', '"$(', 'privileged: true\n', '- /var/run/docker.sock:/var/run/docker.sock\n',
  'docker run --privileged x\n', 'image: docker:dind\n', 'RUN ', 'FROM ', 'USER root\n', '\u{1F600}', '\uD800',
];

type Mutation = (text: string) => string;

const position = (text: string, n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
const lineBounds = (text: string, n: number): [number, number] => {
  const at = position(text, n);
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  return [start, end < 0 ? text.length : end + 1];
};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n) => (t: string) => t.slice(0, position(t, n))),
  fc.tuple(fc.nat(), fc.constantFrom(...FRAGMENTS)).map(([n, s]) => (t: string) => t.slice(0, position(t, n)) + s + t.slice(position(t, n))),
  fc.tuple(fc.nat(), fc.string({ maxLength: 8 })).map(([n, s]) => (t: string) => t.slice(0, position(t, n)) + s + t.slice(position(t, n))),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([n, k]) => (t: string) => t.slice(0, position(t, n)) + t.slice(position(t, n) + k)),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([n, k]) => (t: string) => {
    const at = position(t, n);
    return t.slice(0, at) + t.slice(at, at + k) + t.slice(at);
  }),
  fc.nat().map((n) => (t: string) => {
    const [s, e] = lineBounds(t, n);
    return t.slice(0, s) + t.slice(e);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 })).map(([n, k]) => (t: string) => {
    const [s, e] = lineBounds(t, n);
    return t.slice(0, e) + t.slice(s, e).repeat(k) + t.slice(e);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([n, k]) => (t: string) => {
    const [s] = lineBounds(t, n);
    if (k >= 0) return t.slice(0, s) + ' '.repeat(k) + t.slice(s);
    let drop = 0;
    while (drop < -k && t[s + drop] === ' ') drop++;
    return t.slice(0, s) + t.slice(s + drop);
  }),
  fc.constant((t: string) => t.replace(/\r?\n/g, '\r\n')),
  fc.constant((t: string) => '\uFEFF' + t),
  fc.tuple(fc.nat(), fc.constantFrom('a', '$(', '- ', '[', ' ', '{{')).map(([n, s]) => (t: string) => t.slice(0, position(t, n)) + s.repeat(3000) + t.slice(position(t, n))),
);

export interface FuzzInput {
  seed: Seed;
  text: string;
}

export function inputArbitrary(seeds: readonly Seed[]): fc.Arbitrary<FuzzInput> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([seed, mutations]) => ({
    seed,
    text: mutations.reduce((t, m) => m(t), seed.text),
  }));
}

/**
 * One input should never take this much CPU time (all of checkInput's lints and fixes); the engine's
 * own time budget is 2 s of rule time. CPU time, not wall-clock time: on a loaded machine, under
 * `nice`, a second of work can take many.
 */
export const INPUT_TIME_BOUND_MS = 15_000;

const YAML_KINDS = new Set<FileKind>(['gitlab-ci', 'github-actions', 'k8s', 'compose', 'drone', 'woodpecker', 'bitbucket', 'circleci', 'azure-pipelines']);

function checkRanges(lint: LintedFile, label: string): void {
  for (const { finding } of lint.findings) {
    if (!(finding.start >= 0 && finding.start <= finding.end && finding.end <= lint.text.length)) {
      throw new Error(`${label}: ${finding.ruleId} range [${finding.start}, ${finding.end}) outside a text of ${lint.text.length}`);
    }
    if (finding.ruleId === 'internal-error') throw new Error(`${label}: ${finding.message}`);
  }
}

/**
 * The engine's time budget cuts a lint by wall-clock time, so on a loaded machine two lints of one
 * input could differ by it; here it is out of reach, and the fuzz bounds each input's CPU time itself.
 */
const LINT_OPTIONS = { timeBudgetMs: 600_000 };

const key = (lint: LintedFile) => lint.findings.map(({ finding: f }) => `${f.ruleId}/${f.messageId}@${f.start}-${f.end}: ${f.message}`).join('\n');

/** Checks every property on one input; throws with a description when one fails. */
export function checkInput({ seed, text }: FuzzInput, options: { fixes?: boolean } = {}): void {
  const started = process.cpuUsage();
  const kind = classify(seed.path, text);
  const path = seed.path;
  const fresh = lintDocuments({ path, text, kind }, LINT_OPTIONS);
  checkRanges(fresh, 'lintDocuments');
  // The whole-file lint (what fixFor falls back to) must not fail either.
  for (const f of lintFile({ path, text }, LINT_OPTIONS).findings) {
    if (f.ruleId === 'internal-error') throw new Error(`lintFile: ${f.message}`);
    if (f.start < 0 || f.end > text.length || f.start > f.end) throw new Error(`lintFile: ${f.ruleId} range [${f.start}, ${f.end})`);
  }
  // The server lints each version with what the previous one left: the same findings as a fresh lint.
  if (kind !== 'unknown') {
    const previous = lintDocuments({ path, text: seed.text, kind }, LINT_OPTIONS);
    const incremental = lintDocuments({ path, text, kind }, LINT_OPTIONS, undefined, previous.memory);
    if (key(incremental) !== key(fresh)) throw new Error(`incremental lint differs from a fresh one:\n${key(incremental)}\n---\n${key(fresh)}`);
  }
  if (options.fixes) {
    const parsedBefore = YAML_KINDS.has(kind) ? parseYaml(text).errors.length === 0 : false;
    for (const found of fresh.findings) {
      const outcome = fixFor(fresh, found)?.();
      if (!outcome || outcome.type !== 'fix') continue;
      const edits = outcome.edits;
      if (edits.some((e) => e.start < 0 || e.end > text.length || e.start > e.end)) throw new Error(`${found.finding.ruleId}: a fix edit lies outside the text`);
      if (editsOverlap(edits)) throw new Error(`${found.finding.ruleId}: overlapping fix edits`);
      const output = applyEdits(text, edits);
      if (parsedBefore && parseYaml(output).errors.length > 0) throw new Error(`${found.finding.ruleId}: the fix "${outcome.title}" leaves invalid YAML`);
    }
  }
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  if (ms > INPUT_TIME_BOUND_MS) throw new Error(`took ${Math.round(ms)} ms of CPU time`);
}

/** Runs `runs` inputs from `seed`; returns fast-check's report (failures shrunk to a small input). */
export function fuzz(runs: number, seed: number, fixes = true, progress?: (inputs: number) => void): fc.RunDetails<[FuzzInput]> {
  const seeds = loadSeeds();
  let inputs = 0;
  const property = (input: FuzzInput) => {
    checkInput(input, { fixes });
    if (progress && ++inputs % 10_000 === 0) progress(inputs);
  };
  return fc.check(fc.property(inputArbitrary(seeds), property), { numRuns: runs, seed, endOnFailure: false, verbose: false });
}

export function describeFailure(details: fc.RunDetails<[FuzzInput]>): string {
  if (!details.failed) return '';
  const input = details.counterexample?.[0];
  return [
    `seed ${details.seed}, path ${JSON.stringify(details.counterexamplePath)}, after ${details.numRuns} runs`,
    input ? `from ${input.seed.origin} as ${input.seed.path}: ${JSON.stringify(input.text.length > 2000 ? input.text.slice(0, 2000) + '…' : input.text)}` : '',
    String(details.errorInstance),
  ].join('\n');
}
