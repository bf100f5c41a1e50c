// Properties every Kaniko rewrite must have, over every job of the shared GitLab and GitHub Actions
// corpus and generated variants of each file (keys reordered, the job's image moved to default:, its
// services moved into a template it extends or merged from an anchor, CRLF line endings, no final newline): a job is either
// refused with a reason of its own (never the verifier's "could not be verified", which means a
// placement bug) or rewritten so that the output parses, no trigger rule fires on the job, every byte
// outside the job is unchanged, and rewriting the result again is refused as already daemonless.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMap, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { githubActionsModel } from '../../server/src/engine/dialects/github-actions/model.js';
import { gitlabModel } from '../../server/src/engine/dialects/gitlab-ci/model.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { UNVERIFIED } from '../../server/src/engine/rewrite/verify.js';
import type { FileKind, OffsetRange } from '../../server/src/engine/types.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';
import { applyChecked, assertParses, jobLineRange, runRewrite, triggerFindings } from './golden.js';

type System = 'gitlab-ci' | 'github-actions';

interface Variant {
  name: string;
  text: string;
  /** Jobs to rewrite in it (all of them when undefined). */
  jobs?: string[];
}

function jobsOf(system: System, text: string): { name: string; keyRange: OffsetRange; range: OffsetRange }[] {
  const file = new ParsedFile({ path: 'x.yml', text }, system);
  return system === 'gitlab-ci' ? gitlabModel(file).jobs : githubActionsModel(file).jobs;
}

const GITLAB_KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'spec']);

/** The job mappings of a parsed pipeline (GitLab: top-level non-keyword maps; GitHub: under `jobs:`). */
function jobMaps(system: System, doc: ReturnType<typeof parseDocument>): [string, YAMLMap][] {
  const root = system === 'gitlab-ci' ? doc.contents : doc.get('jobs');
  if (!isMap(root)) return [];
  return (root.items as Pair[]).flatMap((p) => {
    const key = String((p.key as { value?: unknown })?.value ?? p.key);
    if (system === 'gitlab-ci' && GITLAB_KEYWORDS.has(key)) return [];
    return isMap(p.value) && !p.value.flow ? [[key, p.value] as [string, YAMLMap]] : [];
  });
}

/** Variants of a pipeline, re-serialised by the yaml library where the structure changes. */
function variants(system: System, text: string): Variant[] {
  const out: Variant[] = [
    { name: 'as written', text },
    { name: 'CRLF', text: text.replace(/\r?\n/g, '\r\n') },
    { name: 'no final newline', text: text.replace(/\s+$/, '') },
  ];
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return out;
  const reordered = doc.clone();
  for (const [, map] of jobMaps(system, reordered)) map.items.reverse();
  out.push({ name: 'keys reordered', text: reordered.toString({ lineWidth: 0 }) });
  if (system !== 'gitlab-ci') return out;
  for (const [name] of jobMaps(system, doc)) {
    const moved = doc.clone();
    const job = jobMaps(system, moved).find(([n]) => n === name)![1];
    if (job.has('image') && !moved.hasIn(['default', 'image']) && !moved.has('image')) {
      moved.setIn(['default', 'image'], job.get('image', true));
      job.delete('image');
      out.push({ name: `image of '${name}' moved to default:`, text: moved.toString({ lineWidth: 0 }), jobs: [name] });
    }
    const templated = doc.clone();
    const own = jobMaps(system, templated).find(([n]) => n === name)![1];
    if (own.has('services') && !own.has('extends') && !templated.has('.property-dind')) {
      templated.set('.property-dind', templated.createNode({ services: own.get('services', true) }));
      own.delete('services');
      own.set('extends', '.property-dind');
      out.push({ name: `services of '${name}' from a template it extends`, text: templated.toString({ lineWidth: 0 }), jobs: [name] });
    }
    const anchored = doc.clone();
    const mine = jobMaps(system, anchored).find(([n]) => n === name)![1];
    if (mine.has('services') && !mine.has('<<') && !anchored.has('.property-anchor')) {
      const shared = anchored.createNode({ services: mine.get('services', true) });
      shared.anchor = 'dind';
      // The anchor must come before its alias: the template goes right before the job.
      const root = anchored.contents as YAMLMap;
      const at = (root.items as Pair[]).findIndex((p) => p.value === mine);
      root.items.splice(at, 0, anchored.createPair('.property-anchor', shared));
      mine.delete('services');
      mine.items.unshift(anchored.createPair('<<', anchored.createAlias(shared)));
      out.push({ name: `services of '${name}' merged from an anchor`, text: anchored.toString({ lineWidth: 0 }), jobs: [name] });
    }
  }
  return out;
}

function checkJob(system: System, label: string, input: string, job: string): 'rewritten' | 'refused' {
  const target = { system, job } as const;
  const outcome = runRewrite({ inputName: label, input, target, options: {} }, system as FileKind);
  if (outcome.type === 'refusal') {
    assert.ok(!outcome.reason.startsWith(UNVERIFIED), `${label} '${job}': the placement produced an unverifiable rewrite: ${outcome.reason}`);
    assert.ok(outcome.reason.trim().length > 20, `${label} '${job}': a refusal explains itself`);
    return 'refused';
  }
  const output = applyChecked(input, outcome.edits);
  assertParses(output, `${label} '${job}'`);
  const before = jobLineRange(input, jobsOf(system, input).find((j) => j.name === job))!;
  const after = jobLineRange(output, jobsOf(system, output).find((j) => j.name === job));
  assert.ok(after, `${label} '${job}': the job is missing from the output`);
  assert.equal(output.slice(0, before.start), input.slice(0, before.start), `${label} '${job}': text before the job changed`);
  assert.equal(output.slice(output.length - (input.length - before.end)), input.slice(before.end), `${label} '${job}': text after the job changed`);
  assert.deepEqual(triggerFindings(label, system, output, after), [], `${label} '${job}': trigger rules still fire on the rewritten job`);
  const again = runRewrite({ inputName: label, input: output, target, options: {} }, system as FileKind);
  assert.equal(again.type, 'refusal', `${label} '${job}': a second rewrite should be refused`);
  if (again.type === 'refusal') assert.match(again.reason, /already/i, `${label} '${job}': the second run says the job is already daemonless`);
  return 'rewritten';
}

/** The seeds: the shared corpus files, and the golden cases' inputs (the shapes that once broke). */
function seeds(dir: string, goldens: string): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  if (sharedSkip('corpus') === false) {
    const root = sharedDir('corpus', dir);
    for (const f of readdirSync(root).filter((f) => /\.ya?ml$/.test(f)).sort()) out.push({ label: `corpus ${dir}/${f}`, text: readFileSync(join(root, f), 'utf8') });
  }
  const golden = join(__dirname, goldens);
  for (const c of readdirSync(golden).sort()) {
    const input = readdirSync(join(golden, c)).find((f) => f.startsWith('input.'));
    if (input) out.push({ label: `${goldens}/${c}`, text: readFileSync(join(golden, c, input), 'utf8') });
  }
  return out;
}

for (const [system, dir, goldens] of [['gitlab-ci', 'gitlab', 'kaniko-gitlab'], ['github-actions', 'github-actions', 'kaniko-github-actions']] as const) {
  test(`every job of corpus ${dir}/ and the ${goldens} inputs, and their variants, is rewritten soundly or refused`, () => {
    const tally = { rewritten: 0, refused: 0 };
    for (const seed of seeds(dir, goldens)) {
      for (const v of variants(system, seed.text)) {
        const jobs = v.jobs ?? jobsOf(system, v.text).map((j) => j.name);
        for (const job of jobs) tally[checkJob(system, `${seed.label} (${v.name})`, v.text, job)]++;
      }
    }
    // Many of these jobs can be converted: the properties are not checked on refusals alone. Without the
    // shared corpus only the golden inputs seed the variants, so fewer rewrites are expected.
    const floor = sharedSkip('corpus') === false ? 20 : 10;
    assert.ok(tally.rewritten >= floor, `only ${tally.rewritten} rewrites over the variants (expected at least ${floor})`);
  });
}
