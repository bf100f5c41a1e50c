// GitLab CI placement of the rewrite: edits one job so it builds with the chosen builder's image and
// command instead of a Docker daemon. The new job text is produced from the job's own source (comments,
// quoting, key order kept) and handed back as minimal line edits; the rest of the file, including
// shared templates and anchors, is never touched: inherited DinD settings are overridden on the job.
import { serviceRunsDaemon, type CiJob, type CiModel, type CiScript, type CiScriptSection } from '../../dialects/ci-model.js';
import { gitlabModel } from '../../dialects/gitlab-ci/model.js';
import type { ParsedFile } from '../../parsed-file.js';
import { isMap, isScalar, isSeq, type Pair, type YamlNode } from '../../parse/yaml.js';
import { applyEdits, editsOverlap } from '../../edits.js';
import type { Edit, FixOutcome, LintOptions } from '../../types.js';
import { intentRefusal, planScripts, type PlannedItem } from '../emit.js';
import { readBuildIntent, type BuildIntent } from '../intent.js';
import type { Builder } from '../builders/builder.js';
import type { Placement } from '../placement.js';
import { combineRefusals, commandRefusal, isRefused, refused, rewriteRefusal, type Refused } from '../refusal.js';
import { DAEMON_VARIABLES } from '../../model/facts/daemon-env.js';
import {
  blockSequence,
  column,
  contentEnd,
  eolOf,
  itemValue,
  keyOf,
  lineEndAfter,
  lineStart,
  mergeInsertions,
  minimalEdits,
  pairContentLines as pairLines,
  rangeOf,
  removePairEdit,
  replaceValueEdit,
  startWithComments,
  yamlScalar,
  type SequenceLayout,
} from '../../parse/yaml-patch.js';

const SECTIONS: CiScriptSection[] = ['before_script', 'script', 'after_script'];

export const gitlabPlacement: Placement<'gitlab-ci'> = {
  system: 'gitlab-ci',
  scope: (target) => ({ kind: 'job', name: target.job }),
  place: (file, target, options, builder) => gitlabRewrite(file, target.job, options, builder),
};

export function gitlabTitle(job: string, builder: Builder): string {
  return `Rewrite job '${job}' to build with ${builder.name}`;
}

interface Layout extends SequenceLayout {
  text: string;
  /** Column of the job's keys. */
  keyIndent: number;
}

function refusal(title: string, subject: string, why: string | Refused): FixOutcome {
  return rewriteRefusal(title, subject, why, { capitalize: true, endings: /[.)]$/ });
}

function detectLayout(text: string, job: CiJob): Layout {
  const eol = eolOf(text);
  const map = job.node;
  const firstKey = isMap(map) && map.items.length > 0 ? rangeOf(map.items[0].key) : undefined;
  const keyIndent = firstKey ? column(text, firstKey[0]) : 2;
  const jobKeyColumn = column(text, job.keyRange.start);
  let step = Math.max(1, keyIndent - jobKeyColumn);
  let indentedSequences = true;
  // Follow how this file nests sequences under keys.
  const sample = /\n( *)[A-Za-z_][\w-]*:[ \t]*\r?\n( *)- /.exec(text);
  if (sample) {
    indentedSequences = sample[2].length > sample[1].length;
    if (indentedSequences) step = sample[2].length - sample[1].length;
  }
  return { text, eol, keyIndent, step: step || 2, indentedSequences };
}

function ownPair(job: CiJob, key: string): Pair | undefined {
  if (!isMap(job.node)) return undefined;
  return (job.node.items as Pair[]).find((p) => keyOf(p) === key);
}

function ownPairIn(map: { items: unknown[] }, key: string): Pair | undefined {
  return (map.items as Pair[]).find((p) => keyOf(p) === key);
}

function duplicateKey(pairs: Pair[]): string | undefined {
  const seen = new Set<string>();
  for (const p of pairs) {
    const key = keyOf(p);
    if (key === undefined || key === '<<') continue;
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

function isShellRunnerTag(tag: string): boolean {
  return /(^|[-_ /.])shell([-_ /.]|$)/i.test(tag);
}

interface EditPlan {
  edits: Edit[];
}

function replaceValue(plan: EditPlan, text: string, pair: Pair, newValue: string): void {
  plan.edits.push(replaceValueEdit(text, pair, newValue));
}

function removePair(plan: EditPlan, text: string, pair: Pair): void {
  plan.edits.push(removePairEdit(text, pair));
}

function removeLines(plan: EditPlan, _text: string, start: number, end: number): void {
  plan.edits.push({ start, end, text: '' });
}

function insertLines(plan: EditPlan, _text: string, at: number, content: string, _layout: Layout): void {
  plan.edits.push({ start: at, end: at, text: content });
}

/** New pairs go after `extends:`/`stage:` when present, else before the job's first key line. */
function insertionPoint(text: string, job: CiJob, after: string[]): number {
  for (const key of after) {
    const pair = ownPair(job, key);
    if (pair) return pairLines(text, pair).end;
  }
  const map = job.node as { items: Pair[] };
  return lineStart(text, rangeOf(map.items[0].key)![0]);
}

function imageBlock(image: string, layout: Layout): string {
  const inner = ' '.repeat(layout.keyIndent + layout.step);
  return `${layout.eol}${inner}name: ${yamlScalar(image)}${layout.eol}${inner}entrypoint: [""]`;
}

/** Script items of a section as planned, mapped back to the job's own sequence when it has one. */
function editSection(
  plan: EditPlan,
  text: string,
  job: CiJob,
  section: CiScriptSection,
  scripts: CiScript[],
  planned: PlannedItem[],
  layout: Layout,
): Refused | undefined {
  const pair = ownPair(job, section);
  const newValues = planned.map((p) => p.text);
  if (!pair) {
    // Inherited from default:, a template or an anchor: override on this job only.
    const scriptPair = ownPair(job, 'script');
    const pos = section === 'before_script' && scriptPair
      ? startWithComments(text, lineStart(text, rangeOf(scriptPair.key)![0]))
      : insertionPoint(text, job, section === 'before_script' ? ['image', 'stage', 'extends'] : ['before_script', 'image', 'stage', 'extends']);
    const value = newValues.length === 0 ? ' []' : blockSequence(newValues, layout.keyIndent, layout);
    insertLines(plan, text, pos, `${' '.repeat(layout.keyIndent)}${section}:${value}${layout.eol}`, layout);
    return undefined;
  }
  const seq = pair.value;
  if (!isSeq(seq) || seq.flow) {
    const value = newValues.length === 0 ? ' []' : blockSequence(newValues, layout.keyIndent, layout);
    replaceValue(plan, text, pair, value);
    return undefined;
  }
  // Map flattened script indexes to the own sequence's items; a changed item must be a plain entry.
  const owners: number[] = [];
  seq.items.forEach((item, top) => {
    const r = rangeOf(item);
    for (let f = 0; f < scripts.length; f++) {
      const s = scripts[f].node as unknown;
      if (s === item) owners[f] = top;
      else if (r && rangeOf(s) && rangeOf(s)![0] >= r[0] && rangeOf(s)![1] <= r[1]) owners[f] ??= top;
    }
  });
  const editsBefore = plan.edits.length;
  const kept = new Map<number, PlannedItem>();
  const inserts = new Map<number, string[]>();
  let lastTop = -1;
  for (const p of planned) {
    if (p.source !== undefined) {
      const top = owners[p.source];
      if (top === undefined) return refused(`the ${section} uses lines from a YAML alias or !reference written outside the job, and the rewrite does not edit shared lines; inline those lines in the job (or rewrite where they are defined), then rewrite`);
      if (p.changed && seq.items[top] !== scripts[p.source].node) return refused(`the docker commands in ${section} are in a nested list (- - …), an alias or a !reference; write them as plain items of the job's own ${section} list, then rewrite`);
      kept.set(p.source, p);
      lastTop = top;
    } else {
      if (p.after !== undefined) lastTop = owners[p.after] ?? lastTop;
      const list = inserts.get(lastTop) ?? [];
      list.push(p.text);
      inserts.set(lastTop, list);
    }
  }
  const dashColumn = (item: unknown): number => {
    // The item's own dash: a nested list item starts at its inner dash, so look before it.
    const start = rangeOf(item)![0];
    const dash = text.lastIndexOf('-', start - 1);
    return column(text, dash);
  };
  const firstDash = seq.items.length > 0 ? dashColumn(seq.items[0]) : layout.keyIndent + layout.step;
  const itemLine = (value: string, dash: number) => `${' '.repeat(dash)}- ${itemValue(value, dash, layout)}${layout.eol}`;
  const insertAt = (top: number): number => {
    if (top < 0) return lineStart(text, text.lastIndexOf('-', rangeOf(seq.items[0])![0]));
    const item = seq.items[top];
    return lineEndAfter(text, contentEnd(item));
  };
  let survivors = 0;
  let nestedProblem: Refused | undefined;
  seq.items.forEach((item, top) => {
    const flat = scripts.map((s, f) => (owners[f] === top ? f : -1)).filter((f) => f >= 0);
    const all = flat.length > 0 && flat.every((f) => kept.has(f));
    // One item holding several lines (`- - a`, `- [a, b]`) goes as a whole: only when none of them stays.
    if (flat.length > 1 && !all && flat.some((f) => kept.has(f))) nestedProblem ??= refused(`the docker commands in ${section} share a nested list (- - …) or flow list ([a, b]) item with other commands; write them as plain items of the job's own ${section} list, then rewrite`);
    if (flat.length === 0 || all) {
      survivors++;
      if (flat.length === 1) {
        const p = kept.get(flat[0])!;
        if (p.changed) {
          const r = rangeOf(item)!;
          const dash = dashColumn(item);
          const value = itemValue(p.text, dash, layout);
          // A block scalar's range ends after its newline: keep that newline.
          let end = r[1];
          if (text[end - 1] === '\n') end -= text[end - 2] === '\r' ? 2 : 1;
          plan.edits.push({ start: r[0], end, text: value });
        }
      }
    } else {
      const dashAt = text.lastIndexOf('-', rangeOf(item)![0]);
      removeLines(plan, text, lineStart(text, dashAt), lineEndAfter(text, contentEnd(item)));
    }
  });
  if (nestedProblem) return nestedProblem;
  for (const [top, values] of inserts) {
    const at = insertAt(top);
    const dash = top < 0 ? firstDash : dashColumn(seq.items[top]);
    insertLines(plan, text, at, values.map((v) => itemLine(v, dash)).join(''), layout);
  }
  if (survivors === 0 && inserts.size === 0) {
    // Every item went: keep the key with an empty list rather than an invalid empty value.
    plan.edits.length = editsBefore;
    replaceValue(plan, text, pair, ' []');
  }
  return undefined;
}

function jobSections(job: CiJob): { name: CiScriptSection; scripts: CiScript[] }[] {
  return SECTIONS.map((name) => ({ name, scripts: job.scripts.filter((s) => s.section === name) }));
}

/** The build intent of the job's scripts, with the variables the file defines for it. */
function readJobIntent(job: CiJob, model: CiModel): BuildIntent {
  const variables = new Map<string, string>();
  for (const v of [...job.variables, ...model.variables]) if (v.value !== undefined && !variables.has(v.name)) variables.set(v.name, v.value);
  return readBuildIntent(jobSections(job).map((s) => ({ name: s.name, items: s.scripts.map((x) => x.text) })), variables);
}

export function gitlabRewrite(file: ParsedFile, jobName: string, options: LintOptions, builder: Builder): FixOutcome {
  const refuse = (why: string | Refused) => refusal(gitlabTitle(jobName, builder), `job '${jobName}'`, why);
  const original = file.text;
  // Edits are planned on the text with a final newline; a missing one is restored at the end.
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const addedEol = original.length > 0 && !original.endsWith('\n') ? eol : '';
  const text = original + addedEol;
  const model = gitlabModel(file);
  const job = model.jobs.find((j) => j.name === jobName);
  if (!job) {
    if (file.yaml.errors.length > 0) return refuse(`the file is not valid YAML (${file.yaml.errors[0].message}); fix the syntax error first`);
    return refuse(`there is no job '${jobName}' in this file`);
  }
  if (job.doc.errors.length > 0) return refuse(`the file is not valid YAML (${job.doc.errors[0].message.split('\n')[0]}); fix the syntax error first`);
  if (!isMap(job.node) || job.node.flow || job.node.items.length === 0) return refuse('the job is written as a flow mapping ({ … }); write it as a block mapping first');
  const duplicate = duplicateKey(job.node.items as Pair[]);
  if (duplicate !== undefined) {
    return refuse(`the job has the key '${duplicate}' twice (GitLab reads the last one, an edit could land on the other); remove the duplicate, then rewrite`);
  }
  // A template the file lacks hides part of the job; what the visible part already rules out is listed too, and may be more decisive.
  const missingTemplate = (reason: string) => {
    const blockers = builder.blockersOf(readJobIntent(job, model));
    return refuse(blockers.length > 0 ? combineRefusals(refused(reason), commandRefusal(blockers)) : reason);
  };
  if (job.extendsUnresolved.length > 0) {
    return missingTemplate(`the job extends ${job.extendsUnresolved.map((e) => `'${e}'`).join(', ')}, which is not defined in this file${model.hasIncludes ? ' (it probably comes from an include:)' : ''}. Rewrite the job where that template is defined, or copy the template into this file first`);
  }
  if (job.referencesUnresolved.length > 0) {
    return missingTemplate(`the job uses !reference [${job.referencesUnresolved[0]}], which is not defined in this file; the rewrite cannot see those script lines`);
  }
  if (job.image && builder.isOwnImage(job.image.name)) return refuse(`the job already builds with ${builder.name} (${job.image.name})`);
  const shellTag = job.tags.find((t) => isShellRunnerTag(t.value));
  if (shellTag && !job.image) {
    return refuse(`the job runs on a shell runner (tag '${shellTag.value}') without an image, so it uses the host's Docker daemon. ${builder.name} needs a Docker or Kubernetes executor: move the job to such a runner and give it an image, then rewrite`);
  }
  const testcontainers = job.variables.find((v) => /^TESTCONTAINERS_/.test(v.name));
  if (testcontainers) return refuse(`the job configures Testcontainers (${testcontainers.name}), which starts containers through a Docker daemon. Split the build into its own job, then rewrite that job`);
  const image = builder.image(options);
  if (isRefused(image)) return refuse(image.refused);

  const sections = jobSections(job);
  const intent = readJobIntent(job, model);
  const why = intentRefusal(intent, builder);
  if (why) return refuse(why);
  const planned = planScripts(intent, { workspace: '$CI_PROJECT_DIR' }, builder);

  const layout = detectLayout(text, job);
  const plan: EditPlan = { edits: [] };

  // image
  const imagePair = ownPair(job, 'image');
  if (imagePair && isMap(imagePair.value) && !imagePair.value.flow && ownPairIn(imagePair.value, 'name')) {
    // `image:` as a map: its other keys (pull_policy, docker: platform) stay; name and entrypoint change.
    const pairs = imagePair.value.items as Pair[];
    const name = ownPairIn(imagePair.value, 'name')!;
    replaceValue(plan, text, name, ` ${yamlScalar(image.image)}`);
    const entrypoint = ownPairIn(imagePair.value, 'entrypoint');
    if (entrypoint) replaceValue(plan, text, entrypoint, ' [""]');
    else insertLines(plan, text, pairLines(text, name).end, `${' '.repeat(column(text, rangeOf(name.key)![0]))}entrypoint: [""]${layout.eol}`, layout);
    if (new Set(pairs.map(keyOf)).size !== pairs.length) return refuse('the job\'s image: has a key twice; remove the duplicate, then rewrite');
  } else if (imagePair) replaceValue(plan, text, imagePair, imageBlock(image.image, layout));
  else {
    const at = insertionPoint(text, job, ['extends', 'stage']);
    insertLines(plan, text, at, `${' '.repeat(layout.keyIndent)}image:${imageBlock(image.image, layout)}${layout.eol}`, layout);
  }

  // services
  const dind = job.services.filter(serviceRunsDaemon);
  const others = job.services.filter((s) => !serviceRunsDaemon(s));
  const servicesPair = ownPair(job, 'services');
  const mayInherit = job.extends.length > 0 || (job.node.items as Pair[]).some((p) => keyOf(p) === '<<') || model.defaultServices.length > 0;
  if (servicesPair && dind.some((s) => s.inheritedFrom === undefined)) {
    const seq = servicesPair.value;
    if (others.length === 0) {
      if (mayInherit) replaceValue(plan, text, servicesPair, ' []');
      else removePair(plan, text, servicesPair);
    } else if (isSeq(seq) && !seq.flow) {
      for (const item of seq.items) {
        const service = dind.find((s) => s.node === item);
        if (!service) continue;
        const dashAt = text.lastIndexOf('-', rangeOf(item)![0]);
        removeLines(plan, text, lineStart(text, dashAt), lineEndAfter(text, contentEnd(item)));
      }
    } else if (isSeq(seq) && seq.flow) {
      // `services: [docker:dind, {name: redis, alias: cache}]`: the other entries as written.
      const kept = seq.items.filter((item) => !dind.some((s) => s.node === item)).map((item) => {
        const r = rangeOf(item)!;
        return text.slice(r[0], r[1]).trim();
      });
      replaceValue(plan, text, servicesPair, ` [${kept.join(', ')}]`);
    } else {
      return refuse('the job\'s services mix the Docker daemon with other services in a form the rewrite cannot edit; remove the docker:dind service by hand');
    }
  } else if (dind.length > 0) {
    if (others.length > 0) {
      if (others.some((s) => !isScalar(s.node))) return refuse(`the job inherits the Docker daemon service from ${dind[0].inheritedFrom} together with other services; add services: without docker:dind to the job by hand`);
      const list = ` [${others.map((s) => yamlScalar(s.image)).join(', ')}]`;
      if (servicesPair) replaceValue(plan, text, servicesPair, list);
      else pushAfterImage(plan, text, job, layout, `services:${list}`);
    } else if (servicesPair) {
      replaceValue(plan, text, servicesPair, ' []');
    } else {
      pushAfterImage(plan, text, job, layout, 'services: []');
    }
  }

  // variables
  const variablesPair = ownPair(job, 'variables');
  if (variablesPair && isMap(variablesPair.value)) {
    const vars = variablesPair.value.items as Pair[];
    const drop = vars.filter((p) => DAEMON_VARIABLES.has(keyOf(p) ?? ''));
    if (drop.length > 0) {
      if (drop.length === vars.length) removePair(plan, text, variablesPair);
      else if (variablesPair.value.flow) {
        const keep = vars.filter((p) => !drop.includes(p)).map((p) => text.slice(rangeOf(p.key)![0], contentEnd(p.value ?? p.key)));
        replaceValue(plan, text, variablesPair, ` { ${keep.join(', ')} }`);
      } else for (const p of drop) removePair(plan, text, p);
    }
  }

  // scripts
  for (const section of sections) {
    const plannedSection = planned.find((p) => p.name === section.name)!;
    if (!plannedSection.changed) continue;
    const problem = editSection(plan, text, job, section.name, section.scripts, plannedSection.items, layout);
    if (problem) return refuse(problem);
  }

  const jobEdits = foldInsertions(mergeInsertions(plan.edits));
  if (editsOverlap(jobEdits)) return refuse('the job is laid out in a way the rewrite cannot edit without overlapping changes; rewrite it by hand');
  let updated = applyEdits(text, jobEdits);
  if (addedEol) {
    if (!updated.endsWith(addedEol)) return refuse('the rewrite could not keep the file\'s missing final newline; rewrite it by hand');
    updated = updated.slice(0, updated.length - addedEol.length);
  }
  const jobStart = lineStart(original, job.keyRange.start);
  const tail = Math.max(0, original.length - lineEndAfter(original, contentEnd(job.node)));
  const edits = minimalEdits(original.slice(jobStart, original.length - tail), updated.slice(jobStart, updated.length - tail), jobStart);
  const notes = builder.notesFor(intent);
  return { type: 'fix', kind: 'rewrite', title: gitlabTitle(jobName, builder), edits, ...(notes.length > 0 ? { notes } : {}) };
}

/**
 * An insertion where a replaced range starts goes in front of that replacement: applied separately,
 * the replacement would cut into the inserted text (an image line inserted where `services:` is removed).
 */
function foldInsertions(edits: Edit[]): Edit[] {
  const ranges = edits.filter((e) => e.end > e.start);
  return edits.flatMap((e) => {
    if (e.end > e.start) return [e];
    const at = ranges.find((r) => r.start === e.start);
    if (!at) return [e];
    at.text = e.text + at.text;
    return [];
  });
}

function pushAfterImage(plan: EditPlan, text: string, job: CiJob, layout: Layout, line: string): void {
  const imagePair = ownPair(job, 'image');
  const at = imagePair ? pairLines(text, imagePair).end : insertionPoint(text, job, ['extends', 'stage']);
  const existing = plan.edits.find((e) => e.start === at && e.end === at);
  const add = `${' '.repeat(layout.keyIndent)}${line}${layout.eol}`;
  if (existing) existing.text += add;
  else insertLines(plan, text, at, add, layout);
}

export type { YamlNode };
