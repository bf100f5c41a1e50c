// The neutral model of a Jenkinsfile. Pod YAML embedded in the file becomes a Kubernetes document at
// the offsets it has in the Jenkinsfile (everything around it blanked), so its pods are read by the
// Kubernetes model and every range points into the Jenkinsfile. The `containerTemplate` DSL becomes a
// workload of CI scope (the DSL can say privileged and host paths, none of the securityContext the
// pod rules ask for). `sh` steps run in the container their `container(…) { }` block names, else in
// the agent's `defaultContainer`, else in `jnlp`, the agent container the plugin adds to every pod. A
// pod agent whose pod is in another file (`yamlFile`, `inheritFrom`) still holds its steps; a file
// with no pod agent (`agent any`, `node { }`) runs its steps in a shell on the agent itself.
import type { Container, Fact, Volume, Workload, WorkloadFile } from '../../model/workload.js';
import type { SyntaxProblem } from '../dialect.js';
import { modelKey, ParsedFile } from '../../parsed-file.js';
import type { OffsetRange } from '../../types.js';
import { podWorkloads } from '../pod-workloads.js';
import { baseName, container as emptyContainer, jobWorkload } from '../yaml-reader.js';
import { maskOutside, readJenkinsCalls, type ArgValue, type Call, type JenkinsCalls, type ShStep } from './calls.js';
import type { GroovyString } from './groovy.js';

export interface JenkinsModel {
  calls: JenkinsCalls;
  /** One Kubernetes view per embedded pod YAML, with the range of the block it belongs to. */
  pods: { file: ParsedFile; owner: OffsetRange; content: OffsetRange; editable: boolean }[];
  /** The file declares one pod in all (YAML or DSL): every step runs in it, wherever it is written. */
  onePod: boolean;
}

const jenkinsModelKey = modelKey<JenkinsModel>('jenkins:model');

export function jenkinsModel(file: ParsedFile): JenkinsModel {
  return file.model(jenkinsModelKey, (f) => {
    const calls = readJenkinsCalls(f.text);
    const pods = calls.podYamls.map((p) => ({
      file: new ParsedFile({ path: f.file.path, text: maskOutside(f.text, p.literal) }, 'k8s'),
      owner: p.owner,
      content: p.literal.content,
      editable: editableLiteral(p.literal),
    }));
    const onePod = pods.length + calls.podTemplates.filter((t) => t.args.has('containers')).length === 1;
    return { calls, pods, onePod };
  });
}

/**
 * Whether YAML edits made on the masked copy can be written into the Groovy string as they are: a
 * triple-quoted string without escapes or interpolation holds the YAML text verbatim, line for line.
 */
function editableLiteral(literal: GroovyString): boolean {
  return (literal.quote === "'''" || literal.quote === '"""') && !literal.interpolated && !literal.value.includes('\\');
}

/** The steps that run in the pod whose steps are written over `owner`: those it is the innermost owner of, or all when the file declares one pod. */
function stepsOf(steps: ShStep[], owner: OffsetRange, onlyPod: boolean): ShStep[] {
  return steps.filter((s) => onlyPod || s.owner?.start === owner.start);
}

/** The agent container the Kubernetes plugin adds to a pod that does not declare one. */
const AGENT_CONTAINER = 'jnlp';

/**
 * Puts each step in the container it runs in: the `container()` block's, else the pod's
 * `defaultContainer`, else `jnlp`. A container the file does not declare (the plugin's own `jnlp`, or
 * one from an inherited template) is made for the steps only: it is not one of the workload's
 * containers, so no container rule judges a declaration the file does not have.
 */
function attachScripts(w: Workload, steps: ShStep[], defaultContainer: string | undefined): void {
  const implicit = new Map<string, Container>();
  for (const s of steps) {
    const name = s.container ?? defaultContainer ?? AGENT_CONTAINER;
    let runsIn = w.containers.find((c) => c.name === name) ?? implicit.get(name);
    if (!runsIn) {
      runsIn = emptyContainer('container', { name, range: w.keyRange, declaration: undefined });
      implicit.set(name, runsIn);
    }
    w.scripts.push({ section: 'sh', text: s.text, range: s.range, runsIn });
  }
}

/** The `defaultContainer` of the agent whose steps are written over `owner`. */
function defaultContainerOf(calls: JenkinsCalls, owner: OffsetRange): string | undefined {
  return calls.defaultContainers.find((d) => d.owner.start === owner.start)?.name;
}

/** The pod workloads of the embedded pod YAML (scope `pod`). */
export function jenkinsPodWorkloads(file: ParsedFile): WorkloadFile {
  const model = jenkinsModel(file);
  const workloads: Workload[] = [];
  for (const pod of model.pods) {
    for (const w of podWorkloads(pod.file, 'jenkins', () => true).workloads) {
      // The daemonless rewrite edits a Kubernetes document; inside a Groovy string it is not offered.
      // Jenkins names the pods it starts; a podTemplate `label:` is the name its users know.
      const label = model.calls.podTemplates.find((t) => t.range.start === pod.owner.start);
      const name = w.name ?? (label ? stringArg(label, 'label')?.value : undefined);
      const own: Workload = { ...w, name, rewrite: undefined, scripts: [...w.scripts], yaml: pod.editable ? pod.file : undefined };
      // A container the same podTemplate declares with containerTemplate() is the DSL view's, steps and all.
      const dsl = new Set((label?.args.get('containers')?.calls ?? []).map((c) => stringArg(c, 'name')?.value));
      const steps = stepsOf(model.calls.shSteps, pod.owner, model.onePod).filter(
        (s) => s.container === undefined || !dsl.has(s.container) || own.containers.some((c) => c.name === s.container),
      );
      attachScripts(own, steps, defaultContainerOf(model.calls, pod.owner));
      workloads.push(own);
    }
  }
  return { workloads, globalEnv: [] };
}

function stringArg(call: Call, key: string): Fact<string> | undefined {
  const t = call.args.get(key)?.token;
  return t?.type === 'string' ? { value: t.value, range: t.content } : undefined;
}

function boolArg(call: Call, key: string): Fact<boolean> | undefined {
  const v: ArgValue | undefined = call.args.get(key);
  const t = v?.token;
  if (t?.type === 'word' && (t.text === 'true' || t.text === 'false')) return { value: t.text === 'true', range: v!.range };
  if (t?.type === 'string' && (t.value === 'true' || t.value === 'false')) return { value: t.value === 'true', range: v!.range };
  return undefined;
}

function dslContainer(call: Call): Container {
  const name = stringArg(call, 'name');
  const env = (call.args.get('envVars')?.calls ?? [])
    .filter((e) => e.name === 'envVar' || e.name === 'containerEnvVar')
    .flatMap((e) => {
      const key = stringArg(e, 'key');
      const value = stringArg(e, 'value');
      // The value's range keeps its quotes, as YAML scalars' do, so an empty value still has words to point at.
      const literal = e.args.get('value')?.range;
      return key ? [{ name: key.value, nameRange: key.range, value: value?.value, valueRange: value ? literal : undefined }] : [];
    });
  const words = (key: string) => {
    const f = stringArg(call, key);
    return f ? [f] : [];
  };
  // Every container of a pod template is a sidecar the steps may run in; none is the agent itself.
  return emptyContainer('service', {
    name: name?.value,
    nameRange: name?.range,
    image: stringArg(call, 'image'),
    range: call.range,
    declaration: call,
    privileged: boolArg(call, 'privileged'),
    env,
    command: words('command'),
    entrypoint: [],
  });
}

/** The workloads of the `podTemplate(containers: [containerTemplate(…)], volumes: [hostPathVolume(…)])` DSL (scope `job`). */
export function jenkinsDslWorkloads(file: ParsedFile): WorkloadFile {
  const model = jenkinsModel(file);
  const { calls } = model;
  // Calls read as arguments of a podTemplate; the token scan sees them again, as calls of their own.
  const claimed = new Set<number>();
  const workloads: Workload[] = [];
  const build = (owner: Call | undefined, templates: Call[], hostVolumes: Call[]) => {
    const containers = templates.map(dslContainer);
    const volumes: Volume[] = [];
    for (const hv of hostVolumes) {
      const hostPath = stringArg(hv, 'hostPath');
      const mountPath = stringArg(hv, 'mountPath');
      if (!hostPath) continue;
      // The plugin mounts a pod template's volumes into every container of the pod.
      volumes.push({ name: mountPath?.value ?? hostPath.value, source: 'hostPath', hostPath, emptyDir: false, range: hv.range, mountedBy: containers });
      for (const c of containers) c.bindMounts.push({ value: `${hostPath.value}:${mountPath?.value ?? hostPath.value}`, range: hostPath.range });
    }
    const label = owner ? stringArg(owner, 'label') ?? stringArg(owner, 'name') : undefined;
    const range = owner ? { start: owner.range.start, end: owner.body?.end ?? owner.range.end } : templates[0].range;
    const w = jobWorkload({
      dialect: 'jenkins',
      kind: 'podTemplate',
      noun: 'pod template',
      host: 'Kubernetes node',
      name: label?.value ?? 'podTemplate',
      keyRange: owner?.nameRange ?? templates[0].nameRange,
      range,
      containers,
      volumes,
      handle: owner,
    });
    // Steps outside every container() of a pod that also has YAML are the YAML view's: one workload each.
    const yamlToo = owner !== undefined && model.pods.some((p) => p.owner.start === range.start);
    const steps = stepsOf(calls.shSteps, range, model.onePod).filter((s) => !yamlToo || (s.container !== undefined && containers.some((c) => c.name === s.container)));
    attachScripts(w, steps, undefined);
    workloads.push(w);
  };
  for (const owner of calls.podTemplates) {
    const templates = owner.args.get('containers')?.calls.filter((c) => c.name === 'containerTemplate') ?? [];
    if (templates.length === 0) continue;
    const hostVolumes = owner.args.get('volumes')?.calls.filter((c) => c.name === 'hostPathVolume') ?? [];
    for (const c of [...templates, ...hostVolumes]) claimed.add(c.range.start);
    build(owner, templates, hostVolumes);
  }
  // Templates written outside a podTemplate call (a shared variable, a library) form one workload.
  const loose = calls.containerTemplates.filter((c) => !claimed.has(c.range.start));
  const looseVolumes = calls.hostPathVolumes.filter((c) => !claimed.has(c.range.start));
  if (loose.length > 0) build(undefined, loose, looseVolumes);
  workloads.push(...outsidePodWorkloads(file, model, workloads));
  const host = agentHostWorkload(file, calls);
  if (host) workloads.push(host);
  return { workloads, globalEnv: [] };
}

/**
 * A pod agent whose pod the file does not spell out (`yamlFile 'pod.yaml'`, `inheritFrom 'base'`, a
 * cloud's default template) still runs its steps in a pod on a Kubernetes node: one CI-scope workload
 * holds them, in the container each names, so the script rules read them. Its containers are not
 * known here, so no container rule judges them.
 */
function outsidePodWorkloads(file: ParsedFile, model: JenkinsModel, declared: Workload[]): Workload[] {
  const { calls } = model;
  const out: Workload[] = [];
  for (const agent of calls.owners) {
    const start = agent.range.start;
    if (model.pods.some((p) => p.owner.start === start) || declared.some((w) => w.range.start === start)) continue;
    // A file with one pod agent runs every step in it, wherever the step is written.
    const only = calls.owners.length === 1;
    const steps = calls.shSteps.filter((s) => only || s.owner?.start === start);
    if (steps.length === 0) continue;
    const template = calls.podTemplates.find((t) => t.range.start === start);
    const label = template ? (stringArg(template, 'label') ?? stringArg(template, 'name')) : undefined;
    const w = jobWorkload({
      dialect: 'jenkins',
      kind: 'agent',
      noun: 'pod agent',
      host: 'Kubernetes node',
      name: label?.value ?? baseName(file.file.path),
      keyRange: agent.keyword,
      range: agent.range,
      // `environment { }` of the pipeline, or of the stage this agent belongs to.
      env: calls.environment.filter((v) => only || (agent.range.start <= v.nameRange.start && v.nameRange.start < agent.range.end)),
      handle: undefined,
    });
    attachScripts(w, steps, defaultContainerOf(calls, agent.range));
    out.push(w);
  }
  return out;
}

/**
 * A file that declares no pod agent at all (`agent any`, `agent { label … }`, scripted `node { }`)
 * runs its `sh` steps in a shell on a Jenkins agent: one CI-scope workload whose job container is that
 * shell, so the script rules read them. Whether the agent has a Docker daemon is the agent's setup,
 * not the file's, so no platform daemon is assumed.
 */
function agentHostWorkload(file: ParsedFile, calls: JenkinsCalls): Workload | undefined {
  const declaresPod = calls.owners.length > 0 || calls.podYamls.length > 0 || calls.containerTemplates.length > 0;
  if (declaresPod || calls.shSteps.length === 0) return undefined;
  const keyRange = calls.pipeline ?? calls.shSteps[0].range;
  const job = emptyContainer('job', { range: keyRange, declaration: keyRange });
  // Containers the Docker Pipeline plugin starts on the agent with the options the file gives it.
  const dockerAgents = calls.dockerAgents.map((d) =>
    emptyContainer('container', { name: d.name, image: d.image, range: d.keyword, declaration: d, runtimeOptions: d.args }),
  );
  const w = jobWorkload({
    dialect: 'jenkins',
    kind: 'pipeline',
    noun: 'pipeline',
    host: 'Jenkins agent',
    name: baseName(file.file.path),
    keyRange,
    range: { start: 0, end: file.text.length },
    containers: [job, ...dockerAgents],
    env: calls.environment,
    handle: undefined,
  });
  for (const s of calls.shSteps) w.scripts.push({ section: 'sh', text: s.text, range: s.range, runsIn: job, ...(s.directory !== undefined ? { directory: s.directory } : {}) });
  return w;
}

/** Problems that make the reading of the file uncertain: unclosed strings, comments or brackets. */
export function jenkinsProblems(file: ParsedFile): SyntaxProblem[] {
  const model = jenkinsModel(file);
  const out: SyntaxProblem[] = model.calls.problems.map((p) => ({ detail: p.message, start: p.start, end: p.end, language: 'groovy' }));
  for (const pod of model.pods) {
    const error = pod.file.yaml.errors[0];
    if (!error) continue;
    // The parser places errors at the end of the masked text when the YAML stops short: keep them in the string.
    const clamp = (at: number) => Math.min(Math.max(at, pod.content.start), pod.content.end);
    out.push({ detail: error.message, start: clamp(error.start), end: clamp(error.end), language: 'yaml' });
  }
  return out;
}
