// Docker Compose: one workload per document with `services:`, each service a container. What a
// service asks of the host is read as facts: `privileged:`, bind mounts in short
// (`/var/run/docker.sock:/var/run/docker.sock`) and long (`type: bind`, `source:`) syntax,
// `cap_add:`, and `network_mode`/`pid`/`ipc`/`userns_mode: host`. `x-*` extension fields are
// skipped; anchors and merge keys resolve through the shared reader.
import type { Container, Fact, Workload, WorkloadFile } from '../../model/workload.js';
import type { ParsedFile } from '../../parsed-file.js';
import { isMap } from '../../parse/yaml.js';
import { baseName, container, jobWorkload, YamlReader } from '../yaml-reader.js';

const HOST_NAMESPACE_KEYS: Record<string, string> = { network_mode: 'network', pid: 'pid', ipc: 'ipc', userns_mode: 'user' };

function bindMounts(r: YamlReader, node: unknown): Fact<string>[] {
  const out: Fact<string>[] = [];
  for (const item of r.items(node)) {
    const short = r.fact(item);
    if (short) {
      out.push(short);
      continue;
    }
    if (!isMap(item)) continue;
    const f = r.fields(item);
    const type = r.scalar(f.get('type')?.value)?.value ?? 'volume';
    const source = r.fact(f.get('source')?.value);
    if (type !== 'bind' || !source) continue;
    const target = r.scalar(f.get('target')?.value)?.value ?? '';
    // The long syntax as the short one, placed at `source:`'s value.
    out.push({ value: `${source.value}:${target}`, range: source.range });
  }
  return out;
}

function serviceContainer(r: YamlReader, name: string, keyNode: unknown, node: unknown): Container | undefined {
  const nameRange = r.span(keyNode);
  const valueRange = r.span(node);
  if (!nameRange) return undefined;
  const f = r.fields(node);
  const hostNamespaces: Fact<string>[] = [];
  for (const [key, namespace] of Object.entries(HOST_NAMESPACE_KEYS)) {
    const v = r.fact(f.get(key)?.value);
    if (v && v.value.trim() === 'host') hostNamespaces.push({ value: namespace, range: v.range });
  }
  return container('service', {
    name,
    nameRange,
    image: r.fact(f.get('image')?.value),
    range: { start: nameRange.start, end: Math.max(nameRange.end, valueRange?.end ?? nameRange.end) },
    declaration: node,
    privileged: r.truth(f.get('privileged')?.value),
    capabilitiesAdd: r.facts(f.get('cap_add')?.value),
    hostNamespaces,
    env: r.env(f.get('environment')?.value),
    bindMounts: bindMounts(r, f.get('volumes')?.value),
    entrypoint: r.words(f.get('entrypoint')?.value),
    command: r.words(f.get('command')?.value),
  });
}

export function composeWorkloads(file: ParsedFile): WorkloadFile {
  const workloads: Workload[] = [];
  for (const doc of file.yaml.documents) {
    const r = new YamlReader(file.text, doc);
    const services = r.fields(doc.contents).get('services');
    if (!services || !r.isMap(services.value)) continue;
    const containers: Container[] = [];
    for (const e of r.entries(services.value)) {
      if (e.key.startsWith('x-') || !r.isMap(e.value)) continue;
      const c = serviceContainer(r, e.key, e.keyNode, e.value);
      if (c) containers.push(c);
    }
    const keyRange = r.span(services.keyNode);
    if (!keyRange) continue;
    workloads.push(
      jobWorkload({
        dialect: 'compose',
        kind: 'compose',
        noun: 'Compose file',
        host: 'Docker host',
        name: baseName(file.file.path),
        keyRange,
        range: r.entrySpan(services) ?? keyRange,
        containers,
        handle: services.value,
      }),
    );
  }
  return { workloads, globalEnv: [] };
}
