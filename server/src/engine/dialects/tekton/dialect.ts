// Tekton: Task, ClusterTask, TaskRun and Pipeline/PipelineRun task specs; steps and sidecars are
// containers, `stepTemplate` settings reach every step, and step `script:` bodies are scripts.
import type { Dialect } from '../dialect.js';
import { podWorkloads } from '../pod-workloads.js';

export const tekton: Dialect = {
  id: 'tekton',
  fileKind: 'k8s',
  scope: 'pod',
  comment: '#',
  workloads: (file) => file.model('workloads:tekton', (f) => podWorkloads(f, 'tekton', (pod) => pod.system === 'tekton')),
};
