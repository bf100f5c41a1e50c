// actions-runner-controller (ARC): where a platform team turns Docker-in-Docker on for every GitHub
// Actions job its runners take. Two shapes: the runner scale-set chart's values
// (`containerMode.type: dind` makes the chart render a privileged `docker:dind` sidecar), and the
// legacy `actions.summerwind.dev` RunnerDeployment/RunnerSet/Runner objects, whose runner pods get a
// privileged DinD sidecar unless `dockerEnabled: false`, or run dockerd privileged inside the runner
// container with `dockerdWithinRunnerContainer: true`. Each becomes a workload of CI scope.
import type { Container, Fact, Workload, WorkloadFile } from '../../model/workload.js';
import type { ParsedFile } from '../../parsed-file.js';
import { isMap, isScalar } from '../../parse/yaml.js';
import { container, jobWorkload, YamlReader } from '../yaml-reader.js';

/** The image ARC's legacy controller and the scale-set chart give the DinD sidecar. */
const DIND_IMAGE = 'docker:dind';
const HOST = 'Kubernetes node (every job the runner takes inherits it)';
const LEGACY_API = /^actions\.summerwind\.dev\//;
const LEGACY_KINDS: Record<string, string> = {
  RunnerDeployment: 'runner deployment',
  RunnerSet: 'runner set',
  RunnerReplicaSet: 'runner replica set',
  Runner: 'runner',
};

/** `false` written as a boolean (or the string "false"), with its range. */
function falsity(r: YamlReader, node: unknown): Fact<boolean> | undefined {
  const s = r.scalar(node);
  if (!s) return undefined;
  const v = (s.node as { value?: unknown }).value;
  return v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false') ? { value: false, range: s.range } : undefined;
}

/** The runner's own container, as the controller builds it. */
function runnerContainer(r: YamlReader, spec: unknown, daemon?: Fact<string>): Container {
  const image = r.fact(r.get(spec, 'image'));
  const range = r.span(spec) ?? { start: 0, end: 0 };
  return container('job', { name: 'runner', image, range, declaration: spec, daemon });
}

/** The legacy `actions.summerwind.dev` objects of one document. */
function legacyWorkload(r: YamlReader, doc: unknown): Workload | undefined {
  const apiVersion = r.scalar(r.get(doc, 'apiVersion'))?.value;
  const kindFact = r.fact(r.get(doc, 'kind'));
  if (!apiVersion || !LEGACY_API.test(apiVersion) || !kindFact || !(kindFact.value in LEGACY_KINDS)) return undefined;
  const top = r.get(doc, 'spec');
  // A RunnerDeployment or RunnerReplicaSet holds the runner spec in its template; a RunnerSet and a Runner in spec.
  const spec = kindFact.value === 'RunnerDeployment' || kindFact.value === 'RunnerReplicaSet' ? r.get(r.get(top, 'template'), 'spec') : top;
  if (!isMap(r.resolve(spec))) return undefined;
  const f = r.fields(spec);
  const within = r.truth(f.get('dockerdWithinRunnerContainer')?.value);
  const disabled = falsity(r, f.get('dockerEnabled')?.value);
  const containers: Container[] = [];
  if (within) {
    containers.push(
      runnerContainer(r, spec, {
        value: 'dockerdWithinRunnerContainer: true starts dockerd in the runner container, which the controller then runs privileged',
        range: within.range,
      }),
    );
  } else {
    containers.push(runnerContainer(r, spec));
    if (!disabled) {
      // The sidecar is the default: no word states it but `dockerEnabled: true` when written, else the kind.
      const at = r.truth(f.get('dockerEnabled')?.value)?.range ?? kindFact.range;
      containers.push(container('service', { name: 'docker', image: { value: DIND_IMAGE, range: at }, range: at, declaration: spec }));
    }
  }
  const name = r.fact(r.get(r.get(doc, 'metadata'), 'name'));
  return jobWorkload({
    dialect: 'actions-runner-controller',
    kind: kindFact.value,
    noun: LEGACY_KINDS[kindFact.value],
    host: HOST,
    name: name?.value,
    keyRange: name?.range ?? kindFact.range,
    range: r.span(doc) ?? kindFact.range,
    containers,
    handle: doc,
  });
}

export function legacyRunnerWorkloads(file: ParsedFile): WorkloadFile {
  const workloads: Workload[] = [];
  for (const doc of file.yaml.documents) {
    const w = legacyWorkload(new YamlReader(file.text, doc), doc.contents);
    if (w) workloads.push(w);
  }
  return { workloads, globalEnv: [] };
}

/** The scale-set chart's values: `containerMode.type: dind` is a DinD sidecar in every runner pod. */
export function scaleSetWorkloads(file: ParsedFile): WorkloadFile {
  const workloads: Workload[] = [];
  for (const doc of file.yaml.documents) {
    const r = new YamlReader(file.text, doc);
    const type = r.get(r.get(doc.contents, 'containerMode'), 'type');
    const mode = r.fact(type);
    if (!mode || !isScalar(r.resolve(type))) continue;
    const name = r.fact(r.get(doc.contents, 'runnerScaleSetName'));
    const runner = container('job', { name: 'runner', range: mode.range, declaration: doc.contents });
    const containers = [runner];
    if (mode.value.trim().toLowerCase() === 'dind') {
      containers.push(container('service', { name: 'dind', image: { value: DIND_IMAGE, range: mode.range }, range: mode.range, declaration: type }));
    }
    workloads.push(
      jobWorkload({
        dialect: 'actions-runner-controller',
        kind: 'AutoscalingRunnerSet',
        noun: 'runner scale set',
        host: HOST,
        name: name?.value,
        keyRange: name?.range ?? mode.range,
        range: r.span(doc.contents) ?? mode.range,
        containers,
        handle: doc.contents,
      }),
    );
  }
  return { workloads, globalEnv: [] };
}
