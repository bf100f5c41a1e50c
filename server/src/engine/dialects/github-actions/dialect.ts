// GitHub Actions: a job's `container:` is its own container, `services:` its services, `run:` steps
// its scripts, and `env:` is layered workflow → job → step (model.ts). On a
// self-hosted runner, the containers the runner starts get the host's Docker socket (runner-socket.ts).
import { githubActionsModel } from './model.js';
import { ciWorkloads } from '../ci-jobs.js';
import type { CiJob } from '../ci-model.js';
import { perFile, type ParsedFile } from '../../parsed-file.js';
import type { Dialect } from '../dialect.js';
import { isDockerCliImage } from '../../model/facts/images.js';
import type { Workload } from '../../model/workload.js';
import { dockerStepImage, withRunnerSocket } from './runner-socket.js';

const ON = /^(on|"on"|'on'):/m;
const JOBS = /^jobs:[ \t]*(#.*)?$/m;
const STEPS = /^\s+(runs-on|steps):/m;

export const githubActions: Dialect = {
  id: 'github-actions',
  fileKind: 'github-actions',
  scope: 'job',
  comment: '#',
  claimsPath: (path) => /(^|\/)\.github\/workflows\/[^/]+$/.test(path),
  sniff: (head) => ON.test(head) && JOBS.test(head) && STEPS.test(head),
  workloads: perFile('workloads:github-actions', workflowWorkloads),
};

/** The jobs of a workflow, with the socket a self-hosted runner mounts into the containers it starts. */
function workflowWorkloads(file: ParsedFile) {
  const result = ciWorkloads(file, 'github-actions', githubActionsModel(file));
  return { ...result, workloads: result.workloads.map((w) => withDockerStepArgs(file.text, withRunnerSocket(file.text, w, w.handle as CiJob), w.handle as CiJob)) };
}

/**
 * A `uses: docker://docker:…` step runs the docker CLI with `with: args` as its arguments, so those
 * arguments are a docker command line of the job (`run --privileged -v /var/run/docker.sock:…`). It
 * is read as the script `docker <args>`; findings are placed at the words inside `args`.
 */
function withDockerStepArgs(text: string, w: Workload, job: CiJob): Workload {
  const scripts = [...w.scripts];
  for (const step of job.steps) {
    const image = dockerStepImage(text, step);
    const args = step.with.get('args');
    if (!image || !args || !isDockerCliImage(image.value)) continue;
    const runsIn = w.containers.find((c) => c.role === 'step' && c.image?.range.start === image.range.start) ?? w.containers[0];
    if (runsIn) scripts.push({ section: 'with.args', text: `docker ${args.value}`, range: args.range, runsIn });
  }
  return scripts.length === w.scripts.length ? w : { ...w, scripts };
}
