// Tekton: Task, ClusterTask, TaskRun and Pipeline/PipelineRun task specs; steps and sidecars are
// containers, `stepTemplate` settings reach every step, and step `script:` bodies are scripts.
import type { Dialect } from '../dialect.js';
import { podWorkloads } from '../pod-workloads.js';
import { perFile } from '../../parsed-file.js';

export const tekton: Dialect = {
  id: 'tekton',
  fileKind: 'k8s',
  scope: 'pod',
  comment: '#',
  workloads: perFile('workloads:tekton', (f) => podWorkloads(f, 'tekton', (pod) => pod.system === 'tekton')),
};
