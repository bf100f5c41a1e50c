// The GitLab Runner Helm chart's values, whose `runners.config` string is the runner's config.toml.
import type { Dialect } from '../dialect.js';
import { chartProblems, chartWorkloads, looksLikeGitlabRunnerValues } from './gitlab-runner-chart.js';
import { perFile } from '../../parsed-file.js';

export const gitlabRunnerValues: Dialect = {
  id: 'gitlab-runner',
  fileKind: 'runner-values',
  scope: 'job',
  comment: '#',
  sniff: looksLikeGitlabRunnerValues,
  workloads: perFile('workloads:gitlab-runner-chart', chartWorkloads),
  problems: chartProblems,
};
