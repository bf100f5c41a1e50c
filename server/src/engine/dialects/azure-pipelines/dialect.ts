// Azure Pipelines (`azure-pipelines.yml`, `*.azure-pipelines.yml`): jobs with container resources,
// service containers, and script/bash steps.
import type { Dialect } from '../dialect.js';
import { azureWorkloads } from './model.js';
import { perFile } from '../../parsed-file.js';

const TOP = /^(trigger|pr|pool|stages|jobs|steps|resources|extends|schedules|parameters):/m;
const ITEM = /^[ \t]*-[ \t]*(task|script|bash|pwsh|powershell|checkout|job|stage|deployment):/m;

export const azurePipelines: Dialect = {
  id: 'azure-pipelines',
  fileKind: 'azure-pipelines',
  scope: 'job',
  comment: '#',
  claimsPath: (_path, name) => /^(.+[.-])?azure-pipelines?\.ya?ml$/i.test(name),
  sniff: (head) => TOP.test(head) && ITEM.test(head),
  workloads: perFile('workloads:azure-pipelines', azureWorkloads),
};
