// Bitbucket Pipelines (`bitbucket-pipelines.yml`): steps are workloads, the Docker service is the
// platform's daemon, `definitions.services` are service containers.
import type { Dialect } from '../dialect.js';
import { bitbucketWorkloads } from './model.js';
import { perFile } from '../../parsed-file.js';

const PIPELINES = /^pipelines:[ \t]*(#.*)?$/m;
const STEP = /^[ \t]*-[ \t]*step:/m;

export const bitbucket: Dialect = {
  id: 'bitbucket',
  fileKind: 'bitbucket',
  scope: 'job',
  comment: '#',
  claimsPath: (_path, name) => /^bitbucket-pipelines\.ya?ml$/i.test(name),
  sniff: (head) => PIPELINES.test(head) && STEP.test(head),
  workloads: perFile('workloads:bitbucket', bitbucketWorkloads),
};
