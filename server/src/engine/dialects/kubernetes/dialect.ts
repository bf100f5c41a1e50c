// Kubernetes: pods, workload controllers, CronJobs, pod templates, Argo workflows, and the bare pod
// YAML of Jenkins' kubernetes plugin.
import type { Dialect } from '../dialect.js';
import { podWorkloads } from '../pod-workloads.js';
import { perFile } from '../../parsed-file.js';

const API_VERSION = /^apiVersion:[ \t]*\S/m;
const KIND = /^kind:[ \t]*\S/m;
// Jenkins kubernetes-plugin pod files (`yamlFile`) are bare pods: no apiVersion/kind, just a pod spec.
const BARE_POD_SPEC = /^spec:[ \t]*(#.*)?$/m;
const BARE_POD_CONTAINERS = /^[ \t]+containers:[ \t]*(#.*)?$/m;
// A JSON manifest (`kubectl get -o json`, generated files): an object with apiVersion and kind.
const JSON_OBJECT = /^\s*\{/;
const JSON_API_VERSION = /"apiVersion"\s*:\s*"[^"]+"/;
const JSON_KIND = /"kind"\s*:\s*"[^"]+"/;

export const kubernetes: Dialect = {
  id: 'kubernetes',
  fileKind: 'k8s',
  scope: 'pod',
  comment: '#',
  // Tekton resources are Kubernetes objects too: this sniff claims them for both dialects.
  sniff: (head) => (API_VERSION.test(head) && KIND.test(head)) || (BARE_POD_SPEC.test(head) && BARE_POD_CONTAINERS.test(head)),
  sniffJson: (head) => JSON_OBJECT.test(head) && JSON_API_VERSION.test(head) && JSON_KIND.test(head),
  workloads: perFile('workloads:kubernetes', (f) => podWorkloads(f, 'kubernetes', (pod) => pod.system !== 'tekton', true)),
};
