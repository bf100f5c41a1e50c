// The neutral model of a GitLab Runner `config.toml`: each `[[runners]]` entry is a workload of CI
// scope whose one container stands for the container of every job the runner takes, since what
// `[runners.docker]` or `[runners.kubernetes]` says applies to all of them at once. Read with a TOML
// parser that keeps offsets; the text may be a masked copy of a larger file (TOML embedded in a
// YAML string), so every range points into the original file.
import { parseTOML, type AST } from 'toml-eslint-parser';
import type { Container, EnvVar, Fact, Volume, Workload, WorkloadFile } from '../../model/workload.js';
import type { OffsetRange } from '../../types.js';
import { container, jobWorkload } from '../yaml-reader.js';

export interface TomlProblem {
  detail: string;
  start: number;
  end: number;
}

export interface RunnerConfig {
  workloads: Workload[];
  problems: TomlProblem[];
}

type Node = AST.TOMLNode;

const span = (n: { range: [number, number] }): OffsetRange => ({ start: n.range[0], end: n.range[1] });

/** The range of a string's characters without its quotes (the value for one-line strings). */
function stringContent(v: AST.TOMLStringValue): OffsetRange {
  const quote = v.multiline ? 3 : 1;
  return { start: v.range[0] + quote, end: Math.max(v.range[0] + quote, v.range[1] - quote) };
}

function stringFact(n: Node | undefined): Fact<string> | undefined {
  return n?.type === 'TOMLValue' && n.kind === 'string' ? { value: n.value, range: stringContent(n) } : undefined;
}

function boolFact(n: Node | undefined): Fact<boolean> | undefined {
  return n?.type === 'TOMLValue' && n.kind === 'boolean' ? { value: n.value, range: span(n) } : undefined;
}

function stringFacts(n: Node | undefined): Fact<string>[] {
  if (n?.type !== 'TOMLArray') return [];
  return n.elements.flatMap((e) => {
    const f = stringFact(e);
    return f ? [f] : [];
  });
}

/**
 * The `[[runners]]` entry's `environment = ["NAME=value", …]`: variables the runner sets in every job it
 * takes. Ranges point into each string (the name, and the value after `=`).
 */
function environment(n: Node | undefined): EnvVar[] {
  if (n?.type !== 'TOMLArray') return [];
  const out: EnvVar[] = [];
  for (const e of n.elements) {
    const f = stringFact(e);
    if (!f) continue;
    const eq = f.value.indexOf('=');
    if (eq <= 0) continue;
    // Characters sit at their offsets unless an escape changed the length; then the whole string is the place.
    const exact = f.range.end - f.range.start === f.value.length;
    const nameRange = exact ? { start: f.range.start, end: f.range.start + eq } : f.range;
    const valueRange = exact ? { start: f.range.start + eq + 1, end: f.range.end } : undefined;
    out.push({ name: f.value.slice(0, eq), nameRange, value: f.value.slice(eq + 1), valueRange });
  }
  return out;
}

/** The key/value pairs written directly in a table (dotted keys inside it are kept by their joined name). */
function entries(body: readonly Node[]): Map<string, AST.TOMLKeyValue> {
  const out = new Map<string, AST.TOMLKeyValue>();
  for (const n of body) {
    if (n.type !== 'TOMLKeyValue') continue;
    const key = n.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value)).join('.');
    out.set(key, n);
  }
  return out;
}

/** One `[[runners]]` entry and the tables under it (`[runners.docker]`, `[[runners.kubernetes.volumes.host_path]]`). */
interface RunnerEntry {
  table: AST.TOMLTable;
  /** Tables below the entry, by their path after `runners.<index>.` (`docker`, `kubernetes.volumes.host_path.0`). */
  tables: Map<string, AST.TOMLTable>;
}

function runnerEntries(program: AST.TOMLProgram): RunnerEntry[] {
  const out: RunnerEntry[] = [];
  for (const t of program.body[0]?.body ?? []) {
    if (t.type !== 'TOMLTable') continue;
    const [head, index, ...rest] = t.resolvedKey;
    if (head !== 'runners' || typeof index !== 'number') continue;
    if (rest.length === 0) {
      out[index] = { table: t, tables: new Map() };
      continue;
    }
    out[index]?.tables.set(rest.join('.'), t);
  }
  return out.filter((e) => e !== undefined);
}

/**
 * Which executor table applies: the one `executor` names (`docker`, `docker+machine`,
 * `docker-autoscaler`, `docker-windows` read `[runners.docker]`), else the one written. Shell, SSH
 * and VM executors read neither, whatever the file also says.
 */
function executorFamily(executor: string | undefined, docker: boolean, kubernetes: boolean): 'docker' | 'kubernetes' | 'other' {
  if (executor === undefined) return kubernetes && !docker ? 'kubernetes' : 'docker';
  if (executor === 'kubernetes') return 'kubernetes';
  return /^docker/.test(executor) ? 'docker' : 'other';
}

/** Where the executor runs job containers, in message words; every job the runner takes inherits what it sets. */
function hostWords(executor: string | undefined): string {
  const where = executor === 'kubernetes' ? 'Kubernetes node' : 'runner host';
  return `${where} (every job the runner takes inherits it)`;
}

function runnerWorkload(entry: RunnerEntry): Workload {
  const own = entries(entry.table.body);
  const name = stringFact(own.get('name')?.value);
  const executor = stringFact(own.get('executor')?.value);
  const docker = entry.tables.get('docker');
  const kubernetes = entry.tables.get('kubernetes');
  // The executor named, else the one whose table is written.
  const kind = executorFamily(executor?.value, docker !== undefined, kubernetes !== undefined);
  const table = kind === 'kubernetes' ? kubernetes : kind === 'docker' ? docker : undefined;
  const settings = entries(table?.body ?? []);
  const bindMounts: Fact<string>[] = [];
  const hostNamespaces: Fact<string>[] = [];
  const volumes: Volume[] = [];
  if (kind === 'kubernetes') {
    for (const [path, t] of entry.tables) {
      if (!/^kubernetes\.volumes\.host_path\.\d+$/.test(path)) continue;
      const f = entries(t.body);
      const hostPath = stringFact(f.get('host_path')?.value);
      const mountPath = stringFact(f.get('mount_path')?.value);
      const volumeName = stringFact(f.get('name')?.value);
      if (!hostPath) continue;
      bindMounts.push({ value: `${hostPath.value}:${mountPath?.value ?? hostPath.value}`, range: hostPath.range });
      volumes.push({ name: volumeName?.value ?? hostPath.value, source: 'hostPath', hostPath, emptyDir: false, range: span(t), mountedBy: [] });
    }
  } else {
    bindMounts.push(...stringFacts(settings.get('volumes')?.value));
    const network = stringFact(settings.get('network_mode')?.value);
    if (network?.value === 'host') hostNamespaces.push({ value: 'network', range: network.range });
  }
  // A Kubernetes executor setting: the runner writes it into the securityContext of the build, helper
  // and service containers of every job pod. Unset, the runner writes nothing and the cluster's own
  // default (a policy's, else the kernel's) stands, so only a written value is a fact.
  const escalation = kind === 'kubernetes' ? boolFact(settings.get('allow_privilege_escalation')?.value) : undefined;
  const image = stringFact(settings.get('image')?.value);
  const declaration = table ?? entry.table;
  const job: Container = container('job', {
    image,
    range: span(declaration),
    declaration,
    privileged: boolFact(settings.get('privileged')?.value),
    allowPrivilegeEscalation: escalation ? { ...escalation, from: 'container' } : undefined,
    capabilitiesAdd: stringFacts(settings.get('cap_add')?.value),
    hostNamespaces,
    bindMounts,
  });
  for (const v of volumes) v.mountedBy.push(job);
  const services: Container[] = [];
  for (const [path, t] of entry.tables) {
    if (kind === 'other' || !new RegExp(`^${kind}\\.services\\.\\d+$`).test(path)) continue;
    const f = entries(t.body);
    const serviceImage = stringFact(f.get('name')?.value);
    const alias = stringFact(f.get('alias')?.value);
    // The `name = "…"` pair is the service's declaration, as a list item is in a CI file.
    const at = f.get('name') ?? t;
    services.push(container('service', { name: alias?.value, nameRange: alias?.range, image: serviceImage, range: span(at), declaration: t }));
  }
  return jobWorkload({
    dialect: 'gitlab-runner',
    kind: 'runner',
    noun: 'runner',
    host: hostWords(kind),
    name: name?.value ?? `runners[${runnerEntriesIndex(entry)}]`,
    keyRange: name?.range ?? span(entry.table.key),
    range: span(entry.table),
    containers: [job, ...services],
    env: environment(own.get('environment')?.value),
    volumes,
    handle: entry.table,
  });
}

function runnerEntriesIndex(entry: RunnerEntry): number {
  const index = entry.table.resolvedKey[1];
  return typeof index === 'number' ? index : 0;
}

/**
 * The words a parser error points at: the word starting there, or, when the parser stopped at the
 * end of a line or of the file (a missing value, an unclosed header), the last character before it.
 */
function problemRange(text: string, index: number): OffsetRange {
  let start = Math.min(Math.max(index, 0), text.length);
  if (start === text.length || /\s/.test(text[start])) {
    let back = start;
    while (back > 0 && /\s/.test(text[back - 1])) back--;
    if (back > 0) return { start: back - 1, end: back };
    return { start, end: start };
  }
  let end = start + 1;
  while (end < text.length && /[\w-]/.test(text[end]) && /[\w-]/.test(text[start])) end++;
  return { start, end };
}

/** Reads a runner configuration; a syntax error gives a problem and no workloads, never a throw. */
export function readRunnerConfig(text: string): RunnerConfig {
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (e) {
    const index = (e as { index?: unknown }).index;
    const detail = e instanceof Error ? e.message.replace(/\.$/, '') : String(e);
    return { workloads: [], problems: [{ detail, ...problemRange(text, typeof index === 'number' ? index : 0) }] };
  }
  return { workloads: runnerEntries(program).map(runnerWorkload), problems: [] };
}

export function runnerConfigWorkloads(config: RunnerConfig): WorkloadFile {
  return { workloads: config.workloads, globalEnv: [] };
}
