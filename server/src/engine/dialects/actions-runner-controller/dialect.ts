// actions-runner-controller: the runner scale-set chart's values and the legacy
// `actions.summerwind.dev` runner objects, read as CI-scope workloads (what they set, every job the
// runners take inherits).
import type { Dialect } from '../dialect.js';
import { legacyRunnerWorkloads, scaleSetWorkloads } from './model.js';
import { perFile } from '../../parsed-file.js';

/** The scale-set chart requires `githubConfigUrl`; the other keys tell its values from any file that happens to have one. */
const CONFIG_URL = /^githubConfigUrl:[ \t]*\S/m;
const SCALE_SET_KEYS = /^(githubConfigSecret|containerMode|runnerScaleSetName|minRunners|maxRunners|controllerServiceAccount|runnerGroup):/m;

export function looksLikeScaleSetValues(head: string): boolean {
  return CONFIG_URL.test(head) && SCALE_SET_KEYS.test(head);
}

export const arcScaleSetValues: Dialect = {
  id: 'actions-runner-controller',
  fileKind: 'runner-values',
  scope: 'job',
  comment: '#',
  sniff: looksLikeScaleSetValues,
  workloads: perFile('workloads:arc-scale-set', scaleSetWorkloads),
};

/** The legacy objects are Kubernetes objects: this dialect reads the files the Kubernetes dialect reads. */
export const arcLegacyRunners: Dialect = {
  id: 'actions-runner-controller',
  fileKind: 'k8s',
  scope: 'job',
  comment: '#',
  workloads: perFile('workloads:arc-legacy', legacyRunnerWorkloads),
};
