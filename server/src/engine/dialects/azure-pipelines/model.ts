// Azure Pipelines: every job (`jobs:` at the top or in `stages:`, `deployment` jobs too, or the
// implicit job of a pipeline with top-level `steps:`) is a workload. Its `container:` (a
// `resources.containers` alias, an image, or an inline map) is its own container, with `options:`
// as runtime flags and `volumes:` as bind mounts; `services:` name further resource containers.
// `script:` and `bash:` steps are scripts. Template expressions (`${{ if … }}:` items, `${{ each }}`)
// are read through: the items under them count, since either branch may run. `task:` steps are kept
// with their scalar inputs (azureTasks), for the facts that read what a task does (a Docker@2 build).
import type { Container, ContainerRole, Fact, Script, Workload, WorkloadFile } from '../../model/workload.js';
import type { ParsedFile } from '../../parsed-file.js';
import { isMap, type Document, type YamlNode } from '../../parse/yaml.js';
import { perFile } from '../../parsed-file.js';
import { container, jobWorkload, YamlReader } from '../yaml-reader.js';

const EXPRESSION = /^\$\{\{.*\}\}$/s;
const SHELL_STEPS = ['script', 'bash'];

/** A `- task: Name@N` step: the task as written and its scalar `inputs:`, keyed by lowercased name (the agent reads input names case-insensitively). */
export interface AzureTask {
  task: Fact<string>;
  inputs: Map<string, Fact<string>>;
}

class AzureFile {
  readonly r: YamlReader;
  readonly root: YamlNode | undefined;
  private readonly resources = new Map<string, { node: YamlNode; range: { start: number; end: number } }>();
  /** The task steps of the jobs read so far, in the order jobs() reads them. */
  readonly tasks: AzureTask[] = [];

  constructor(text: string, doc: Document.Parsed) {
    this.r = new YamlReader(text, doc);
    this.root = this.r.resolve(doc.contents);
    for (const item of this.listItems(this.r.get(this.r.get(this.root, 'resources'), 'containers'))) {
      const name = this.r.scalar(this.r.get(item, 'container'))?.value;
      const range = this.r.span(item);
      if (name !== undefined && range) this.resources.set(name, { node: item, range });
    }
  }

  /** Items of a list, with the items of `${{ … }}:` conditional and loop entries spliced in. */
  listItems(node: unknown, depth = 0): YamlNode[] {
    const out: YamlNode[] = [];
    if (depth > 8) return out;
    for (const item of this.r.items(node)) {
      const entries = isMap(item) ? this.r.entries(item) : [];
      if (entries.length > 0 && entries.every((e) => EXPRESSION.test(e.key.trim()))) {
        for (const e of entries) out.push(...this.listItems(e.value, depth + 1));
      } else out.push(item);
    }
    return out;
  }

  /** A container from a resource alias, an image name, or an inline `{image, options, …}` map. */
  container(role: ContainerRole, node: unknown, name?: string): Container | undefined {
    const r = this.r;
    const ref = r.scalar(node);
    let decl: unknown = node;
    let origin: string | undefined;
    if (ref) {
      const resource = this.resources.get(ref.value);
      if (resource) {
        decl = resource.node;
        origin = 'resources.containers';
      } else if (EXPRESSION.test(ref.value.trim())) {
        return undefined;
      } else {
        return container(role, { name: name ?? ref.value, image: { value: ref.value, range: ref.range }, range: ref.range, declaration: node });
      }
    }
    if (!r.isMap(decl)) return undefined;
    const f = r.fields(decl);
    const range = r.span(decl);
    if (!range) return undefined;
    return container(role, {
      name: name ?? r.scalar(f.get('container')?.value)?.value,
      image: r.fact(f.get('image')?.value),
      range: role === 'job' ? (r.fact(f.get('image')?.value)?.range ?? range) : range,
      origin,
      declaration: decl,
      runtimeOptions: r.fact(f.get('options')?.value),
      bindMounts: r.facts(f.get('volumes')?.value),
      env: r.env(f.get('env')?.value),
    });
  }

  steps(job: unknown): YamlNode[] {
    const r = this.r;
    const out = this.listItems(r.get(job, 'steps'));
    // Deployment jobs keep their steps under strategy.<name>.<hook>.steps.
    for (const strategy of r.entries(r.get(job, 'strategy'))) {
      for (const hook of r.entries(strategy.value)) {
        out.push(...this.listItems(r.get(hook.value, 'steps')));
        for (const sub of r.entries(r.get(hook.value, 'on'))) out.push(...this.listItems(r.get(sub.value, 'steps')));
      }
    }
    return out;
  }

  workload(job: YamlNode, name: string, keyRange: { start: number; end: number }, inherited: Map<string, unknown>): Workload {
    const r = this.r;
    const f = r.fields(job);
    const containerNode = f.get('container')?.value ?? inherited.get('container');
    const own = this.container('job', containerNode) ?? container('job', { range: keyRange, declaration: job });
    const containers: Container[] = [own];
    for (const e of r.entries(f.get('services')?.value)) {
      const c = this.container('service', e.value, e.key);
      // Placed at the job's `alias: resource` entry: each job that uses the resource states the fact there.
      const at = r.entrySpan(e);
      if (c) containers.push(at ? { ...c, range: at, origin: undefined } : c);
    }
    const scripts: Script[] = [];
    for (const step of this.steps(job)) {
      for (const section of SHELL_STEPS) {
        const s = r.scalar(r.get(step, section));
        if (s) scripts.push({ section, text: s.value, range: s.range, runsIn: own });
      }
      const task = r.fact(r.get(step, 'task'));
      if (task) {
        const inputs = new Map<string, Fact<string>>();
        for (const e of r.entries(r.get(step, 'inputs'))) {
          const value = r.fact(e.value);
          if (value && !inputs.has(e.key.toLowerCase())) inputs.set(e.key.toLowerCase(), value);
        }
        this.tasks.push({ task, inputs });
      }
    }
    const pool = f.get('pool')?.value ?? inherited.get('pool');
    const runner: Fact<string>[] = r.isMap(pool) ? [...r.facts(r.get(pool, 'vmImage')), ...r.facts(r.get(pool, 'name'))] : r.facts(pool);
    return jobWorkload({
      dialect: 'azure-pipelines',
      kind: 'job',
      name,
      host: 'agent',
      keyRange,
      range: r.span(job) ?? keyRange,
      containers,
      scripts,
      runner,
      env: r.env(f.get('variables')?.value),
      unresolved: r.fact(f.get('template')?.value) ? [r.fact(f.get('template')?.value)!.value] : [],
      handle: job,
    });
  }

  jobs(): Workload[] {
    const r = this.r;
    const root = this.root;
    const top = new Map<string, unknown>([
      ['container', r.get(root, 'container')],
      ['pool', r.get(root, 'pool')],
    ]);
    const out: Workload[] = [];
    const readJobs = (list: unknown, inherited: Map<string, unknown>) => {
      this.listItems(list).forEach((item, i) => {
        if (!isMap(item)) return;
        const e = r.entries(item).find((x) => x.key === 'job' || x.key === 'deployment' || x.key === 'template');
        const id = r.fact(e?.value);
        const keyRange = id?.range ?? r.span(item);
        if (!keyRange) return;
        out.push(this.workload(item, id?.value ?? `job ${i + 1}`, keyRange, inherited));
      });
    };
    if (r.get(root, 'stages') !== undefined) {
      for (const stage of this.listItems(r.get(root, 'stages'))) {
        const pool = r.get(stage, 'pool');
        readJobs(r.get(stage, 'jobs'), pool !== undefined ? new Map([...top, ['pool', pool]]) : top);
      }
    } else if (r.get(root, 'jobs') !== undefined) {
      readJobs(r.get(root, 'jobs'), top);
    } else if (root && r.get(root, 'steps') !== undefined) {
      const keyRange = r.span(r.fields(root).get('steps')?.keyNode);
      if (keyRange) out.push(this.workload(root, 'Job', keyRange, new Map()));
    }
    return out;
  }
}

/** The workloads of an Azure Pipelines file and its task steps, read in one pass. */
const azureFile = perFile('azure-pipelines:file', (file): WorkloadFile & { tasks: AzureTask[] } => {
  const workloads: Workload[] = [];
  const tasks: AzureTask[] = [];
  for (const doc of file.yaml.documents) {
    const a = new AzureFile(file.text, doc);
    if (!a.root || !isMap(a.root)) continue;
    workloads.push(...a.jobs());
    tasks.push(...a.tasks);
  }
  return { workloads, globalEnv: [], tasks };
});

export function azureWorkloads(file: ParsedFile): WorkloadFile {
  const { workloads, globalEnv } = azureFile(file);
  return { workloads, globalEnv };
}

/** The `task:` steps of every job, in file order of the jobs. */
export function azureTasks(file: ParsedFile): AzureTask[] {
  return azureFile(file).tasks;
}
