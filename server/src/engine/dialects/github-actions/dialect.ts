// GitHub Actions: a job's `container:` is its own container, `services:` its services, `run:` steps
// its scripts, and `env:` is layered workflow → job → step (model/ci/github-actions.ts).
import { githubActionsModel } from '../../model/ci/github-actions.js';
import { ciWorkloads } from '../ci-jobs.js';
import type { Dialect } from '../dialect.js';

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
  workloads: (file) => file.model('workloads:github-actions', (f) => ciWorkloads(f, 'github-actions', githubActionsModel(f))),
};
