// GitHub Actions placement of the rewrite. The job's docker build/push steps (run steps or
// docker/build-push-action) become one container step running the builder's image: container
// steps run as their own pod on self-hosted runners in Kubernetes mode (ARC `containerMode:
// kubernetes`), so the job needs neither a Docker daemon nor a privileged runner. A hosted runner
// has its own daemon; the rewrite is for runners without one. Values from `${{ }}` expressions
// reach the script through step `env:` entries (copied inputs, or expressions moved out of run
// scripts), never inlined: GitHub substitutes them before the shell runs.
import { isRuntimeSocketPath } from '../../model/container-facts.js';
import { githubActionsModel } from '../../dialects/github-actions/model.js';
import { optionWordSpans, parseContainerArgs } from '../../model/facts/container-args.js';
import type { ShellWord } from '../../parse/shell/tokens.js';
import { serviceRunsDaemon, type CiJob, type CiScalar, type CiStep } from '../../dialects/ci-model.js';
import type { ParsedFile } from '../../parsed-file.js';
import { isMap, isScalar, isSeq, type Pair } from '../../parse/yaml.js';
import type { Edit, FixOutcome, LintOptions } from '../../types.js';
import { DAEMON_VARIABLES } from '../../model/facts/daemon-env.js';
import { intentRefusal, planScripts } from '../emit.js';
import { shellCommand, type Builder, type BuildOption } from '../builders/builder.js';
import type { Placement } from '../placement.js';
import { commandRefusal, isRefused, refused, rewriteRefusal, type Refused } from '../refusal.js';
import { expressionEnd, moveExpressions } from '../expression-env.js';
import {
  cacheDroppedNote,
  cacheRepository,
  DOCKER_HUB_KEY,
  expandEnvExpressions,
  logicalLines,
  readBuildIntent,
  registryKey,
  runtimeExpression,
  runtimeRegistryNote,
  type BuildIntent,
  type FileVariables,
  type Login,
  type Word,
} from '../intent.js';
import {
  blockScalar,
  column,
  commentLines,
  deleteItemEdit,
  eolOf,
  keyOf,
  lineEndAfter,
  normalizeEdits,
  onDashLine,
  pairLines,
  pairNamed,
  rangeOf,
  shellWord,
  trimmedEnd,
  yamlString,
} from '../../parse/yaml-patch.js';

const RUNNERS = 'self-hosted/Kubernetes runners without privileged mode';

/** The env entry holding the step's script. */
function scriptVariable(builder: Builder): string {
  return `${builder.envPrefix}SCRIPT`;
}

/** The container step's args: passed through the runner's argument splitting (docker CLI or the Kubernetes container hook) intact. */
function stepArgs(builder: Builder): string {
  return `-ec "eval \\"$${scriptVariable(builder)}\\""`;
}

export const githubActionsPlacement: Placement<'github-actions'> = {
  system: 'github-actions',
  scope: (target) => ({ kind: 'job', name: target.job }),
  place: (file, target, options, builder) => githubActionsRewrite(file, target.job, options, builder),
};

export function githubActionsTitle(job: string, builder: Builder): string {
  // Short, as the other dialects' titles: the runners it is for are said in the comment on the step's uses: line.
  return `Rewrite job '${job}' to build with ${builder.name}`;
}

/** `endings` decides whether a full stop is added to the last reason: by default never. */
function refusal(job: string, builder: Builder, why: string | Refused, endings = /(?:)/): FixOutcome {
  return rewriteRefusal(githubActionsTitle(job, builder), `job '${job}'`, why, { capitalize: false, endings });
}

/** A `uses:` reference without its version: `docker/build-push-action@v5` → `docker/build-push-action`. */
function actionName(step: CiStep): string | undefined {
  const uses = step.uses?.value;
  if (uses === undefined) return undefined;
  return uses.replace(/@.*$/, '').toLowerCase();
}


interface EnvEntry {
  name: string;
  /** The value's YAML source text (a copied input node, or a generated scalar). */
  value: string;
}

/** What the new step gets: env entries in order, and the shell script it runs. */
interface StepPlan {
  env: EnvEntry[];
  script: string[];
  notes: string[];
}

class Rewriter {
  readonly text: string;
  readonly eol: string;
  readonly edits: Edit[] = [];
  readonly env: EnvEntry[] = [];
  readonly notes: string[] = [];
  /** The env the rewritten step sees (set once the step is chosen). */
  variables: FileVariables = new Map();

  constructor(
    readonly file: ParsedFile,
    readonly job: CiJob,
    readonly image: string,
    readonly builder: Builder,
  ) {
    this.text = file.text;
    this.eol = eolOf(this.text);
  }

  /** The YAML source of an input's value, as written (block scalars keep their indicator). */
  source(scalar: CiScalar): string {
    const start = rangeOf(scalar.node)![0];
    return this.text.slice(start, trimmedEnd(this.text, scalar.node));
  }

  /** The env name for a value passed to the build: the builder's prefix, then `what`. */
  envName(what: string): string {
    return this.builder.envPrefix + what;
  }

  /** An env entry (named by `envName(what)`) holding the input's value; returns the shell reference to it. */
  envFrom(what: string, scalar: CiScalar): string {
    const name = this.envName(what);
    this.env.push({ name, value: this.source(scalar) });
    return `$${name}`;
  }

  /** The input's value when the file decides it: literal, or built from `${{ env.X }}` the file sets. */
  literal(scalar: CiScalar, variables: FileVariables = this.variables): string | undefined {
    const value = expandEnvExpressions(scalar.value, variables);
    return value.includes('${{') ? undefined : value;
  }
}

/** The env a step sees, as the file writes it: the step's own over its job's over the workflow's. */
function stepVariables(job: CiJob, step: CiStep): Map<string, string> {
  const variables = new Map<string, string>();
  for (const v of [...step.env, ...job.variables]) if (v.value !== undefined && !variables.has(v.name)) variables.set(v.name, v.value);
  return variables;
}

/**
 * A run script cut into its top-level commands (if/for/while blocks, continuations and heredocs stay
 * whole), so the build command lands right after the command that pushed, not at the end of the step.
 */
function topLevelChunks(script: string): string[] {
  const body = script.replace(/\r?\n$/, '');
  const lines = logicalLines(body);
  const chunks: string[] = [];
  let start = 0;
  for (const line of lines) {
    if (line.depthAtEnd > 0) continue;
    chunks.push(body.slice(start, line.end));
    start = line.end + 1;
  }
  if (start <= body.length && (chunks.length === 0 || start < body.length)) chunks.push(body.slice(start));
  return chunks;
}

/** Items of a list input (newline-separated, optionally comma-separated), as the docker actions read them. */
function listItems(value: string, commas: boolean): string[] {
  return value
    .split(/\r?\n/)
    .flatMap((l) => (commas ? l.split(',') : [l]))
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function readLoop(variable: string, words: string, commas: boolean): string[] {
  const source = commas ? `$(printf '%s\\n' "${variable}" | tr ',' '\\n')` : variable;
  return [
    `while read -r item; do [ -z "$item" ] || set -- "$@" ${words}; done <<EOF`,
    source,
    'EOF',
  ];
}

function workspacePath(path: string): string {
  if (path.startsWith('/')) return shellWord(path);
  const rel = path.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return rel === '' ? '"$GITHUB_WORKSPACE"' : `"$GITHUB_WORKSPACE/${rel.replace(/["\\$`]/g, (c) => '\\' + c)}"`;
}

/** `type=registry,ref=x` / bare image refs → the registry ref; other cache types → undefined. */
function registryCacheRef(entry: string): string | undefined {
  if (!entry.includes('=')) return entry;
  const fields = new Map(entry.split(',').map((f) => [f.slice(0, f.indexOf('=')).trim(), f.slice(f.indexOf('=') + 1).trim()] as [string, string]));
  return (fields.get('type') ?? 'registry') === 'registry' ? fields.get('ref') : undefined;
}

const DROPPED_INPUTS = new Set(['builder', 'github-token', 'network', 'add-hosts', 'shm-size', 'ulimit', 'cgroup-parent', 'pull', 'provenance', 'sbom', 'no-cache-filters', 'allow', 'call']);

/** The script for a docker/build-push-action step. */
function buildPushPlan(rw: Rewriter, step: CiStep, logins: Login[], digest: boolean, hasCheckout: boolean): StepPlan | Refused {
  const { builder } = rw;
  const w = step.with;
  const script: string[] = [];
  const flags: BuildOption[] = [];
  for (const [name, value] of w) {
    switch (name) {
      case 'context': case 'file': case 'tags': case 'labels': case 'build-args': case 'target': case 'push':
      case 'platforms': case 'cache-from': case 'cache-to': case 'no-cache': case 'load':
        break;
      case 'secrets': case 'secret-files': case 'secret-envs': case 'ssh':
        return refused(`the build passes ${name} to RUN --mount; ${builder.phrases.secretMounts}. Rewrite by hand or keep the daemon`);
      case 'build-contexts':
        return refused(`the build uses named build contexts (build-contexts), which ${builder.name} does not support`);
      case 'outputs':
        return refused(`the build writes its output elsewhere (outputs: ${value.value}); map it to ${builder.phrases.outputs} by hand`);
      case 'annotations':
        return refused(`the build sets annotations; ${builder.phrases.annotations}. Rewrite by hand`);
      default:
        if (DROPPED_INPUTS.has(name)) { rw.notes.push(`dropped docker/build-push-action input ${name}`); break; }
        return refused(`docker/build-push-action input '${name}' has no known ${builder.name} equivalent; rewrite this step by hand`);
    }
  }
  if (w.get('load') && w.get('load')!.value !== 'false') {
    return refused(`the build loads the image into the local daemon (load), which a ${builder.name} job does not have; use the pushed image in a later job, or ${builder.phrases.tarball}`);
  }
  const platforms = w.get('platforms');
  let platform: string | undefined;
  if (platforms) {
    const literal = rw.literal(platforms);
    if (literal === undefined) {
      return refused(`the platforms come from an expression (${platforms.value}) and may name several; ${builder.phrases.onePlatform}, or write the single platform literally`);
    }
    const list = listItems(literal, true);
    if (list.length > 1) {
      return refused(`the build targets several platforms (${list.join(', ')}); ${builder.phrases.onePlatform}`);
    }
    platform = list[0];
  }

  const context = w.get('context');
  let contextPath: string;
  if (!context) {
    if (!hasCheckout) return refused('the build uses the Git context (no context input and no checkout step); add actions/checkout and a context input, then rewrite');
    contextPath = '"$GITHUB_WORKSPACE"';
  } else {
    const literal = rw.literal(context);
    if (literal !== undefined) {
      if (/^(https?|git|ssh):\/\/|^git@|\{\{/.test(literal)) return refused(`the build context is a remote or templated URL (${literal}); convert it to ${builder.phrases.remoteContext} by hand`);
      contextPath = workspacePath(literal);
    } else {
      const ref = rw.envFrom('CONTEXT', context);
      script.push(`case "${ref}" in /*) ;; *) ${rw.envName('CONTEXT')}="$GITHUB_WORKSPACE/${ref}" ;; esac`);
      contextPath = `"${ref}"`;
    }
  }
  const file = w.get('file');
  let dockerfile: string;
  if (!file) {
    dockerfile = contextPath.startsWith('"') ? `${contextPath.slice(0, -1)}/Dockerfile"` : `${contextPath}/Dockerfile`;
  } else {
    const literal = rw.literal(file);
    if (literal === '-') return refused(`the Dockerfile comes from stdin; ${builder.name} needs it as a file`);
    if (literal !== undefined) {
      dockerfile = workspacePath(literal);
    } else {
      const ref = rw.envFrom('DOCKERFILE', file);
      script.push(`case "${ref}" in /*) ;; *) ${rw.envName('DOCKERFILE')}="$GITHUB_WORKSPACE/${ref}" ;; esac`);
      dockerfile = `"${ref}"`;
    }
  }
  flags.push({ kind: 'context', value: contextPath }, { kind: 'dockerfile', value: dockerfile });

  const config = builder.configCommand(logins);
  if (config) script.unshift(config);
  const lists: string[] = [];
  const listInput = (input: string, what: string, kind: 'destination' | 'build-arg' | 'label', commas: boolean) => {
    const value = w.get(input);
    if (!value) return;
    const literal = rw.literal(value);
    if (literal !== undefined) {
      for (const item of listItems(literal, commas)) flags.push({ kind, value: shellWord(item) });
      return;
    }
    const variable = rw.envFrom(what, value);
    lists.push(...readLoop(variable, builder.optionWords({ kind, value: '"$item"' }).join(' '), commas));
  };
  listInput('tags', 'TAGS', 'destination', true);
  listInput('build-args', 'BUILD_ARGS', 'build-arg', false);
  listInput('labels', 'LABELS', 'label', false);
  const target = w.get('target');
  if (target) {
    const literal = rw.literal(target);
    flags.push({ kind: 'target', value: literal !== undefined ? shellWord(literal) : `"${rw.envFrom('TARGET', target)}"` });
  }
  if (platform) flags.push({ kind: 'platform', value: shellWord(platform) });

  const push = w.get('push');
  let pushCondition: string | undefined;
  if (!push || push.value === 'false') {
    flags.push({ kind: 'no-push' });
  } else if (push.value !== 'true') {
    const literal = rw.literal(push);
    if (literal !== undefined) return refused(`push: ${literal} is not a boolean`);
    const variable = rw.envFrom('PUSH', push);
    pushCondition = `if [ "${variable}" != true ]; then set -- "$@" ${builder.optionWords({ kind: 'no-push' }).join(' ')}; fi`;
  }
  if (push && push.value !== 'false' && !w.get('tags')) return refused('the build may push but names no tags; add tags, then rewrite');

  const noCache = w.get('no-cache');
  let cacheRef: Word | undefined;
  let cacheDecided = false;
  for (const input of ['cache-from', 'cache-to']) {
    const value = w.get(input);
    if (!value) continue;
    const resolved = expandEnvExpressions(value.value, rw.variables);
    for (const entry of listItems(resolved, false)) {
      const ref = registryCacheRef(entry);
      if (ref === undefined) { rw.notes.push(`dropped ${input} ${entry} (no ${builder.name} equivalent)`); continue; }
      if (cacheDecided) continue;
      cacheDecided = true;
      // A reference read from env is used as a repository (tag and digest stripped); a literal one as written.
      const repository = cacheRepository({ value: resolved === value.value ? ref : value.value, raw: shellWord(ref) }, ref);
      if ('ref' in repository) cacheRef = repository.ref;
      else rw.notes.push(cacheDroppedNote(ref, repository.why));
    }
  }
  if (cacheRef && !(noCache && noCache.value === 'true')) {
    rw.notes.push(builder.cacheNote);
    flags.push({ kind: 'cache-repo', value: builder.cacheRepo({ value: cacheRef.value, raw: shellWord(cacheRef.value) }) });
  }
  const digestFile = builder.digestFile;
  if (digest) flags.push({ kind: 'digest-file', value: digestFile });

  if (lists.length > 0 || pushCondition) script.push('set --', ...lists);
  if (pushCondition) script.push(pushCondition);
  // Options the script collected at run time follow the ones written out.
  if (lists.length > 0 || pushCondition) flags.push({ kind: 'shell-words', value: '"$@"' });
  script.push(shellCommand(builder, flags));
  if (digest) script.push(`if [ -f ${digestFile} ]; then echo "digest=$(cat ${digestFile})" >> "$GITHUB_OUTPUT"; fi`);
  return { env: [], script, notes: [] };
}

/** Logins from docker/login-action steps, their values passed through env entries. */
function actionLogins(rw: Rewriter, steps: CiStep[]): Login[] | Refused {
  const logins: Login[] = [];
  for (const [i, step] of steps.entries()) {
    const suffix = steps.length > 1 ? `_${i + 1}` : '';
    const registry = step.with.get('registry');
    const variables = stepVariables(rw.job, step);
    let key: Word;
    if (!registry) key = { value: DOCKER_HUB_KEY, raw: DOCKER_HUB_KEY };
    else {
      const literal = rw.literal(registry, variables);
      if (literal !== undefined) {
        const host = registryKey(literal);
        key = { value: host, raw: host };
      } else {
        const ref = rw.envFrom(`REGISTRY${suffix}`, registry);
        key = { value: ref, raw: ref };
        rw.notes.push(runtimeRegistryNote(registry.value, runtimeExpression(expandEnvExpressions(registry.value, variables))!));
      }
    }
    const username = step.with.get('username');
    const password = step.with.get('password');
    if (!username || !password) {
      if (/\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/.test(key.value)) {
        logins.push({ registry: key, credential: { kind: 'helper', helper: 'ecr-login' }, conditional: false });
        continue;
      }
      return refused(`docker/login-action without username and password; write ${rw.builder.configPath} by hand`);
    }
    if (rw.literal(password, variables) !== undefined) return refused('the registry password is written in the workflow itself; move it to a secret first, then rewrite');
    const user = rw.envFrom(`USERNAME${suffix}`, username);
    const pass = rw.envFrom(`PASSWORD${suffix}`, password);
    logins.push({ registry: key, credential: { kind: 'basic', username: { value: user, raw: user }, password: { value: pass, raw: pass } }, conditional: false });
  }
  return logins;
}

function stepPair(step: CiStep, key: string): Pair | undefined {
  return pairNamed(step.node, key);
}

/** References to `steps.<id>.outputs.<name>` in the job, outside the given step. */
function outputsUsed(text: string, job: CiJob, step: CiStep): Set<string> {
  const out = new Set<string>();
  const id = step.id?.value;
  if (!id) return out;
  const jobText = text.slice(job.range.start, step.range.start) + text.slice(step.range.end, job.range.end);
  const re = new RegExp(`steps\\.${id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g');
  for (const m of jobText.matchAll(re)) out.add(m[1]);
  return out;
}

function jobRewrite(file: ParsedFile, job: CiJob, image: string, builder: Builder): { edits: Edit[]; notes: string[] } | Refused {
  const rw = new Rewriter(file, job, image, builder);
  const builderName = builder.name;
  const { text, eol } = rw;
  const steps = job.steps;
  const byAction = (name: string) => steps.filter((s) => actionName(s) === name);
  const buildPush = byAction('docker/build-push-action');
  const runSteps = steps.filter((s) => s.run);
  const sections = runSteps.map((s) => ({ name: `step ${s.index + 1}`, items: topLevelChunks(s.run!.text) }));
  let intent = readBuildIntent(sections);
  const sectionOf = new Map(runSteps.map((s, i) => [s, intent.sections[i]]));
  const dockerRunSteps = runSteps.filter((s) =>
    sectionOf.get(s)!.items.some((item) => item.lines.some((l) => l.commands.some((c) => c.role.kind !== 'neutral'))),
  );
  const hasBuild = intent.builds.length > 0;
  if (buildPush.length > 1) return refused('the job has several docker/build-push-action steps; ${builderName} builds one image per step, rewrite them one at a time by hand or split the job');
  if (buildPush.length === 1 && (hasBuild || dockerRunSteps.some((s) => sectionOf.get(s)!.items.some((i) => i.lines.some((l) => l.commands.some((c) => c.role.kind === 'push' || c.role.kind === 'tag')))))) {
    return refused('the job builds both with docker/build-push-action and with docker commands in run steps; rewrite by hand');
  }
  for (const s of steps) {
    const action = actionName(s);
    if (action && /^docker:\/\//.test(action) && builder.isOwnImage(action)) return refused(`the job already runs ${builderName}`);
    if (action === 'docker/bake-action') return refused(`docker/bake-action builds several targets through BuildKit; ${builderName} builds one Dockerfile per run`);
  }

  let target: CiStep;
  let plan: StepPlan;
  const loginSteps = byAction('docker/login-action');
  if (buildPush.length === 1) {
    target = buildPush[0];
    rw.variables = stepVariables(job, target);
    const blockers = builder.blockersOf(intent);
    if (blockers.length > 0) return commandRefusal(blockers);
    if (dockerRunSteps.length > 0) return refused(`step ${dockerRunSteps[0].index + 1} (${dockerRunSteps[0].name?.value ?? 'unnamed'}) also runs docker commands next to docker/build-push-action; rewrite by hand`);
    const logins = actionLogins(rw, loginSteps.filter((s) => s.index < target.index));
    if (isRefused(logins)) return logins;
    const used = outputsUsed(text, job, target);
    for (const o of used) if (o !== 'digest') return refused(`a later step reads steps.${target.id!.value}.outputs.${o}, which ${builderName} does not produce (only the digest); rewrite that step by hand`);
    const hasCheckout = steps.some((s) => s.index < target.index && actionName(s) === 'actions/checkout');
    const pushPlan = buildPushPlan(rw, target, logins, used.has('digest'), hasCheckout);
    if (isRefused(pushPlan)) return pushPlan;
    plan = pushPlan;
  } else {
    // Registries, cache sources and the images pushed are judged with the env the builder's step will see (the other docker steps have none of their own).
    const last = dockerRunSteps.at(-1);
    if (last) {
      rw.variables = stepVariables(job, last);
      intent = readBuildIntent(sections, rw.variables);
    }
    const dockerSections = intent.sections.filter((_, i) => dockerRunSteps.includes(runSteps[i]));
    const reason = intentRefusal({ ...intent, sections: dockerSections }, builder);
    if (reason) return reason;
    target = last!;
    for (const s of dockerRunSteps) {
      const shell = stepPair(s, 'shell');
      if (shell && !/^(sh|bash)\b/.test(String((shell.value as { value?: unknown } | null)?.value ?? ''))) {
        return refused(`the docker commands run in a '${String((shell.value as { value?: unknown }).value)}' shell; the ${builderName} image only has a POSIX shell (${builder.supports.shell})`);
      }
      if (s !== target) {
        if (s.if?.value !== target.if?.value) return refused('the docker commands are in steps with different if: conditions; merge them by hand first');
        if (s.id || s.env.length > 0) return refused(`step ${s.index + 1} (${s.name?.value ?? 'unnamed'}) has its own id or env and would be merged into the ${builderName} step; merge the docker steps by hand first`);
      }
    }
    const workdir = stepPair(target, 'working-directory');
    let workspace = '$GITHUB_WORKSPACE';
    if (workdir) {
      const value = String((workdir.value as { value?: unknown } | null)?.value ?? '');
      if (value.includes('${{') || value.startsWith('/')) return refused('the step runs in a working-directory given as an expression or absolute path; set it relative to the workspace, then rewrite');
      workspace = `$GITHUB_WORKSPACE/${value.replace(/^\.\/?/, '').replace(/\/+$/, '')}`;
      if (dockerRunSteps.length > 1) return refused('the docker steps use working-directory; merge them by hand first');
    }
    if (hasDefaultsWorkdir(job)) return refused('the job or workflow sets defaults.run.working-directory; a container step does not honour it. Set the build paths explicitly, then rewrite');
    const logins = actionLogins(rw, loginSteps.filter((s) => s.index < target.index));
    if (isRefused(logins)) return logins;
    const merged: BuildIntent = { ...intent, logins: [...logins, ...intent.logins] };
    const planned = planScripts(merged, { workspace }, builder);
    const script: string[] = [];
    const hasRunLogin = intent.logins.length > 0;
    if (!hasRunLogin) {
      const config = builder.configCommand(logins);
      if (config) script.push(config);
    }
    planned.forEach((section, i) => {
      if (!dockerRunSteps.includes(runSteps[i])) return;
      for (const item of section.items) script.push(item.text);
    });
    plan = { env: [], script, notes: [] };
  }
  rw.notes.push(...builder.notesFor(intent));

  // Steps that only served the daemon build go; a login step stays when later steps may push or sign with it.
  const removed = new Set<CiStep>();
  for (const s of steps) {
    const name = actionName(s);
    if (s === target) continue;
    if (name === 'docker/setup-buildx-action' || name === 'docker/setup-qemu-action') {
      if (s.id && outputsUsedAnywhere(text, job, s, target)) return refused(`a later step reads the outputs of '${s.id.value}' (${name}); rewrite by hand`);
      removed.add(s);
    }
    if (dockerRunSteps.includes(s)) removed.add(s);
  }
  const later = steps.filter((s) => s.index > target.index);
  if (later.length === 0) for (const s of loginSteps) if (s.index < target.index) removed.add(s);

  for (const s of removed) rw.edits.push(deleteItemEdit(text, s.node));
  const stepRefused = stepEdits(rw, target, plan);
  if (stepRefused) return stepRefused;
  jobEdits(rw);
  return { edits: normalizeEdits(rw.edits), notes: rw.notes };
}

function outputsUsedAnywhere(text: string, job: CiJob, step: CiStep, except: CiStep): boolean {
  const id = step.id?.value;
  if (!id) return false;
  const jobText = text.slice(job.range.start, except.range.start) + text.slice(except.range.end, job.range.end);
  return jobText.split(`steps.${id}.`).length > 1;
}

function hasDefaultsWorkdir(job: CiJob): boolean {
  const check = (node: unknown) => {
    const run = pairNamed(pairNamed(node, 'defaults')?.value, 'run')?.value;
    return pairNamed(run, 'working-directory') !== undefined;
  };
  return check(job.node) || check(job.doc.contents);
}

function indentUnit(text: string, step: CiStep): number {
  for (const key of ['with', 'env']) {
    const pair = stepPair(step, key);
    if (isMap(pair?.value) && pair.value.items.length > 0) {
      const delta = column(text, rangeOf(pair.value.items[0].key)![0]) - column(text, rangeOf(pair.key)![0]);
      if (delta > 0) return delta;
    }
  }
  return 2;
}

/** Replaces the target step's run/uses and with with the builder's container step; appends its env entries. */
function stepEdits(rw: Rewriter, step: CiStep, plan: StepPlan): Refused | undefined {
  const { text, eol } = rw;
  const node = step.node;
  if (!isMap(node)) return refused('the step is not a mapping');
  const keyColumn = column(text, rangeOf(node.items[0].key)![0]);
  const unit = indentUnit(text, step);
  const pad = ' '.repeat(keyColumn);
  const main = stepPair(step, 'uses') ?? stepPair(step, 'run');
  if (!main) return refused('the step has neither uses nor run');
  const known = new Map<string, string>();
  for (const e of [...rw.env, ...plan.env]) {
    const m = /^\$\{\{(.*)\}\}$/s.exec(e.value);
    if (m && expressionEnd(e.value, 0) === e.value.length) known.set(m[1].trim().replace(/\s+/g, ' '), e.name);
  }
  const builder = rw.builder;
  const scriptName = scriptVariable(builder);
  const reserved = new Set([scriptName, ...step.env.map((e) => e.name), ...rw.env.map((e) => e.name), ...plan.env.map((e) => e.name)]);
  const moved = moveExpressions(plan.script.join('\n'), known, reserved, builder.envPrefix);
  if (isRefused(moved)) return refused(`${moved.refused}, and no variable expands there, so it cannot move to an env entry of the ${builder.name} step; pass the value through the step's env: and an unquoted heredoc, then rewrite`);
  const env = [...rw.env, ...plan.env, ...moved.env.map((e) => ({ name: e.name, value: yamlString(e.value) }))];
  const existingEnv = stepPair(step, 'env');
  if (existingEnv && !(isMap(existingEnv.value) && !existingEnv.value.flow)) {
    if (!(isMap(existingEnv.value) && existingEnv.value.items.length === 0)) return refused('the step env is not a block mapping; rewrite by hand');
  }
  for (const e of step.env) if (DAEMON_VARIABLES.has(e.name)) deleteEnvEntry(rw, existingEnv!, e.name);
  const envColumn = existingEnv && isMap(existingEnv.value) && existingEnv.value.items.length > 0
    ? column(text, rangeOf(existingEnv.value.items[0].key)![0])
    : keyColumn + unit;
  const envPad = ' '.repeat(envColumn);
  const envLines = env.map((e) => `${envPad}${e.name}: ${e.value}`);
  envLines.push(`${envPad}${scriptName}: ${blockScalar(moved.script, envColumn + unit, envColumn, eol)}`);
  const envText = envLines.map((l) => l.replace(/\r?\n/g, eol)).join(eol);

  const withPad = ' '.repeat(keyColumn + unit);
  const mainKeyStart = rangeOf(main.key)![0];
  const dash = onDashLine(text, mainKeyStart);
  const mainLines = pairLines(text, main);
  const start = dash ? mainKeyStart : mainLines.start;
  const kept: string[] = [];
  const drop = (key: string): Refused | undefined => {
    const pair = stepPair(step, key);
    if (!pair || pair === main) return undefined;
    const lines = pairLines(text, pair);
    if (onDashLine(text, rangeOf(pair.key)![0])) return refused(`the step's '${key}' key shares the line with the list dash; rewrite by hand`);
    kept.push(...commentLines(text, lines.start, lines.end).map((c) => pad + c.trimStart()));
    rw.edits.push({ start: lines.start, end: lines.end, text: '' });
    return undefined;
  };
  for (const key of ['with', 'shell', 'working-directory']) {
    const dropRefused = drop(key);
    if (dropRefused) return dropRefused;
  }
  let out = `uses: docker://${rw.image} # ${builder.name}, for ${RUNNERS}${eol}`;
  for (const c of kept) out += c + eol;
  if (!existingEnv || !(isMap(existingEnv.value) && existingEnv.value.items.length > 0)) {
    if (existingEnv) {
      const lines = pairLines(text, existingEnv);
      rw.edits.push({ start: lines.start, end: lines.end, text: '' });
    }
    out += `${pad}env:${eol}${envText}${eol}`;
  } else {
    const at = lineEndAfter(text, trimmedEnd(text, existingEnv.value));
    const nl = at === text.length && !text.endsWith('\n') ? eol : '';
    rw.edits.push({ start: at, end: at, text: nl + envText + eol });
  }
  out += `${pad}with:${eol}${withPad}entrypoint: ${builder.shellPath}${eol}${withPad}args: ${yamlString(stepArgs(builder))}`;
  const end = mainLines.end;
  const trailingNewline = text.slice(start, end).endsWith('\n');
  rw.edits.push({ start: dash ? start : start, end, text: (dash ? '' : pad) + out + (trailingNewline ? eol : '') });
}

function deleteEnvEntry(rw: Rewriter, envPair: Pair, name: string): void {
  if (!isMap(envPair.value)) return;
  const pair = envPair.value.items.find((p) => keyOf(p) === name);
  if (pair) {
    const lines = pairLines(rw.text, pair);
    rw.edits.push({ start: lines.start, end: lines.end, text: '' });
  }
}

/** The words of an `options:` string that need a daemon host: `--privileged` and host runtime-socket mounts. */
function daemonOptionWords(options: string): { kept: string[]; dropped: number } {
  const words = optionWordSpans(options);
  const args = parseContainerArgs(words, false);
  const drop = new Set<number>(args.privilegedWords.map((w) => words.indexOf(w as ShellWord)));
  for (const mount of args.socketMounts) {
    const i = words.findIndex((w) => w.start === mount.start);
    if (i < 0) continue;
    drop.add(i);
    // `-v /var/run/docker.sock:…`: the flag goes with its value.
    if (!words[i].value.startsWith('-') && i > 0) drop.add(i - 1);
  }
  return { kept: words.filter((_, i) => !drop.has(i)).map((w) => options.slice(w.start, w.end)), dropped: drop.size };
}

/** Takes `--privileged` and socket mounts out of a container's or service's `options:`, removing it when nothing is left. */
function daemonOptionsEdit(rw: Rewriter, node: unknown, options: CiScalar | undefined): void {
  if (!options) return;
  const { kept, dropped } = daemonOptionWords(options.value);
  if (dropped === 0) return;
  const pair = pairNamed(node, 'options');
  if (!pair) return;
  const rest = kept.join(' ');
  if (rest === '') {
    const lines = pairLines(rw.text, pair);
    rw.edits.push({ start: lines.start, end: lines.end, text: '' });
  } else {
    rw.edits.push({ start: rangeOf(options.node)![0], end: trimmedEnd(rw.text, options.node), text: yamlString(rest) });
  }
}

/** Job-level daemon settings: DinD services, privileged container options, socket volumes, DOCKER_* env. */
function jobEdits(rw: Rewriter): void {
  const { text, job } = rw;
  const services = pairNamed(job.node, 'services');
  const dind = job.services.filter((s) => serviceRunsDaemon(s) && s.inheritedFrom === undefined);
  if (services && dind.length > 0 && isMap(services.value)) {
    if (dind.length === services.value.items.length) {
      const lines = pairLines(text, services);
      rw.edits.push({ start: lines.start, end: lines.end, text: '' });
    } else {
      for (const pair of services.value.items) {
        if (dind.some((s) => s.node === pair.value)) {
          const lines = pairLines(text, pair);
          rw.edits.push({ start: lines.start, end: lines.end, text: '' });
        }
      }
    }
  }
  if (job.container) daemonOptionsEdit(rw, job.container.node, job.container.options);
  for (const service of job.services) if (!dind.includes(service) && service.inheritedFrom === undefined) daemonOptionsEdit(rw, service.node, service.options);
  const volumes = pairNamed(job.container?.node, 'volumes');
  if (volumes && isSeq(volumes.value)) {
    const socket = volumes.value.items.filter((item) => isScalar(item) && isRuntimeSocketPath(String((item as { value: unknown }).value).split(':')[0]));
    if (socket.length === volumes.value.items.length && socket.length > 0) {
      const lines = pairLines(text, volumes);
      rw.edits.push({ start: lines.start, end: lines.end, text: '' });
    } else {
      for (const item of socket) rw.edits.push(deleteItemEdit(text, item));
    }
  }
  const env = pairNamed(job.node, 'env');
  if (env && isMap(env.value)) {
    const daemon = env.value.items.filter((p) => DAEMON_VARIABLES.has(keyOf(p) ?? ''));
    if (daemon.length > 0 && daemon.length === env.value.items.length) {
      const lines = pairLines(text, env);
      rw.edits.push({ start: lines.start, end: lines.end, text: '' });
    } else {
      for (const p of daemon) {
        const lines = pairLines(text, p);
        rw.edits.push({ start: lines.start, end: lines.end, text: '' });
      }
    }
  }
}

export function githubActionsRewrite(file: ParsedFile, jobName: string, options: LintOptions, builder: Builder): FixOutcome {
  if (file.yaml.errors.length > 0) return refusal(jobName, builder, 'the workflow has YAML syntax errors; fix them first');
  const job = githubActionsModel(file).jobs.find((j) => j.name === jobName);
  if (!job) return refusal(jobName, builder, `there is no job '${jobName}' in this workflow`);
  if (!isSeq(pairNamed(job.node, 'steps')?.value)) return refusal(jobName, builder, 'the job has no steps list (a reusable-workflow call or a flow-style list); rewrite by hand');
  const image = builder.image(options);
  if (isRefused(image)) return refusal(jobName, builder, image, /[.!]$/);
  const rewritten = jobRewrite(file, job, image.image, builder);
  if (isRefused(rewritten)) return refusal(jobName, builder, rewritten, /[.!]$/);
  const { edits, notes } = rewritten;
  return { type: 'fix', kind: 'rewrite', title: githubActionsTitle(jobName, builder), edits, ...(notes.length > 0 ? { notes } : {}) };
}
