// CircleCI: every job of `jobs:` is a workload. Its `docker:` executor images are containers (the
// first is the job's own, the rest are services), also through a named `executor:`; a `machine:`
// executor is a runner label. `run` steps are scripts. `setup_remote_docker` hands the job a remote
// Docker engine in a VM of its own: a platform daemon (`hostDaemon`), not a privileged container
// beside the build. Orb jobs and orb commands come from outside the file: `unresolved`. An orb's
// example file keeps its config under `usage:`, which is read the same way.
import type { Container, Fact, Script, Workload, WorkloadFile } from '../../model/workload.js';
import type { ParsedFile } from '../../parsed-file.js';
import { isMap, isScalar, type Document, type YamlNode } from '../../parse/yaml.js';
import { container, jobWorkload, YamlReader } from '../yaml-reader.js';

const REMOTE_DOCKER =
  'the remote Docker engine CircleCI starts in a separate VM for `setup_remote_docker`; the job reaches it over the network, and no container of the job runs privileged';

/** Steps that take no shell and start nothing (CircleCI's built-in steps). */
const BUILTIN_STEPS = new Set([
  'checkout', 'setup_remote_docker', 'run', 'save_cache', 'restore_cache', 'store_artifacts', 'store_test_results',
  'persist_to_workspace', 'attach_workspace', 'add_ssh_keys', 'when', 'unless', 'deploy',
]);

function configRoot(r: YamlReader, doc: Document.Parsed): YamlNode | undefined {
  const root = r.resolve(doc.contents);
  const usage = r.get(root, 'usage');
  if (r.get(root, 'jobs') === undefined && r.get(root, 'workflows') === undefined && r.isMap(usage)) return r.resolve(usage);
  return root;
}

function executorContainers(r: YamlReader, node: unknown): { containers: Container[]; runner: Fact<string>[] } {
  const f = r.fields(node);
  const containers: Container[] = [];
  r.items(f.get('docker')?.value).forEach((item, i) => {
    const image = r.fact(r.get(item, 'image'));
    const range = r.span(item);
    if (!range) return;
    const name = r.scalar(r.get(item, 'name'))?.value;
    containers.push(
      container(i === 0 ? 'job' : 'service', {
        name,
        image,
        range: i === 0 ? (image?.range ?? range) : range,
        declaration: item,
        env: r.env(r.get(item, 'environment')),
        entrypoint: r.words(r.get(item, 'entrypoint')),
        command: r.words(r.get(item, 'command')),
      }),
    );
  });
  const runner: Fact<string>[] = [];
  const machine = f.get('machine');
  if (machine) {
    const label = r.fact(r.get(machine.value, 'image')) ?? r.fact(machine.value);
    const at = r.span(machine.keyNode);
    if (at) runner.push({ value: label && label.value !== 'true' ? `machine ${label.value}` : 'machine', range: label?.range ?? at });
  }
  for (const key of ['macos', 'windows']) {
    const at = r.span(f.get(key)?.keyNode);
    if (at) runner.push({ value: key, range: at });
  }
  return { containers, runner };
}

export function circleciWorkloads(file: ParsedFile): WorkloadFile {
  const workloads: Workload[] = [];
  for (const doc of file.yaml.documents) {
    const r = new YamlReader(file.text, doc);
    const root = configRoot(r, doc);
    if (!root || !isMap(root)) continue;
    const executors = r.fields(r.get(root, 'executors'));
    const jobs = r.fields(r.get(root, 'jobs'));
    for (const [name, e] of jobs) {
      const keyRange = r.span(e.keyNode);
      if (!keyRange || !r.isMap(e.value)) continue;
      const f = r.fields(e.value);
      const unresolved: string[] = [];
      let exec: unknown = e.value;
      const executor = f.get('executor');
      if (executor) {
        const ref = r.isMap(executor.value) ? r.scalar(r.get(executor.value, 'name'))?.value : r.scalar(executor.value)?.value;
        if (ref !== undefined) {
          const named = executors.get(ref);
          if (named) exec = named.value;
          else unresolved.push(ref);
        }
      }
      const { containers, runner } = executorContainers(r, exec);
      const own = containers[0] ?? container('job', { range: keyRange, declaration: e.value });
      if (containers.length === 0) containers.push(own);
      const scripts: Script[] = [];
      let hostDaemon: Fact<string> | undefined;
      for (const step of r.items(f.get('steps')?.value)) {
        const stepName = isScalar(step) && typeof step.value === 'string' ? step.value : r.entries(step)[0]?.key;
        const stepEntry = isMap(step) ? r.entries(step)[0] : undefined;
        if (stepName === undefined) continue;
        if (stepName === 'setup_remote_docker') {
          const at = isScalar(step) ? r.span(step) : r.span(stepEntry?.keyNode);
          if (at) hostDaemon ??= { value: REMOTE_DOCKER, range: at };
        } else if (stepName === 'run' && stepEntry) {
          const command = r.isMap(stepEntry.value) ? r.get(stepEntry.value, 'command') : stepEntry.value;
          const s = r.scalar(command);
          if (s) scripts.push({ section: 'run', text: s.value, range: s.range, runsIn: own });
        } else if (!BUILTIN_STEPS.has(stepName) && !r.fields(r.get(root, 'commands')).has(stepName)) {
          unresolved.push(stepName);
        }
      }
      workloads.push(
        jobWorkload({
          dialect: 'circleci',
          kind: 'job',
          name,
          keyRange,
          range: r.span(e.value) ?? keyRange,
          containers,
          env: r.env(f.get('environment')?.value),
          scripts,
          runner,
          hostDaemon,
          unresolved,
          handle: e.value,
        }),
      );
    }
    // Workflow jobs the file does not define (orb jobs such as `docker/publish`): nothing to check, said so.
    const seen = new Set<string>(jobs.keys());
    for (const wf of r.entries(r.get(root, 'workflows'))) {
      for (const item of r.items(r.get(wf.value, 'jobs'))) {
        const ref = isScalar(item) ? r.scalar(item) : undefined;
        const entry = isMap(item) ? r.entries(item)[0] : undefined;
        const name = ref?.value ?? entry?.key;
        const keyRange = ref?.range ?? r.span(entry?.keyNode);
        if (name === undefined || !keyRange || seen.has(name)) continue;
        seen.add(name);
        workloads.push(jobWorkload({ dialect: 'circleci', kind: 'job', name, keyRange, range: keyRange, unresolved: [name], handle: item }));
      }
    }
  }
  return { workloads, globalEnv: [] };
}
