// Bitbucket Pipelines: every step of `pipelines:` (default, branches, tags, bookmarks,
// pull-requests, custom; inside `parallel:` and `stage:` too) is a workload. A step reused through
// an anchor (`- step: *build`) is one workload, at its definition, so its facts are reported once.
// The step's image (or the file's) is its own container; `script:` and `after-script:` lines are
// its scripts. `services: [docker]` and the global `options: docker: true` hand the step the Docker
// daemon Bitbucket runs beside it: that is a platform daemon (`hostDaemon`), not a container of the
// step. Other services come from `definitions.services`, with their image and settings, placed at
// the step's reference to them.
import type { Container, Fact, Script, Workload, WorkloadFile } from '../../model/workload.js';
import type { ParsedFile } from '../../parsed-file.js';
import { isMap, type Document, type YamlNode } from '../../parse/yaml.js';
import { container, jobWorkload, YamlReader } from '../yaml-reader.js';

const STEP_DAEMON = 'the Docker daemon Bitbucket runs beside the step for `services: [docker]`, which refuses privileged containers and host mounts';
const GLOBAL_DAEMON = 'the Docker daemon Bitbucket runs beside every step for `options: docker: true`, which refuses privileged containers and host mounts';

interface StepRef {
  node: YamlNode;
  keyRange: { start: number; end: number };
  where: string;
}

class BitbucketFile {
  private readonly r: YamlReader;
  private readonly root: YamlNode | undefined;
  private readonly seen = new Set<unknown>();
  readonly steps: StepRef[] = [];

  constructor(text: string, doc: Document.Parsed) {
    this.r = new YamlReader(text, doc);
    this.root = this.r.resolve(doc.contents);
  }

  /** Items of a pipeline list: `step`, `parallel` (a list, or `{steps: [...]}`), `stage: {steps}`. */
  private collect(items: unknown, where: string, depth = 0): void {
    const r = this.r;
    // An alias can make a list contain itself; Bitbucket nests no deeper than a stage's parallel.
    if (depth > 8) return;
    let n = 0;
    for (const item of r.items(items)) {
      for (const e of r.entries(item)) {
        if (e.key === 'step') {
          n += 1;
          const node = e.value;
          const keyRange = r.span(e.keyNode);
          if (!node || !isMap(node) || !keyRange || this.seen.has(node)) continue;
          this.seen.add(node);
          this.steps.push({ node, keyRange, where: `${where} step ${n}` });
        } else if (e.key === 'parallel') {
          this.collect(r.isMap(e.value) ? r.get(e.value, 'steps') : e.value, `${where} parallel`, depth + 1);
        } else if (e.key === 'stage') {
          this.collect(r.get(e.value, 'steps'), `${where} stage`, depth + 1);
        }
      }
    }
  }

  read(): this {
    const r = this.r;
    const pipelines = r.get(this.root, 'pipelines');
    for (const e of r.entries(pipelines)) {
      if (e.key === 'default') this.collect(e.value, 'default');
      else for (const sub of r.entries(e.value)) this.collect(sub.value, `${e.key} ${sub.key}`);
    }
    return this;
  }

  private image(node: unknown): Fact<string> | undefined {
    const r = this.r;
    return r.isMap(node) ? r.fact(r.get(node, 'name')) : r.fact(node);
  }

  workload(step: StepRef, globalDaemon: Fact<string> | undefined): Workload {
    const r = this.r;
    const f = r.fields(step.node);
    const definitions = r.fields(r.get(r.get(this.root, 'definitions'), 'services'));
    const ownImage = this.image(f.get('image')?.value);
    const image = ownImage ?? this.image(r.get(this.root, 'image'));
    const own = container('job', {
      image,
      range: image?.range ?? step.keyRange,
      origin: ownImage || !image ? undefined : 'top-level',
      declaration: ownImage ? f.get('image')?.value : step.node,
    });
    const containers: Container[] = [own];
    let hostDaemon: Fact<string> | undefined;
    for (const ref of r.facts(f.get('services')?.value)) {
      const def = definitions.get(ref.value);
      const defImage = def ? r.fact(r.get(def.value, 'image')) : undefined;
      const type = def ? r.scalar(r.get(def.value, 'type'))?.value : undefined;
      if (!defImage && (ref.value === 'docker' || type === 'docker')) {
        hostDaemon ??= { value: STEP_DAEMON, range: ref.range };
        continue;
      }
      if (!def) continue;
      containers.push(
        container('service', {
          name: ref.value,
          nameRange: r.span(def.keyNode),
          image: defImage,
          // At the step's reference: each step that uses the definition states the fact there.
          range: ref.range,
          declaration: def.value,
          privileged: r.truth(r.get(def.value, 'privileged')),
          env: r.env(r.get(def.value, 'variables')),
        }),
      );
    }
    const scripts: Script[] = [];
    for (const section of ['script', 'after-script']) {
      for (const line of r.items(f.get(section)?.value)) {
        const s = r.scalar(line);
        if (s) scripts.push({ section, text: s.value, range: s.range, runsIn: own });
      }
    }
    const name = r.fact(f.get('name')?.value);
    return jobWorkload({
      dialect: 'bitbucket',
      kind: 'step',
      noun: 'step',
      name: name?.value ?? step.where,
      keyRange: step.keyRange,
      range: r.span(step.node) ?? step.keyRange,
      containers,
      scripts,
      runner: r.facts(f.get('runs-on')?.value),
      hostDaemon: hostDaemon ?? globalDaemon,
      handle: step.node,
    });
  }

  globalDaemon(): Fact<string> | undefined {
    const r = this.r;
    const flag = r.truth(r.get(r.get(this.root, 'options'), 'docker'));
    return flag ? { value: GLOBAL_DAEMON, range: flag.range } : undefined;
  }
}

export function bitbucketWorkloads(file: ParsedFile): WorkloadFile {
  const workloads: Workload[] = [];
  for (const doc of file.yaml.documents) {
    const b = new BitbucketFile(file.text, doc).read();
    const global = b.globalDaemon();
    for (const step of b.steps) workloads.push(b.workload(step, global));
  }
  return { workloads, globalEnv: [] };
}
