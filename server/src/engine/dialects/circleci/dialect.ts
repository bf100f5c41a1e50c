// CircleCI (`.circleci/config.yml`, and orb example files): jobs with docker or machine executors,
// run steps as scripts, setup_remote_docker as the platform's remote engine.
import type { Dialect } from '../dialect.js';
import { circleciWorkloads } from './model.js';
import { perFile } from '../../parsed-file.js';

const VERSION_2 = /^[ \t]*version:[ \t]*["']?2(\.[01])?["']?[ \t]*(#.*)?$/m;
const CIRCLE_KEYS = /^[ \t]*(workflows|orbs|executors):[ \t]*(#.*)?$/m;
const JOB_STEPS = /^jobs:[ \t]*(#.*)?$/m;
const CHECKOUT = /^[ \t]+-[ \t]*(checkout|setup_remote_docker|run:)/m;
// Compose files also say `version: "2"`, but keep their containers under a top-level `services:`.
const COMPOSE = /^services:/m;

export const circleci: Dialect = {
  id: 'circleci',
  fileKind: 'circleci',
  scope: 'job',
  comment: '#',
  claimsPath: (path) => /(^|\/)\.circleci\/[^/]*config\.ya?ml$/i.test(path),
  sniff: (head) => VERSION_2.test(head) && !COMPOSE.test(head) && (CIRCLE_KEYS.test(head) || (JOB_STEPS.test(head) && CHECKOUT.test(head))),
  workloads: perFile('workloads:circleci', circleciWorkloads),
};
