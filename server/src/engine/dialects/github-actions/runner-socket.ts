// What a self-hosted runner adds to a job's containers. The runner starts a job's `container:`, and
// the container of a `uses: docker://…` step, with the host's /var/run/docker.sock mounted (the
// runner's ContainerInfo and container action handler add the mount; the workflow never writes it),
// so `docker` in such a job drives the runner host's daemon. On GitHub-hosted runners that host is a
// disposable VM of the job's own; on a self-hosted runner it is the machine every job shares.
import { parseShell } from '../../parse/shell.js';
import { baseName, unwrap } from '../../parse/shell/programs.js';
import type { CiJob, CiStep } from '../ci-model.js';
import { isDockerCliImage } from '../../model/facts/images.js';
import type { Container, Fact, Workload } from '../../model/workload.js';
import { container } from '../yaml-reader.js';

/** The host socket the runner mounts (at the same path inside the container). */
export const RUNNER_SOCKET = '/var/run/docker.sock';

/** Actions that drive the Docker daemon they find (through the socket the runner mounts). */
const DAEMON_ACTIONS = /^docker\/(build-push-action|bake-action)@/i;

export function isSelfHosted(job: CiJob): boolean {
  return job.runsOn.some((l) => l.value.trim().toLowerCase() === 'self-hosted');
}

/** Whether a script runs the docker CLI (also behind sudo, env, exec…). */
export function runsDockerCli(text: string): boolean {
  if (!/docker/.test(text)) return false;
  return parseShell(text).some((command) => baseName(unwrap(command.argv)[0] ?? '') === 'docker');
}

function usesDaemon(step: CiStep): boolean {
  return (step.run !== undefined && runsDockerCli(step.run.text)) || (step.uses !== undefined && DAEMON_ACTIONS.test(step.uses.value));
}

/** The image of a `uses: docker://image` step, placed after the scheme. */
export function dockerStepImage(text: string, step: CiStep): Fact<string> | undefined {
  const uses = step.uses;
  if (!uses || !/^docker:\/\//i.test(uses.value)) return undefined;
  const image = uses.value.slice('docker://'.length);
  // A quoted scalar's range keeps its quotes: place the image at the characters that spell it.
  const at = text.slice(uses.range.start, uses.range.end).indexOf(uses.value);
  const start = uses.range.start + at + 'docker://'.length;
  return { value: image, range: at >= 0 ? { start, end: start + image.length } : uses.range };
}

/**
 * The workload with the socket the self-hosted runner mounts, where the job's steps use it: in the
 * job container (at its image) when steps run docker, in a docker-CLI `docker://` step's container.
 */
export function withRunnerSocket(text: string, w: Workload, job: CiJob): Workload {
  if (!isSelfHosted(job)) return w;
  const containers = [...w.containers];
  const own = containers[0];
  if (job.container && own?.role === 'job' && own.image && job.steps.some(usesDaemon)) {
    containers[0] = { ...own, runnerSocket: { value: RUNNER_SOCKET, range: own.image.range } };
  }
  for (const step of job.steps) {
    const image = dockerStepImage(text, step);
    if (!image || !isDockerCliImage(image.value)) continue;
    const name = step.name?.value ?? step.id?.value ?? `docker://${image.value}`;
    const c: Container = container('step', { name, image, range: step.range, declaration: step.node, runnerSocket: { value: RUNNER_SOCKET, range: image.range } });
    containers.push(c);
  }
  return containers.every((c, i) => c === w.containers[i]) && containers.length === w.containers.length ? w : { ...w, containers };
}
