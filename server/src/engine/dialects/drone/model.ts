// Drone and Woodpecker pipelines: each pipeline document is a workload whose steps and services are
// containers, and each `commands:` entry is a script that runs in its step. Host volumes reach a
// container two ways: Drone names a pipeline-level `volumes: [{name, host: {path}}]` from the step's
// `volumes: [{name, path}]`, Woodpecker writes `host:container` strings on the step. Both become bind
// mounts placed at the host path. Plugin images the runner starts privileged to run a daemon of
// their own (`plugins/docker`) carry that as a fact, worded by the dialect.
import type { Container, ContainerRole, Fact, Script, Volume, Workload, WorkloadFile } from '../../model/workload.js';
import type { ParsedFile } from '../../parsed-file.js';
import { isMap, isScalar, type Document, type YamlNode } from '../../parse/yaml.js';
import type { DialectId } from '../../model/workload.js';
import { baseName, container, imageRepository, jobWorkload, YamlReader } from '../yaml-reader.js';

export interface PipelineSyntax {
  dialect: DialectId;
  /** Whether a document is a pipeline (Drone: `kind: pipeline`; Woodpecker: any with `steps:` or `pipeline:`). */
  isPipeline(r: YamlReader, root: YamlNode): boolean;
  /** The pipeline's name when it gives none. */
  defaultName(file: ParsedFile, index: number): string;
  /** Plugin images that run a Docker daemon and the runner starts privileged, with the words that say so. */
  daemonPlugin(image: string): string | undefined;
}

interface NamedNode {
  name: string | undefined;
  nameRange?: { start: number; end: number };
  node: YamlNode;
  range: { start: number; end: number };
}

/** Steps or services as a list of maps with `name:` or as a map from name to map. */
function namedItems(r: YamlReader, node: unknown): NamedNode[] {
  const out: NamedNode[] = [];
  if (r.isMap(node)) {
    for (const e of r.entries(node)) {
      const range = r.entrySpan(e);
      if (!isMap(e.value) || !range) continue;
      out.push({ name: e.key, nameRange: r.span(e.keyNode), node: e.value, range });
    }
    return out;
  }
  for (const item of r.items(node)) {
    const range = r.span(item);
    if (!isMap(item) || !range) continue;
    const name = r.fact(r.get(item, 'name'));
    out.push({ name: name?.value, nameRange: name?.range, node: item, range });
  }
  return out;
}

/** Pipeline-level Drone volumes: name → host path fact. */
function hostVolumes(r: YamlReader, node: unknown): Map<string, { volume: Volume; path: Fact<string> }> {
  const out = new Map<string, { volume: Volume; path: Fact<string> }>();
  for (const item of r.items(node)) {
    const name = r.scalar(r.get(item, 'name'))?.value;
    const range = r.span(item);
    if (name === undefined || !range) continue;
    const host = r.get(item, 'host');
    const path = r.fact(r.get(host, 'path'));
    const volume: Volume = {
      name,
      source: host !== undefined ? 'host' : r.get(item, 'temp') !== undefined ? 'temp' : undefined,
      hostPath: path,
      emptyDir: r.get(item, 'temp') !== undefined,
      range,
      mountedBy: [],
    };
    if (path) out.set(name, { volume, path });
    else out.set(name, { volume, path: { value: '', range } });
  }
  return out;
}

function readContainer(
  r: YamlReader,
  syntax: PipelineSyntax,
  role: ContainerRole,
  item: NamedNode,
  volumes: Map<string, { volume: Volume; path: Fact<string> }>,
): { container: Container; scripts: Omit<Script, 'runsIn'>[] } {
  const f = r.fields(item.node);
  const image = r.fact(f.get('image')?.value);
  const bindMounts: Fact<string>[] = [];
  const mounted: Volume[] = [];
  for (const v of r.items(f.get('volumes')?.value)) {
    const short = r.fact(v);
    if (short && short.value.includes(':')) {
      bindMounts.push(short);
      continue;
    }
    if (short) continue;
    const name = r.scalar(r.get(v, 'name'))?.value;
    const target = r.scalar(r.get(v, 'path'))?.value ?? '';
    const declared = name !== undefined ? volumes.get(name) : undefined;
    if (!declared) continue;
    mounted.push(declared.volume);
    if (declared.path.value !== '') bindMounts.push({ value: `${declared.path.value}:${target}`, range: declared.path.range });
  }
  const reason = image ? syntax.daemonPlugin(image.value) : undefined;
  const c = container(role, {
    name: item.name,
    nameRange: item.nameRange,
    image,
    range: item.range,
    declaration: item.node,
    privileged: r.truth(f.get('privileged')?.value),
    capabilitiesAdd: r.facts(f.get('cap_add')?.value),
    env: r.env(f.get('environment')?.value),
    bindMounts,
    entrypoint: r.words(f.get('entrypoint')?.value),
    command: r.words(f.get('command')?.value),
    daemon: reason && image ? { value: reason, range: image.range } : undefined,
  });
  for (const v of mounted) v.mountedBy.push(c);
  const scripts = r.items(f.get('commands')?.value).flatMap((node) => {
    const s = r.scalar(node);
    return s ? [{ section: 'commands', text: s.value, range: s.range }] : [];
  });
  return { container: c, scripts };
}

function pipelineWorkload(file: ParsedFile, syntax: PipelineSyntax, doc: Document.Parsed, index: number): Workload | undefined {
  const r = new YamlReader(file.text, doc);
  const root = r.resolve(doc.contents);
  if (!root || !isMap(root) || !syntax.isPipeline(r, root)) return undefined;
  const f = r.fields(root);
  const volumes = hostVolumes(r, f.get('volumes')?.value);
  const stepsEntry = f.get('steps') ?? f.get('pipeline');
  const containers: Container[] = [];
  const scripts: Script[] = [];
  const add = (role: ContainerRole, items: NamedNode[]) => {
    for (const item of items) {
      const read = readContainer(r, syntax, role, item, volumes);
      containers.push(read.container);
      for (const s of read.scripts) scripts.push({ ...s, runsIn: read.container });
    }
  };
  add('step', namedItems(r, stepsEntry?.value));
  add('service', namedItems(r, f.get('services')?.value));
  const name = r.fact(f.get('name')?.value);
  const range = r.span(root);
  const keyRange = name?.range ?? (stepsEntry ? r.span(stepsEntry.keyNode) : undefined) ?? range;
  if (!range || !keyRange) return undefined;
  const platform = r.get(root, 'platform');
  const runner = [...r.facts(r.get(platform, 'os')), ...r.facts(r.get(platform, 'arch')), ...r.facts(f.get('type')?.value)];
  return jobWorkload({
    dialect: syntax.dialect,
    kind: 'pipeline',
    noun: 'pipeline',
    name: name?.value ?? syntax.defaultName(file, index),
    keyRange,
    range,
    containers,
    scripts,
    volumes: [...volumes.values()].map((v) => v.volume),
    runner,
    env: r.env(f.get('environment')?.value),
    handle: root,
  });
}

export function pipelineWorkloads(file: ParsedFile, syntax: PipelineSyntax): WorkloadFile {
  const workloads: Workload[] = [];
  file.yaml.documents.forEach((doc, index) => {
    const w = pipelineWorkload(file, syntax, doc, index);
    if (w) workloads.push(w);
  });
  return { workloads, globalEnv: [] };
}

/** Whether an image is one of the listed plugin repositories, whatever its tag or Docker Hub prefix. */
export function isPluginImage(image: string, repositories: readonly string[]): boolean {
  return repositories.includes(imageRepository(image));
}

/** The file name without `.yml`/`.yaml`, which is how Woodpecker names a workflow. */
export function workflowName(file: ParsedFile): string {
  return baseName(file.file.path).replace(/\.ya?ml$/i, '').replace(/^\./, '');
}

export function scalarIs(r: YamlReader, node: unknown, value: string): boolean {
  const s = r.scalar(node);
  return s !== undefined && isScalar(s.node) && s.value.trim() === value;
}
