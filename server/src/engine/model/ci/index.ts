// The CI model of a file, whichever CI system it belongs to.
import type { ParsedFile } from '../../parsed-file.js';
import { githubActionsModel } from './github-actions.js';
import { gitlabModel } from './gitlab.js';
import type { CiModel } from './types.js';

export type * from './types.js';
export { gitlabModel } from './gitlab.js';
export { githubActionsModel } from './github-actions.js';

/** The CI model for GitLab CI and GitHub Actions files; undefined for other kinds. */
export function ciModel(file: ParsedFile): CiModel | undefined {
  if (file.kind === 'gitlab-ci') return gitlabModel(file);
  if (file.kind === 'github-actions') return githubActionsModel(file);
  return undefined;
}

/**
 * Jobs with concrete jobs first, then hidden templates: a fact shared by several jobs (a `default:`
 * script, an anchor) is then reported against a job that runs, not a template.
 */
export function jobsConcreteFirst(model: CiModel): CiModel['jobs'] {
  return [...model.jobs.filter((j) => !j.hidden), ...model.jobs.filter((j) => j.hidden)];
}
