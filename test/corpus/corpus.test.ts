// Real-world files (../shared/corpus, see SOURCES.tsv there): every file lints without a throw or an
// internal error, and the core rules fire exactly where the file shows the pattern. The table below
// was written from each file's content and its SOURCES.tsv notes, not from the linter's output.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/engine/registry.js';
import { lintFile } from '../../server/src/engine/runner.js';
import type { FileKind, LintResult } from '../../server/src/engine/types.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';

const corpusRoot = sharedDir('corpus');
const skip = sharedSkip('corpus');
const haveCorpus = skip === false;

type CoreRule = 'ci-dind-service' | 'ci-dind-no-tls' | 'ci-docker-socket' | 'ci-privileged' | 'k8s-privileged' | 'k8s-docker-socket';

/** A finding the file must produce, matched on the listed data fields. */
interface ExactFinding {
  ruleId: CoreRule;
  data: Record<string, string>;
  /** Whether the Kaniko rewrite is attached. */
  rewrite: boolean;
}

interface Expectation {
  kind: FileKind;
  /** Rules that must report at least once; a reason string marks a known gap (node:test todo). */
  fire?: Partial<Record<CoreRule, true | { todo: string }>>;
  /** Rules that must not report at all. */
  silent?: CoreRule[];
  /** For the core k8s rules (privileged, docker socket): the complete list of their findings in this file. */
  exact?: ExactFinding[];
  /**
   * For the pod-hardening rules: the complete list of their findings in this file, in order, as
   * `ruleId messageId severity`. Each was checked against the file and the builder's documented needs.
   */
  hardening?: string[];
}

/**
 * The pod-hardening rules (Pod Security Standards), whose findings `hardening` lists. No corpus file
 * sets automountServiceAccountToken or declares a ServiceAccount, so every build pod gets one
 * k8s-automount-service-account-token finding; the kubectl container of jenkins/03 uses a kubeconfig
 * credential of its own, not the pod's token.
 */
const HARDENING = new Set([
  'k8s-allow-privilege-escalation',
  'k8s-automount-service-account-token',
  'k8s-capabilities-drop-all',
  'k8s-dangerous-capability',
  'k8s-host-namespaces',
  'k8s-host-path',
  'k8s-host-users',
  'k8s-namespace-pod-security',
  'k8s-psp-removed',
  'k8s-run-as-root',
  'k8s-seccomp',
]);

const CI_ALL: CoreRule[] = ['ci-dind-service', 'ci-dind-no-tls', 'ci-docker-socket', 'ci-privileged'];
const K8S_ALL: CoreRule[] = ['k8s-privileged', 'k8s-docker-socket'];
const ALL: CoreRule[] = [...CI_ALL, ...K8S_ALL];

const expectations: Record<string, Expectation> = {
  // Jenkins: pod YAML embedded in Groovy strings is read as Kubernetes at its place in the file. The
  // Kaniko rewrite is not offered inside a Groovy string (rewrite: false).
  'jenkins/01-k8s-plugin-dind-podtemplate.groovy': {
    kind: 'jenkins',
    fire: { 'ci-dind-service': true, 'k8s-privileged': true },
    silent: ['k8s-docker-socket', 'ci-docker-socket', 'ci-privileged'],
    exact: [{ ruleId: 'k8s-privileged', data: { container: 'docker-daemon', kind: 'Pod' }, rewrite: false }],
    hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-automount-service-account-token mounted warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-host-users missing info', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation forced warning'],
  },
  'jenkins/02-k8s-plugin-kaniko-target.groovy': { kind: 'jenkins', silent: ALL, exact: [], hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-automount-service-account-token mounted warning', 'k8s-capabilities-drop-all kaniko info', 'k8s-host-users missing info', 'k8s-run-as-root kaniko info', 'k8s-seccomp unset warning'] },
  // The same DinD pod, plus a kubectl container that gets the same hardening findings as any.
  'jenkins/03-dind-sidecar-docker-build-dsl-withregistry-kubectl.groovy': {
    kind: 'jenkins',
    fire: { 'ci-dind-service': true, 'k8s-privileged': true },
    silent: ['k8s-docker-socket', 'ci-docker-socket', 'ci-privileged'],
    exact: [{ ruleId: 'k8s-privileged', data: { container: 'docker-daemon', kind: 'Pod' }, rewrite: false }],
    hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-automount-service-account-token mounted warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-host-users missing info', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation forced warning', 'k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning'],
  },
  // The pod lives in the companion file (yamlFile), which is linted as the Kubernetes file it is.
  'jenkins/04-declarative-yamlfile-dind-build-push-insecure-registry.Jenkinsfile': { kind: 'jenkins', silent: ALL, exact: [], hardening: [] },
  'jenkins/05-k8s-plugin-dood-socket-hostpath.groovy': {
    kind: 'jenkins',
    fire: { 'k8s-docker-socket': true },
    silent: ['k8s-privileged', ...CI_ALL],
    exact: [{ ruleId: 'k8s-docker-socket', data: { volume: 'dockersock', path: '/var/run/docker.sock' }, rewrite: false }],
    hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-automount-service-account-token mounted warning', 'k8s-host-users missing info'],
  },
  'jenkins/06-k8s-plugin-kaniko-declarative-target.groovy': { kind: 'jenkins', silent: ALL, exact: [], hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-automount-service-account-token mounted warning', 'k8s-capabilities-drop-all kaniko info', 'k8s-host-users missing info', 'k8s-run-as-root kaniko info', 'k8s-seccomp unset warning'] },

  // Two branch pipelines whose steps use `services: [docker]`, Bitbucket's own daemon: information
  // from ci-dind-service, nothing privileged or mounted.
  'bitbucket/01-connectomemapper-atlassian-docker-template-two-branches.yml': {
    kind: 'bitbucket',
    fire: { 'ci-dind-service': true },
    silent: ['ci-docker-socket', 'ci-privileged', 'ci-dind-no-tls', ...K8S_ALL],
  },
  // The anchored build step (services: docker) reused inside parallel: reported once, at the definition.
  'bitbucket/02-gitops-anchors-parallel-gcr-json-key.yml': {
    kind: 'bitbucket',
    fire: { 'ci-dind-service': true },
    silent: ['ci-docker-socket', 'ci-privileged', 'ci-dind-no-tls', ...K8S_ALL],
  },

  // Docker@1/Docker@2 tasks on hosted agents (the agent's own Docker), no container job, service
  // container, privileged option or socket mount; the scan step in 03 is a plain script.
  'azure-pipelines/01-msft-template-docker2-build-only.yml': { kind: 'azure-pipelines', silent: ALL },
  'azure-pipelines/02-msft-template-docker1-build-push-acr.yml': { kind: 'azure-pipelines', silent: ALL },
  'azure-pipelines/03-msdocs-docker2-build-then-local-image-scan.yml': { kind: 'azure-pipelines', silent: ALL },
  'azure-pipelines/04-msdocs-dotnet-docker2-buildandpush-acr-concrete.yml': { kind: 'azure-pipelines', silent: ALL },

  // setup_remote_docker: CircleCI's remote engine, information from ci-dind-service; the builds and
  // the test `docker run`s ask for nothing privileged and mount no socket.
  'circleci/01-tugger-setup-remote-docker-multitag.yml': {
    kind: 'circleci',
    fire: { 'ci-dind-service': true },
    silent: ['ci-docker-socket', 'ci-privileged', 'ci-dind-no-tls', ...K8S_ALL],
  },
  'circleci/02-syncserver-build-docker-run-tests-push-script.yml': {
    kind: 'circleci',
    fire: { 'ci-dind-service': true },
    silent: ['ci-docker-socket', 'ci-privileged', 'ci-dind-no-tls', ...K8S_ALL],
  },
  // Orb examples: the docker/publish orb job hides its remote engine; nothing in the file to report.
  'circleci/03-docker-orb-example-publish-extra-build-args.yml': { kind: 'circleci', silent: ALL },
  'circleci/04-docker-orb-example-publish-multiple-tags.yml': { kind: 'circleci', silent: ALL },

  // Four pipelines: the dapper build steps mount the host socket through a named host volume, the
  // publish steps use plugins/docker (a daemon the runner starts privileged); nothing says privileged.
  'drone/01-rancher-local-path-socket-mount-plugins-docker-multidoc.yml': {
    kind: 'drone',
    fire: { 'ci-docker-socket': true, 'ci-dind-service': true },
    silent: ['ci-privileged', 'ci-dind-no-tls', ...K8S_ALL],
  },
  // plugins/docker with inline credentials, a docker-compose step with no socket or daemon declared,
  // a postgres service.
  'drone/02-lemmy-compose-step-plugins-docker-inline-creds.yml': {
    kind: 'drone',
    fire: { 'ci-dind-service': true },
    silent: ['ci-docker-socket', 'ci-privileged', 'ci-dind-no-tls', ...K8S_ALL],
  },

  // GitHub-hosted runners with the runner's own Docker: no DinD service, socket mount or privileged container.
  'github-actions/01-starter-aws-ecr-build-push-run-step.yml': { kind: 'github-actions', silent: ALL },
  'github-actions/02-starter-docker-publish-build-push-action-cosign.yml': { kind: 'github-actions', silent: ALL },
  'github-actions/03-int128-kaniko-action-target.yaml': { kind: 'github-actions', silent: ALL },
  'github-actions/04-kaniko-images-multiarch-qemu-matrix-target-gha-cache.yaml': { kind: 'github-actions', silent: ALL },

  // Two jobs with `services: [docker:dind]`.
  'gitlab/01-gitlab-template-docker-dind.gitlab-ci.yml': {
    kind: 'gitlab-ci',
    fire: { 'ci-dind-service': true },
    silent: ['ci-docker-socket', 'ci-privileged', ...K8S_ALL],
  },
  // The Kaniko target itself.
  'gitlab/02-gitlab-template-kaniko-target.gitlab-ci.yml': { kind: 'gitlab-ci', silent: ALL },
  'gitlab/03-islibraryopen-dind-tag-conditional-retag-push.gitlab-ci.yml': {
    kind: 'gitlab-ci',
    fire: { 'ci-dind-service': true },
    silent: ['ci-docker-socket', 'ci-privileged', ...K8S_ALL],
  },
  // `.docker` (the DinD part) lives in another file; nothing in this one shows a daemon.
  'gitlab/04-gitlab-runner-prebuild-extends-docker-matrix-make.gitlab-ci.yml': { kind: 'gitlab-ci', silent: ALL },
  // Real-world Kaniko job.
  'gitlab/05-veloren-kaniko-real-world-target.gitlab-ci.yml': { kind: 'gitlab-ci', silent: ALL },
  // docker:18-dind services on werf and deploy jobs, reached through anchors and merge keys.
  'gitlab/06-tokend-werf-dind-anchors-merge-key-refuse.gitlab-ci.yml': {
    kind: 'gitlab-ci',
    fire: { 'ci-dind-service': true },
    silent: ['ci-docker-socket', 'ci-privileged', ...K8S_ALL],
  },
  // A hidden template job that still declares the docker:dind service.
  'gitlab/07-meltano-hidden-docker-build-template-sourced-scripts.gitlab-ci.yml': {
    kind: 'gitlab-ci',
    fire: { 'ci-dind-service': true },
    silent: ['ci-docker-socket', 'ci-privileged', ...K8S_ALL],
  },
  // Shell runner, build in a script file: no service, no socket declared in the YAML.
  'gitlab/08-skeleton-shell-runner-script-file-not-dind.gitlab-ci.yml': { kind: 'gitlab-ci', silent: ALL },

  // Companion pod of jenkins/04 (a bare pod, no apiVersion/kind): privileged docker:dind container.
  'jenkins/04b-declarative-yamlfile-companion-pod.yaml': {
    kind: 'k8s',
    fire: { 'k8s-privileged': true, 'ci-dind-service': true },
    silent: ['k8s-docker-socket', 'ci-docker-socket'],
    exact: [{ ruleId: 'k8s-privileged', data: { container: 'dind', kind: 'Pod' }, rewrite: true }],
    hardening: ['k8s-automount-service-account-token mounted warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-host-users missing info', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation forced warning'],
  },

  // Kaniko and BuildKit-rootless targets.
  'kubernetes/01-kaniko-upstream-pod-target.yaml': { kind: 'k8s', silent: ALL, exact: [], hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-automount-service-account-token mounted warning', 'k8s-capabilities-drop-all kaniko info', 'k8s-host-users missing info', 'k8s-run-as-root kaniko info', 'k8s-seccomp unset warning'] },
  'kubernetes/02-buildkit-rootless-job-alternative-target.yaml': { kind: 'k8s', silent: ALL, exact: [], hardening: ['k8s-seccomp buildkitRootless info', 'k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation buildkitRootless info', 'k8s-automount-service-account-token mounted warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-host-users missing info'] },
  'kubernetes/03-kaniko-upstream-pod-cache-gcr-target.yaml': { kind: 'k8s', silent: ALL, exact: [], hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-automount-service-account-token mounted warning', 'k8s-capabilities-drop-all kaniko info', 'k8s-host-users missing info', 'k8s-run-as-root kaniko info', 'k8s-seccomp unset warning'] },

  // Privileged dind sidecar (image from the dind_image parameter default), TLS over emptyDir certs.
  'tekton/01-catalog-docker-build-dind-sidecar.yaml': {
    kind: 'k8s',
    fire: { 'k8s-privileged': true, 'ci-dind-service': true },
    silent: ['k8s-docker-socket', 'ci-docker-socket'],
    exact: [{ ruleId: 'k8s-privileged', data: { container: 'server', role: 'sidecar', kind: 'Task', workload: 'docker-build' }, rewrite: true }],
    hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-host-users missing info', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation forced warning'],
  },
  'tekton/02-catalog-kaniko-task-target.yaml': { kind: 'k8s', silent: ALL, exact: [], hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all kaniko info', 'k8s-host-users missing info', 'k8s-seccomp unset warning', 'k8s-run-as-root kaniko info', 'k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning'] },
  // Buildah target: no daemon, but the catalog task does run its step privileged.
  'tekton/03-catalog-buildah-task-alternative-target.yaml': {
    kind: 'k8s',
    fire: { 'k8s-privileged': true },
    silent: ['k8s-docker-socket', 'ci-dind-service', 'ci-dind-no-tls', 'ci-docker-socket'],
    exact: [{ ruleId: 'k8s-privileged', data: { container: 'build-and-push', role: 'step', kind: 'Task', workload: 'buildah' }, rewrite: false }],
    hardening: ['k8s-capabilities-drop-all noDrop warning', 'k8s-host-users missing info', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation forced warning'],
  },
  // kind in a privileged docker:18.05-dind sidecar; /var/run is an emptyDir, the hostPaths are /lib/modules and cgroups.
  'tekton/04-catalog-kind-dind-sidecar-refuse.yaml': {
    kind: 'k8s',
    fire: { 'k8s-privileged': true, 'ci-dind-service': true },
    silent: ['k8s-docker-socket', 'ci-docker-socket'],
    exact: [{ ruleId: 'k8s-privileged', data: { container: 'dind', role: 'sidecar', kind: 'Task', workload: 'kind' }, rewrite: true }],
    hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-host-users missing info', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation forced warning', 'k8s-host-path sensitive warning', 'k8s-host-path sensitive error'],
  },
  'tekton/05-catalog-dockerslim-dind-refuse.yaml': {
    kind: 'k8s',
    fire: { 'k8s-privileged': true, 'ci-dind-service': true },
    silent: ['k8s-docker-socket', 'ci-docker-socket'],
    exact: [{ ruleId: 'k8s-privileged', data: { container: 'server', role: 'sidecar', kind: 'Task', workload: 'dockerslim-build' }, rewrite: true }],
    hardening: ['k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-capabilities-drop-all noDrop warning', 'k8s-host-users missing info', 'k8s-run-as-root mayRunAsRoot warning', 'k8s-seccomp unset warning', 'k8s-allow-privilege-escalation forced warning'],
  },
};

function corpusFiles(): string[] {
  if (!haveCorpus) return [];
  const out: string[] = [];
  for (const dir of readdirSync(corpusRoot, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(join(corpusRoot, dir.name)).sort()) out.push(`${dir.name}/${name}`);
  }
  return out.sort();
}

const files = corpusFiles();
const results = new Map<string, LintResult>();
function lint(path: string): LintResult {
  let result = results.get(path);
  if (!result) {
    result = lintFile({ path, text: readFileSync(join(corpusRoot, path), 'utf8') });
    results.set(path, result);
  }
  return result;
}

const registered = new Set(allRules.map((r) => r.id));
function gap(ruleId: string, declared?: { todo: string }): string | undefined {
  if (declared) return declared.todo;
  return registered.has(ruleId) ? undefined : `${ruleId} is not registered yet`;
}

test('every corpus file is listed in SOURCES.tsv and has an expectation here', { skip }, () => {
  const listed = readFileSync(join(corpusRoot, 'SOURCES.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0])
    .filter(Boolean)
    .sort();
  assert.deepEqual(files, listed);
  assert.deepEqual(files, Object.keys(expectations).sort());
});

for (const path of files) {
  const expected = expectations[path];
  test(`${path}: lints without a throw or an internal error, as ${expected?.kind}`, () => {
    const result = lint(path);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), []);
    assert.ok(expected, 'the file has an expectation');
    assert.equal(result.kind, expected.kind);
    if (expected.kind === 'unknown') assert.deepEqual(result.findings, []);
  });
  if (!expected) continue;

  for (const [ruleId, how] of Object.entries(expected.fire ?? {}) as [CoreRule, true | { todo: string }][]) {
    const todo = gap(ruleId, how === true ? undefined : how);
    test(`${path}: ${ruleId} fires`, { todo }, () => {
      assert.ok(lint(path).findings.some((f) => f.ruleId === ruleId), `${ruleId} did not fire`);
    });
  }
  if (expected.silent && expected.silent.length > 0) {
    test(`${path}: ${expected.silent.join(', ')} stay silent`, () => {
      const noisy = lint(path).findings.filter((f) => (expected.silent as string[]).includes(f.ruleId));
      assert.deepEqual(noisy.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }
  if (expected.exact) {
    const exact = expected.exact;
    test(`${path}: the k8s rules report exactly the expected findings`, () => {
      const actual = lint(path).findings.filter((f) => (K8S_ALL as string[]).includes(f.ruleId));
      assert.equal(actual.length, exact.length, actual.map((f) => f.message).join('\n'));
      exact.forEach((e, i) => {
        assert.equal(actual[i].ruleId, e.ruleId);
        for (const [key, value] of Object.entries(e.data)) assert.equal(actual[i].data[key], value, `finding ${i} data.${key}`);
        assert.equal(actual[i].fix !== undefined, e.rewrite, `finding ${i} offers the Kaniko rewrite: ${e.rewrite}`);
      });
    });
  }
  if (expected.hardening) {
    const hardening = expected.hardening;
    test(`${path}: the pod-hardening rules report exactly the expected findings`, () => {
      const actual = lint(path).findings.filter((f) => HARDENING.has(f.ruleId));
      assert.deepEqual(actual.map((f) => `${f.ruleId} ${f.messageId} ${f.severity}`), hardening, actual.map((f) => f.message).join('\n'));
    });
  }
}
