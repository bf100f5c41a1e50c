// GitLab CI: jobs with `image:`, `services:`, `variables:` and scripts, after `extends:`, `default:`,
// anchors and `!reference` are applied (model.ts).
import { gitlabModel } from './model.js';
import { ciWorkloads } from '../ci-jobs.js';
import type { Dialect } from '../dialect.js';
import { perFile } from '../../parsed-file.js';

export const gitlabCi: Dialect = {
  id: 'gitlab-ci',
  fileKind: 'gitlab-ci',
  scope: 'job',
  comment: '#',
  claimsPath: (path, name) =>
    /^\.?gitlab-ci\.ya?ml$/i.test(name) || /\.gitlab-ci\.ya?ml$/i.test(name) || /(^|\/)\.gitlab\/ci\/.+$/.test(path),
  workloads: perFile('workloads:gitlab-ci', (f) => ciWorkloads(f, 'gitlab-ci', gitlabModel(f))),
};
