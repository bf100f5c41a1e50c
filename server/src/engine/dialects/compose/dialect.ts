// Docker Compose files: services are the containers of one workload that answers to the CI rules,
// since a Compose file run on a runner asks the same things of its host as a CI job.
import type { Dialect } from '../dialect.js';
import { composeWorkloads } from './model.js';
import { perFile } from '../../parsed-file.js';

const SERVICES = /^services:[ \t]*(#.*)?$/m;
const SERVICE_KEYS = /^[ \t]+(image|build|volumes|privileged|ports|depends_on|environment|network_mode|command):/m;
// Top-level keys of the CI systems and Kubernetes, which a Compose file never has.
const OTHER_SYSTEM = /^(jobs|stages|steps|pipelines|pipeline|workflows|kind|apiVersion|trigger|pool|on|script|definitions|resources|spec):/m;

export const compose: Dialect = {
  id: 'compose',
  fileKind: 'compose',
  scope: 'job',
  comment: '#',
  claimsPath: (_path, name) => /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i.test(name) || /^docker-compose[\w.-]*\.ya?ml$/i.test(name),
  sniff: (head) => SERVICES.test(head) && SERVICE_KEYS.test(head) && !OTHER_SYSTEM.test(head),
  workloads: perFile('workloads:compose', composeWorkloads),
};
