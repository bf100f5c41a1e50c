// Jenkins: `Jenkinsfile`s and Groovy pipeline files, read by a tolerant scanner (never run). Two views
// of one file: the pod YAML they embed is Kubernetes (every pod rule applies inside the string), and
// the `containerTemplate`/`hostPathVolume` DSL is a CI-scope workload (privileged, host sockets).
import type { Dialect } from '../dialect.js';
import { jenkinsDslWorkloads, jenkinsPodWorkloads, jenkinsProblems } from './model.js';
import { perFile } from '../../parsed-file.js';

/** `Jenkinsfile`, `Jenkinsfile.release`, `build.Jenkinsfile`, `*.jenkinsfile`, `*.groovy`. */
export function isJenkinsfileName(name: string): boolean {
  return /^Jenkinsfile(\.[\w.-]+)?$/i.test(name) || /\.(jenkinsfile|groovy)$/i.test(name);
}

export const jenkinsPods: Dialect = {
  id: 'jenkins',
  fileKind: 'jenkins',
  scope: 'pod',
  comment: '//',
  format: 'groovy',
  claimsPath: (_path, name) => isJenkinsfileName(name),
  workloads: perFile('workloads:jenkins-pods', jenkinsPodWorkloads),
  problems: jenkinsProblems,
};

export const jenkinsAgents: Dialect = {
  id: 'jenkins',
  fileKind: 'jenkins',
  scope: 'job',
  comment: '//',
  format: 'groovy',
  claimsPath: (_path, name) => isJenkinsfileName(name),
  workloads: perFile('workloads:jenkins-dsl', jenkinsDslWorkloads),
};
