// Kubernetes: pods, workload controllers, CronJobs, pod templates, Argo workflows, and the bare pod
// YAML of Jenkins' kubernetes plugin.
import type { Dialect } from '../dialect.js';
import { podWorkloads } from '../pod-workloads.js';

export const kubernetes: Dialect = {
  id: 'kubernetes',
  fileKind: 'k8s',
  scope: 'pod',
  comment: '#',
  workloads: (file) => file.model('workloads:kubernetes', (f) => podWorkloads(f, 'kubernetes', (pod) => pod.system !== 'tekton')),
};
