// spliceYaml must give exactly what a whole parse gives (every node's type, range, value, tag and
// anchor, and the document's ranges), or decline. Checked on hand-picked edits, then on chains of
// random edits of every YAML file of the corpus (CI files of each system, Kubernetes, Tekton), where
// every version's findings must also equal those of a whole-file lint.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { classify } from '../../server/src/engine/classify.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { isAlias, isMap, isPair, isScalar, isSeq, parseYaml, type ParsedYaml } from '../../server/src/engine/parse/yaml.js';
import { spliceYaml } from '../../server/src/engine/parse/yaml-splice.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';
import { random } from '../support/random.js';

const CORPUS = sharedDir('corpus');
const corpusSkip = sharedSkip('corpus');

/** Everything about a node that the models and rules can read, as plain data. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return node ?? null;
  if (isPair(node)) return ['pair', shape(node.key), shape(node.value)];
  if (isAlias(node)) return ['alias', node.source, node.range];
  if (isScalar(node)) return ['scalar', node.value, node.type, node.tag ?? null, node.anchor ?? null, node.range];
  if (isMap(node) || isSeq(node)) {
    return [isMap(node) ? 'map' : 'seq', node.flow ?? false, node.tag ?? null, node.anchor ?? null, node.range, node.items.map(shape)];
  }
  return ['other', String(node)];
}

function yamlShape(yaml: ParsedYaml): unknown {
  return {
    errors: yaml.errors.length,
    documents: yaml.documents.map((d) => ({ range: d.range, contents: shape(d.contents) })),
  };
}

/** Asserts that the splice of `text` onto the base is exact, or declined; returns the next base. */
function step(base: { text: string; yaml: ParsedYaml }, text: string, what: string): { next: { text: string; yaml: ParsedYaml }; spliced: boolean } {
  // Any share may be re-parsed here: the corpus files are small, and this checks exactness, not speed.
  const spliced = spliceYaml(base, text, 1);
  const whole = parseYaml(text);
  if (spliced) assert.deepEqual(yamlShape(spliced), yamlShape(whole), `splice differs from a whole parse after ${what}`);
  return { next: { text, yaml: spliced ?? whole }, spliced: spliced !== undefined };
}

const BASE = [
  '# pipeline',
  'stages: [build, test]',
  'variables:',
  '  DOCKER_DRIVER: overlay2',
  '.defaults: &defaults',
  '  image: docker:27',
  '  services:',
  '    - docker:27-dind',
  'build:',
  '  <<: *defaults',
  '  script:',
  '    - docker build -t app .',
  '    - |',
  '      echo done',
  '',
  'test:',
  '  extends: .defaults',
  '  script: make test # trailing',
  '# end',
  '',
].join('\n');

const at = (text: string, needle: string, offset = 0) => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i + offset;
};
const insert = (text: string, offset: number, s: string) => text.slice(0, offset) + s + text.slice(offset);
const remove = (text: string, start: number, end: number) => text.slice(0, start) + text.slice(end);

const cases: { name: string; edit: (t: string) => string; spliced: boolean }[] = [
  { name: 'a character inside a job', edit: (t) => insert(t, at(t, 'make test'), 'x'), spliced: true },
  { name: 'a new script line', edit: (t) => insert(t, at(t, '    - |'), '    - echo hi\n'), spliced: true },
  { name: 'a new top-level job after the last', edit: (t) => t + 'lint:\n  script: lint\n', spliced: true },
  { name: 'a new job typed at the start of a job line', edit: (t) => insert(t, at(t, 'test:'), 'new: 1\n'), spliced: true },
  { name: 'an anchor renamed', edit: (t) => t.replace('&defaults', '&base'), spliced: true },
  { name: 'a job key renamed', edit: (t) => t.replace('build:\n', 'build-app:\n'), spliced: true },
  { name: 'the first key edited', edit: (t) => t.replace('stages: [build, test]', 'stages: [build]'), spliced: true },
  { name: 'an edit in the leading comment', edit: (t) => t.replace('# pipeline', '# the pipeline'), spliced: false },
  { name: 'an indented line typed at a job start (re-parsed with the job before, which it joins)', edit: (t) => insert(t, at(t, 'test:'), '  more: 1\n'), spliced: true },
  { name: 'the newline before a job deleted (the job joins the line before)', edit: (t) => remove(t, at(t, 'build:') - 1, at(t, 'build:')), spliced: false },
  { name: 'a blank line before a job deleted', edit: (t) => remove(t, at(t, 'test:') - 1, at(t, 'test:')), spliced: true },
  { name: 'an unclosed quote', edit: (t) => insert(t, at(t, 'make test'), '"'), spliced: false },
  { name: 'an unclosed flow sequence', edit: (t) => t.replace('[build, test]', '[build, test'), spliced: false },
  { name: 'a document marker', edit: (t) => insert(t, at(t, 'test:'), '---\n'), spliced: false },
  { name: 'a key indented to column 1', edit: (t) => insert(t, at(t, 'test:'), ' '), spliced: false },
  { name: 'a whole job deleted', edit: (t) => remove(t, at(t, 'test:'), at(t, '# end')), spliced: true },
  { name: 'every job deleted', edit: (t) => remove(t, at(t, 'stages:'), t.length), spliced: false },
];

for (const c of cases) {
  test(`spliceYaml: ${c.name} → ${c.spliced ? 'spliced' : 'whole parse'}`, () => {
    const text = c.edit(BASE);
    assert.notEqual(text, BASE);
    const { spliced } = step({ text: BASE, yaml: parseYaml(BASE) }, text, c.name);
    assert.equal(spliced, c.spliced);
  });
}

const WORKFLOW = [
  'name: build',
  'on: [push]',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    services:',
  '      docker:',
  '        image: docker:27-dind',
  '        options: --privileged',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - run: docker build .',
  '  # between jobs',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: make test',
  'env:',
  '  A: b',
  '',
].join('\n');

const nestedCases: { name: string; edit: (t: string) => string; spliced: boolean }[] = [
  { name: 'a character in one job of `jobs:`', edit: (t) => insert(t, at(t, 'ubuntu-latest'), 'x'), spliced: true },
  { name: 'a service option edited', edit: (t) => t.replace('--privileged', '--privileged=false'), spliced: true },
  { name: 'a step added to the last job', edit: (t) => insert(t, at(t, 'env:'), '      - run: make lint\n'), spliced: true },
  { name: 'a job key renamed', edit: (t) => t.replace('  test:', '  tests:'), spliced: true },
  { name: 'a comment above a job indented further (it joins the job before)', edit: (t) => t.replace('  # between jobs', '      # between jobs'), spliced: true },
  { name: 'a job line dedented to the top level', edit: (t) => t.replace('  test:\n', 'test:\n'), spliced: true },
  { name: 'a nested key indented out of line', edit: (t) => t.replace('    runs-on: ubuntu-latest\n    steps:\n      - run: make', '    runs-on: ubuntu-latest\n     steps:\n      - run: make'), spliced: false },
];

for (const c of nestedCases) {
  test(`spliceYaml (nested): ${c.name} → ${c.spliced ? 'spliced' : 'whole parse'}`, () => {
    const text = c.edit(WORKFLOW);
    assert.notEqual(text, WORKFLOW);
    const { spliced } = step({ text: WORKFLOW, yaml: parseYaml(WORKFLOW) }, text, c.name);
    assert.equal(spliced, c.spliced);
  });
}

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: builder',
  'spec:',
  '  containers:',
  '  - name: build',
  '    image: docker:27',
  '    args: ["build"]',
  '  - name: dind',
  '    image: docker:27-dind',
  '    securityContext:',
  '      privileged: true',
  '  volumes:',
  '  - name: sock',
  '    hostPath:',
  '      path: /var/run/docker.sock',
  '',
].join('\n');

const sequenceCases: { name: string; edit: (t: string) => string; spliced: boolean }[] = [
  { name: 'a character in a container', edit: (t) => insert(t, at(t, 'docker:27-dind'), 'x'), spliced: true },
  { name: 'privileged turned off', edit: (t) => t.replace('privileged: true', 'privileged: false'), spliced: true },
  { name: 'a container added', edit: (t) => insert(t, at(t, '  volumes:'), '  - name: more\n    image: alpine\n'), spliced: true },
  { name: "a container's first key edited (its dash line)", edit: (t) => t.replace('- name: dind', '- name: dind2'), spliced: true },
  { name: 'a bare dash typed in a container (its last keys become a new item)', edit: (t) => insert(t, at(t, '    securityContext:'), '  -\n'), spliced: true },
  { name: 'a dash typed at column 0 inside the pod spec', edit: (t) => insert(t, at(t, '    securityContext:'), '-\n'), spliced: false },
  { name: 'a nested item indented out of line', edit: (t) => t.replace('  - name: sock', '   - name: sock'), spliced: false },
];

for (const c of sequenceCases) {
  test(`spliceYaml (sequences): ${c.name} → ${c.spliced ? 'spliced' : 'whole parse'}`, () => {
    const text = c.edit(POD);
    assert.notEqual(text, POD);
    const { spliced } = step({ text: POD, yaml: parseYaml(POD) }, text, c.name);
    assert.equal(spliced, c.spliced);
  });
}

test('spliceYaml: deeply nested mappings are spliced exactly, and a line leaving them falls back', () => {
  const lines: string[] = [];
  for (let depth = 0; depth < 300; depth++) lines.push(`${' '.repeat(depth)}k${depth}:`);
  lines.push(`${' '.repeat(300)}leaf: value`, 'after: 1', '');
  const deep = lines.join('\n');
  const typed = deep.replace('leaf: value', 'leaf: values');
  assert.equal(step({ text: deep, yaml: parseYaml(deep) }, typed, 'a character typed in the deepest value').spliced, true);
  const dedented = deep.replace(`${' '.repeat(300)}leaf: value`, `${' '.repeat(150)}leaf: value`);
  step({ text: deep, yaml: parseYaml(deep) }, dedented, 'the deepest line dedented to the middle');
});

test('spliceYaml: a base with syntax errors is never spliced', () => {
  const broken = BASE.replace('[build, test]', '[build, test');
  assert.equal(spliceYaml({ text: broken, yaml: parseYaml(broken) }, broken.replace('make test', 'make tests')), undefined);
});

test('spliceYaml: the same text returns the base parse', () => {
  const yaml = parseYaml(BASE);
  assert.equal(spliceYaml({ text: BASE, yaml }, BASE), yaml);
});

const TYPED = ['a', 'x', ' ', ' ', '\n', '\n  ', ':', ': ', '-', '- ', '#', '&', '*', '"', "'", '|', '>', '[', ']', '{', '}', ',', '<<: *', 'docker', '!reference [a, b]'];

function randomEdit(text: string, rnd: () => number): { text: string; what: string } {
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const r = rnd();
  // Half of the edits land at a line start, where the column-0 structure can change.
  const offset = r < 0.5 ? pick(lineStarts) : Math.floor(rnd() * (text.length + 1));
  const op = rnd();
  if (op < 0.55) {
    const s = pick(TYPED);
    return { text: insert(text, offset, s), what: `insert ${JSON.stringify(s)} at ${offset}` };
  }
  if (op < 0.85) {
    const end = Math.min(text.length, offset + 1 + Math.floor(rnd() * 3));
    return { text: remove(text, offset, end), what: `delete [${offset}, ${end})` };
  }
  // Paste a copy of another line (a job key, a script line) here.
  const from = pick(lineStarts);
  const end = text.indexOf('\n', from);
  const line = text.slice(from, end < 0 ? text.length : end + 1);
  return { text: insert(text, offset, line), what: `paste ${JSON.stringify(line)} at ${offset}` };
}

// Every YAML file of the corpus; the CI and Kubernetes kinds are linted as well.
const corpusFiles = corpusSkip ? [] : ['gitlab', 'github-actions', 'kubernetes', 'tekton', 'azure-pipelines', 'bitbucket', 'circleci', 'drone'].flatMap((dir) =>
  readdirSync(join(CORPUS, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => ({ path: `${dir}/${name}`, text: readFileSync(join(CORPUS, dir, name), 'utf8') })),
);

/** The path a corpus file is linted under, so that it is classified as its kind. */
function lintPath(corpusPath: string): string {
  if (corpusPath.startsWith('gitlab/')) return '.gitlab-ci.yml';
  if (corpusPath.startsWith('github-actions/')) return '.github/workflows/x.yml';
  return corpusPath;
}

test('spliceYaml: random edit chains on the corpus match a whole parse and a whole-file lint at every version', { skip: corpusSkip }, () => {
  assert.ok(corpusFiles.length >= 20, 'corpus files found');
  let splicedCount = 0;
  let versions = 0;
  for (const [index, file] of corpusFiles.entries()) {
    // SPLICE_SEED replays other chains (e.g. to hunt a failure); CI uses the fixed seed.
    const rnd = random(Number(process.env.SPLICE_SEED ?? 1337) + index);
    let base = { text: file.text, yaml: parseYaml(file.text) };
    const path = lintPath(file.path);
    for (let n = 0; n < 120; n++) {
      const { text, what } = randomEdit(base.text, rnd);
      const result = step(base, text, `${file.path} edit ${n}: ${what}`);
      versions++;
      if (result.spliced) {
        splicedCount++;
        const viaSplice = lintFile(new ParsedFile({ path, text }, classify(path, text), result.next.yaml)).findings;
        const whole = lintFile({ path, text }).findings;
        assert.deepEqual(
          viaSplice.map(({ fix: _fix, ...f }) => f),
          whole.map(({ fix: _fix, ...f }) => f),
          `${file.path} edit ${n}: findings differ`,
        );
      }
      // A version with syntax errors is checked but not built on (no splice starts from one), so the
      // chain goes on from the last version that parsed cleanly.
      if (result.spliced || result.next.yaml.errors.length === 0) base = result.next;
    }
  }
  // The chains must exercise the splice, not only the fallback.
  assert.ok(splicedCount > versions * 0.15, `spliced ${splicedCount} of ${versions} versions`);
});
