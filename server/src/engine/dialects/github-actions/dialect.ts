// GitHub Actions: a job's `container:` is its own container, `services:` its services, `run:` steps
// its scripts, and `env:` is layered workflow → job → step (model/ci/github-actions.ts).
import { githubActionsModel } from '../../model/ci/github-actions.js';
import { ciWorkloads } from '../ci-jobs.js';
import type { Dialect } from '../dialect.js';

export const githubActions: Dialect = {
  id: 'github-actions',
  fileKind: 'github-actions',
  scope: 'job',
  comment: '#',
  workloads: (file) => file.model('workloads:github-actions', (f) => ciWorkloads(f, 'github-actions', githubActionsModel(f))),
};
