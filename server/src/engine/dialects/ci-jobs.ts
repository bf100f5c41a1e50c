// The neutral model of a CI model's jobs (GitLab CI and GitHub Actions read into the same CiModel):
// the job's own container first (image, `container:` options and volumes), then its services.
import { daemonlessRewrite } from '../rewrite/index.js';
import type { CiImage, CiJob, CiModel, CiScalar, CiService, CiVariable } from './ci-model.js';
import type { Container, DialectId, EnvVar, Fact, Workload, WorkloadFile } from '../model/workload.js';
import type { ParsedFile } from '../parsed-file.js';

function fact(s: CiScalar): Fact<string> {
  return { value: s.value, range: s.range };
}

export function envVar(v: CiVariable): EnvVar {
  return { name: v.name, nameRange: v.keyRange, value: v.value, valueRange: v.valueRange, origin: v.inheritedFrom };
}

function jobContainer(job: CiJob): Container {
  const image: CiImage | undefined = job.image;
  return {
    role: 'job',
    image: image ? { value: image.name, range: image.range } : undefined,
    range: image?.range ?? job.range,
    origin: image?.inheritedFrom,
    declaration: job.container?.node ?? image?.node ?? job.node,
    capabilitiesAdd: [],
    capabilitiesDrop: { items: [] },
    volumeMounts: [],
    env: (job.container?.variables ?? []).map(envVar),
    runtimeOptions: job.containerOptions ? fact(job.containerOptions) : undefined,
    bindMounts: job.volumes.map(fact),
    entrypoint: (image?.entrypoint ?? []).map(fact),
    command: [],
  };
}

function serviceContainer(service: CiService, origin: string | undefined): Container {
  return {
    role: 'service',
    name: service.alias,
    image: { value: service.image, range: service.imageRange },
    range: service.range,
    origin,
    declaration: service.node,
    capabilitiesAdd: [],
    capabilitiesDrop: { items: [] },
    volumeMounts: [],
    env: service.variables.map(envVar),
    runtimeOptions: service.options ? fact(service.options) : undefined,
    bindMounts: service.volumes.map(fact),
    entrypoint: service.entrypoint.map(fact),
    command: service.command.map(fact),
  };
}

function jobWorkload(file: ParsedFile, dialect: DialectId, model: CiModel, job: CiJob): Workload {
  const own = jobContainer(job);
  const system = model.system;
  const name = job.name;
  return {
    dialect,
    scope: 'job',
    kind: 'job',
    name,
    keyRange: job.keyRange,
    range: job.range,
    template: job.hidden,
    containers: [own, ...job.services.map((s) => serviceContainer(s, s.inheritedFrom))],
    env: [...job.variables, ...job.steps.flatMap((s) => s.env)].map(envVar),
    scripts: job.scripts.map((s) => ({ section: s.section, text: s.text, range: s.range, origin: s.inheritedFrom, runsIn: own })),
    volumes: [],
    annotations: [],
    runner: [...job.tags, ...job.runsOn].map(fact),
    unresolved: [...job.extendsUnresolved, ...job.referencesUnresolved],
    handle: job,
    rewrite: (options) => daemonlessRewrite(file, { system, job: name }, options),
  };
}

/**
 * Services declared for every job (GitLab `default:` or top-level `services:`) as template
 * workloads named by where they are declared; they offer no rewrite, having no job of their own.
 */
function defaultsWorkloads(dialect: DialectId, services: CiService[]): Workload[] {
  const byOrigin = new Map<string, CiService[]>();
  for (const s of services) {
    const origin = s.inheritedFrom ?? 'default';
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), s]);
  }
  return [...byOrigin].map(([origin, list]) => ({
    dialect,
    scope: 'job',
    kind: 'defaults',
    name: origin,
    keyRange: list[0].range,
    range: list[0].range,
    template: true,
    containers: list.map((s) => serviceContainer(s, undefined)),
    env: [],
    scripts: [],
    volumes: [],
    annotations: [],
    runner: [],
    unresolved: [],
    handle: list,
  }));
}

/** Concrete jobs first, then templates: a fact shared by several jobs is reported against one that runs. */
export function ciWorkloads(file: ParsedFile, dialect: DialectId, model: CiModel): WorkloadFile {
  const jobs = [...model.jobs.filter((j) => !j.hidden), ...model.jobs.filter((j) => j.hidden)];
  return {
    workloads: [...jobs.map((j) => jobWorkload(file, dialect, model, j)), ...defaultsWorkloads(dialect, model.defaultServices)],
    globalEnv: model.variables.map(envVar),
  };
}
