// Kubernetes: pods, workload controllers, CronJobs, pod templates, Argo workflows, and the bare pod
// YAML of Jenkins' kubernetes plugin.
import type { Dialect } from '../dialect.js';
import { podWorkloads } from '../pod-workloads.js';

const API_VERSION = /^apiVersion:[ \t]*\S/m;
const KIND = /^kind:[ \t]*\S/m;
// Jenkins kubernetes-plugin pod files (`yamlFile`) are bare pods: no apiVersion/kind, just a pod spec.
const BARE_POD_SPEC = /^spec:[ \t]*(#.*)?$/m;
const BARE_POD_CONTAINERS = /^[ \t]+containers:[ \t]*(#.*)?$/m;

export const kubernetes: Dialect = {
  id: 'kubernetes',
  fileKind: 'k8s',
  scope: 'pod',
  comment: '#',
  // Tekton resources are Kubernetes objects too: this sniff claims them for both dialects.
  sniff: (head) => (API_VERSION.test(head) && KIND.test(head)) || (BARE_POD_SPEC.test(head) && BARE_POD_CONTAINERS.test(head)),
  workloads: (file) => file.model('workloads:kubernetes', (f) => podWorkloads(f, 'kubernetes', (pod) => pod.system !== 'tekton')),
};
