// Every dialect, listed explicitly (static imports keep the bundle honest).
import type { FileKind } from '../types.js';
import { arcLegacyRunners, arcScaleSetValues } from './actions-runner-controller/dialect.js';
import { azurePipelines } from './azure-pipelines/dialect.js';
import { bitbucket } from './bitbucket/dialect.js';
import { circleci } from './circleci/dialect.js';
import type { Dialect } from './dialect.js';
import { compose } from './compose/dialect.js';
import { drone } from './drone/dialect.js';
import { githubActions } from './github-actions/dialect.js';
import { gitlabCi } from './gitlab-ci/dialect.js';
import { gitlabRunner } from './gitlab-runner/dialect.js';
import { jenkinsAgents, jenkinsPods } from './jenkins/dialect.js';
import { kubernetes } from './kubernetes/dialect.js';
import { gitlabRunnerValues } from './runner-values/dialect.js';
import { tekton } from './tekton/dialect.js';
import { woodpecker } from './woodpecker/dialect.js';

export type { Dialect } from './dialect.js';

// Path claims and content sniffs are asked in this order; Compose's sniff is the loosest, so it comes last.
export const allDialects: readonly Dialect[] = [gitlabCi, githubActions, kubernetes, tekton, drone, woodpecker, bitbucket, circleci, azurePipelines, jenkinsPods, jenkinsAgents, gitlabRunner, gitlabRunnerValues, arcScaleSetValues, arcLegacyRunners, compose];

/** Whether files of this kind are YAML text (not a Dockerfile, nor Groovy or TOML with YAML or TOML embedded). */
export function isYamlKind(kind: FileKind): boolean {
  return kind !== 'dockerfile' && kind !== 'unknown' && dialectsFor(kind).every((d) => (d.format ?? 'yaml') === 'yaml');
}

/** The dialects that read a file of this kind, in a fixed order. */
const dialectsByKind = new Map<FileKind, readonly Dialect[]>();

export function dialectsFor(kind: FileKind): readonly Dialect[] {
  // Asked for by the runner, every workload rule and the suppression pass of every file: filtered once per kind.
  let found = dialectsByKind.get(kind);
  if (!found) {
    found = allDialects.filter((d) => d.fileKind === kind);
    dialectsByKind.set(kind, found);
  }
  return found;
}
