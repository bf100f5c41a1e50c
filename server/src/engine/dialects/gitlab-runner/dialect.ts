// GitLab Runner's `config.toml`: where a platform team switches privileged mode or the host's Docker
// socket on for every job a runner takes. Each `[[runners]]` entry is a workload of CI scope, so the
// ci-* rules report it in the runner's words.
import type { Dialect } from '../dialect.js';
import { readRunnerConfig, runnerConfigWorkloads, type RunnerConfig } from './model.js';
import { modelKey, perFile, type ParsedFile } from '../../parsed-file.js';

/** `gitlab-runner/config.toml` and `.gitlab-runner/config.toml` (the runner's own folder, as installed or mounted). */
export function isRunnerConfigPath(path: string): boolean {
  return /(^|\/)\.?gitlab-runner\/config\.toml$/i.test(path);
}

/** A `[[runners]]` table header at the start of a line. */
const RUNNERS_TABLE = /^[ \t]*\[\[[ \t]*runners[ \t]*\]\][ \t]*(#.*)?\r?$/m;

export function looksLikeRunnerConfig(head: string): boolean {
  return RUNNERS_TABLE.test(head);
}

const configKey = modelKey<RunnerConfig>('gitlab-runner:config');

function config(file: ParsedFile): RunnerConfig {
  return file.model(configKey, (f) => readRunnerConfig(f.text));
}

export const gitlabRunner: Dialect = {
  id: 'gitlab-runner',
  fileKind: 'gitlab-runner',
  scope: 'job',
  comment: '#',
  format: 'toml',
  claimsPath: (path) => isRunnerConfigPath(path),
  sniffToml: looksLikeRunnerConfig,
  workloads: perFile('workloads:gitlab-runner', (f) => runnerConfigWorkloads(config(f))),
  problems: (file) => config(file).problems.map((p) => ({ ...p, language: 'toml' as const })),
};
