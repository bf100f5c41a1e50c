// The GitLab CI model: job discovery, inheritance (default, top-level, extends, anchors,
// !reference), services, scripts and variables, on hand-written cases and on the real corpus.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gitlabModel } from '../../server/src/engine/dialects/gitlab-ci/model.js';
import type { CiJob } from '../../server/src/engine/dialects/ci-model.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';

const corpus = sharedDir('corpus', 'gitlab');
const skip = sharedSkip('corpus');

function model(text: string) {
  return gitlabModel(new ParsedFile({ path: '.gitlab-ci.yml', text }, 'gitlab-ci'));
}

function corpusModel(name: string) {
  const text = readFileSync(join(corpus, name), 'utf8');
  return { text, model: model(text) };
}

function job(jobs: CiJob[], name: string): CiJob {
  const found = jobs.find((j) => j.name === name);
  assert.ok(found, `job ${name}`);
  return found;
}

const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

test('jobs are the non-reserved top-level maps, hidden ones marked; pages is a job', () => {
  const text = `stages: [build]\nvariables: {A: 1}\ndefault: {image: alpine}\ninclude: [{local: x.yml}]\nworkflow: {rules: []}\nimage: a\nservices: []\nbefore_script: []\nafter_script: []\ncache: {}\n.tmpl:\n  script: x\npages:\n  script: y\nnot-a-job: 3\n`;
  const m = model(text);
  assert.deepEqual(m.jobs.map((j) => [j.name, j.hidden]), [['.tmpl', true], ['pages', false]]);
  assert.equal(m.hasIncludes, true);
  assert.equal(slice(text, m.jobs[1].keyRange), 'pages');
  assert.equal(slice(text, m.jobs[1].range), 'script: y');
});

test('extends deep-merges hashes and replaces arrays; the job wins; origins are recorded', () => {
  const text = `.base:
  image: docker:24
  variables:
    A: base-a
    B: base-b
  script:
    - base script
.mid:
  extends: .base
  variables:
    B: mid-b
job:
  extends: [.mid, .missing]
  variables:
    C: job-c
  script:
    - job script
`;
  const j = job(model(text).jobs, 'job');
  assert.deepEqual(j.extends, ['.mid', '.missing']);
  assert.deepEqual(j.extendsUnresolved, ['.missing']);
  assert.deepEqual(
    j.variables.map((v) => [v.name, v.value, v.inheritedFrom]),
    [['A', 'base-a', '.base'], ['B', 'mid-b', '.mid'], ['C', 'job-c', undefined]],
  );
  assert.deepEqual(j.scripts.map((s) => [s.section, s.text, s.inheritedFrom]), [['script', 'job script', undefined]]);
  assert.equal(j.image?.name, 'docker:24');
  assert.equal(j.image?.inheritedFrom, '.base');
});

test('transitively unresolved extends and cycles are reported, never followed forever', () => {
  const text = `.a:\n  extends: .from-include\n.b:\n  extends: .c\n.c:\n  extends: .b\nx:\n  extends: .a\n  script: s\ny:\n  extends: .b\n  script: s\n`;
  const m = model(text);
  assert.deepEqual(job(m.jobs, 'x').extendsUnresolved, ['.from-include']);
  assert.ok(job(m.jobs, 'y').extendsUnresolved.length > 0);
});

test('default and top-level keywords are inherited unless inherit says otherwise', () => {
  const text = `image: ruby:3
variables:
  GLOBAL: g
  OTHER: o
default:
  before_script: [echo default]
  services: [postgres:15]
  tags: [docker]
a:
  script: a
b:
  inherit:
    default: false
    variables: [OTHER]
  script: b
c:
  inherit:
    default: [services]
    variables: false
  services: []
  script: c
`;
  const m = model(text);
  const a = job(m.jobs, 'a');
  assert.equal(a.image?.name, 'ruby:3');
  assert.equal(a.image?.inheritedFrom, 'top-level');
  assert.deepEqual(a.services.map((s) => [s.image, s.inheritedFrom]), [['postgres:15', 'default']]);
  assert.deepEqual(a.scripts.map((s) => [s.section, s.text]), [['before_script', 'echo default'], ['script', 'a']]);
  assert.deepEqual(a.tags.map((t) => t.value), ['docker']);
  assert.deepEqual(a.variables.map((v) => [v.name, v.inheritedFrom]), [['GLOBAL', 'top-level'], ['OTHER', 'top-level']]);
  const b = job(m.jobs, 'b');
  assert.equal(b.image, undefined);
  assert.deepEqual(b.services, []);
  assert.deepEqual(b.variables.map((v) => v.name), ['OTHER']);
  const c = job(m.jobs, 'c');
  assert.deepEqual(c.services, [], 'an explicit empty list wins over default');
  assert.deepEqual(c.variables, []);
  assert.deepEqual(m.variables.map((v) => v.name), ['GLOBAL', 'OTHER']);
  assert.deepEqual(m.defaultServices.map((s) => s.image), ['postgres:15']);
});

test('services as strings and maps, with alias, command, entrypoint and variables', () => {
  const text = `build:
  services:
    - docker:24.0.5-dind
    - name: docker:dind
      alias: dockerd
      command: ["--tls=false", "--mtu=1400"]
      entrypoint: [dockerd-entrypoint.sh]
      variables:
        DOCKER_TLS_CERTDIR: ""
    - {alias: no-name}
    -
  script: x
`;
  const [svcA, svcB] = job(model(text).jobs, 'build').services;
  assert.equal(svcA.image, 'docker:24.0.5-dind');
  assert.equal(slice(text, svcA.range), 'docker:24.0.5-dind');
  assert.equal(svcB.image, 'docker:dind');
  assert.equal(svcB.alias, 'dockerd');
  assert.deepEqual(svcB.command.map((c) => c.value), ['--tls=false', '--mtu=1400']);
  assert.equal(slice(text, svcB.command[0].range), '"--tls=false"');
  assert.deepEqual(svcB.entrypoint.map((c) => c.value), ['dockerd-entrypoint.sh']);
  assert.deepEqual(svcB.variables.map((v) => [v.name, v.value, slice(text, v.valueRange!)]), [['DOCKER_TLS_CERTDIR', '', '""']]);
  assert.equal(slice(text, svcB.range).split('\n')[0], 'name: docker:dind');
  assert.ok(slice(text, svcB.range).endsWith('DOCKER_TLS_CERTDIR: ""'));
  assert.equal(job(model(text).jobs, 'build').services.length, 2, 'items without a name are skipped');
});

test('anchors, merge keys and !reference: values resolved, origins labelled', () => {
  const text = `.common: &common
  image: docker:24
  before_script:
    - echo common
.setup:
  script:
    - echo setup
    - [nested, list]
job:
  <<: *common
  services: &svc
    - docker:dind
  script:
    - !reference [.setup, script]
    - |
      docker build .
      docker push x
    - !reference [.elsewhere, script]
other:
  services: *svc
  script: x
`;
  const m = model(text);
  const j = job(m.jobs, 'job');
  assert.equal(j.image?.inheritedFrom, '&common');
  assert.deepEqual(
    j.scripts.map((s) => [s.section, s.text, s.inheritedFrom]),
    [
      ['before_script', 'echo common', '&common'],
      ['script', 'echo setup', '.setup'],
      ['script', 'nested', '.setup'],
      ['script', 'list', '.setup'],
      ['script', 'docker build .\ndocker push x\n', undefined],
    ],
  );
  assert.equal(slice(text, j.scripts[4].range), '|\n      docker build .\n      docker push x');
  assert.deepEqual(j.referencesUnresolved, ['.elsewhere script']);
  assert.equal(j.services[0].inheritedFrom, undefined);
  const other = job(m.jobs, 'other');
  assert.equal(other.services[0].inheritedFrom, '&svc');
  assert.equal(other.services[0].node, j.services[0].node, 'the same YAML node is shared');
});

test('malformed and half-typed files give partial models without throwing', () => {
  const cases = [
    '',
    '# only a comment\n',
    '- a\n- b\n',
    'job: [unclosed\n',
    'job:\n  extends:\n  services:\n    - name:\n  script:\n    -\n  variables: [x]\n  image: {entrypoint: [""]}\n  inherit: {default: 3}\n',
    'default: 5\nservices: docker:dind\nvariables: [a]\njob:\n  script: !reference [job]\n',
    '.a: &a\n  <<: *a\nb:\n  <<: *a\n',
    'x: &x [*x]\n',
  ];
  for (const text of cases) assert.doesNotThrow(() => model(text), JSON.stringify(text));
  assert.deepEqual(job(model(cases[5]).jobs, 'job').scripts, []);
});

test('the model is built once per parsed file', () => {
  const file = new ParsedFile({ path: '.gitlab-ci.yml', text: 'a:\n  script: x\n' }, 'gitlab-ci');
  assert.equal(gitlabModel(file), gitlabModel(file));
});

test('corpus 01: two DinD jobs with docker:latest, login before_script, build and push', { skip }, () => {
  const { model: m } = corpusModel('01-gitlab-template-docker-dind.gitlab-ci.yml');
  assert.deepEqual(m.jobs.map((j) => j.name), ['docker-build-master', 'docker-build']);
  for (const j of m.jobs) {
    assert.equal(j.image?.name, 'docker:latest');
    assert.deepEqual(j.services.map((s) => s.image), ['docker:dind']);
    assert.deepEqual(j.scripts.map((s) => s.section), ['before_script', 'script', 'script']);
    assert.match(j.scripts[0].text, /^docker login -u "\$CI_REGISTRY_USER"/);
  }
  assert.equal(m.jobs[1].scripts[1].text, 'docker build --pull -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG" .');
});

test('corpus 02: the Kaniko template job has no services and an image map with entrypoint', { skip }, () => {
  const { model: m } = corpusModel('02-gitlab-template-kaniko-target.gitlab-ci.yml');
  assert.deepEqual(m.jobs.map((j) => j.name), ['kaniko-build']);
  const j = m.jobs[0];
  assert.equal(j.image?.name, 'gcr.io/kaniko-project/executor:debug');
  assert.deepEqual(j.image?.entrypoint.map((e) => e.value), ['']);
  assert.deepEqual(j.services, []);
  assert.deepEqual(j.variables.map((v) => [v.name, v.value]), [['KANIKO_ARGS', ''], ['KANIKO_BUILD_CONTEXT', '$CI_PROJECT_DIR']]);
  assert.ok(j.scripts.some((s) => s.text.startsWith('/kaniko/executor --context $KANIKO_BUILD_CONTEXT')));
  assert.ok(j.scripts[0].text.startsWith('if [ "$CI_COMMIT_REF_NAME" = $CI_DEFAULT_BRANCH ]; then'));
});

test('corpus 04: names with spaces, extends from included files recorded as unresolved', { skip }, () => {
  const { model: m } = corpusModel('04-gitlab-runner-prebuild-extends-docker-matrix-make.gitlab-ci.yml');
  assert.deepEqual(m.jobs.map((j) => j.name), [
    '.helper images base',
    'helper images',
    'helper images fips',
    'helper images binaries',
    'clone test repo',
    '.test definitions',
    'unit test definitions',
    'integration test definitions',
    'prepare done',
  ]);
  const helper = job(m.jobs, 'helper images');
  assert.deepEqual(helper.extends, ['.helper images base']);
  assert.ok(helper.extendsUnresolved.includes('.docker'));
  assert.deepEqual(helper.scripts.map((s) => [s.text, s.inheritedFrom]), [['make "helper-dockerarchive-${IMAGE_BASE}"', '.helper images base']]);
  const unit = job(m.jobs, 'unit test definitions');
  assert.deepEqual(unit.variables.map((v) => v.name), ['TESTFLAGS', 'TESTSDEFINITIONSPATH']);
  assert.equal(unit.scripts.length, 5);
});

test('corpus 05: veloren Kaniko job extends .publish; tags as flow list', { skip }, () => {
  const { model: m } = corpusModel('05-veloren-kaniko-real-world-target.gitlab-ci.yml');
  assert.deepEqual(m.jobs.map((j) => j.name), ['.publish', 'docker', 'gittag', 'pages']);
  const docker = job(m.jobs, 'docker');
  assert.deepEqual(docker.extendsUnresolved, []);
  assert.deepEqual(docker.tags.map((t) => t.value), ['veloren/veloren', 'publish', 'trusted']);
  assert.equal(docker.image?.name, 'gcr.io/kaniko-project/executor:debug');
  assert.deepEqual(docker.scripts.map((s) => s.section), ['before_script', 'script', 'script', 'script']);
});

test('corpus 06: merge key before_script, global image and variables, dind on every job', { skip }, () => {
  const { model: m } = corpusModel('06-tokend-werf-dind-anchors-merge-key-refuse.gitlab-ci.yml');
  assert.deepEqual(m.jobs.filter((j) => !j.hidden).map((j) => j.name), [
    'Build and Publish',
    'Build and Publish Tag',
    'Deploy to Staging',
    'Deploy to Production',
    'Cleanup',
  ]);
  for (const j of m.jobs.filter((x) => !x.hidden)) assert.deepEqual(j.services.map((s) => s.image), ['docker:18-dind']);
  const build = job(m.jobs, 'Build and Publish');
  const before = build.scripts.filter((s) => s.section === 'before_script');
  assert.equal(before.length, 8);
  assert.ok(before.every((s) => s.inheritedFrom === '&before_script_templ'));
  assert.deepEqual(build.scripts.filter((s) => s.section === 'script').map((s) => s.text), [
    'type multiwerf && . $(multiwerf use 1.1 stable --as-file)',
    'type werf && source $(werf ci-env gitlab --as-file)',
    'werf build --dev',
  ]);
  const staging = job(m.jobs, 'Deploy to Staging');
  assert.equal(staging.image?.name, 'dtzar/helm-kubectl:latest');
  assert.equal(job(m.jobs, '.before_script_template').image?.inheritedFrom, 'top-level');
  assert.ok(build.variables.some((v) => v.name === 'DOCKER_DRIVER' && v.value === 'overlay2' && v.inheritedFrom === 'top-level'));
  assert.deepEqual(build.tags.map((t) => t.value), ['tokend']);
});

test('corpus 07 and 08: a hidden DinD template only; a shell-runner job without services', { skip }, () => {
  const seven = corpusModel('07-meltano-hidden-docker-build-template-sourced-scripts.gitlab-ci.yml').model;
  assert.deepEqual(seven.jobs.map((j) => [j.name, j.hidden]), [['.docker_build', true]]);
  assert.deepEqual(seven.jobs[0].services.map((s) => [s.image, s.inheritedFrom]), [['docker:dind', undefined]]);
  assert.deepEqual(seven.jobs[0].scripts.map((s) => s.text), [
    'source .gitlab/ci/scripts/docker_build_before_script.sh',
    'source .gitlab/ci/scripts/docker_build_script.sh',
  ]);
  const eight = corpusModel('08-skeleton-shell-runner-script-file-not-dind.gitlab-ci.yml').model;
  assert.deepEqual(eight.jobs.map((j) => j.name), ['build']);
  assert.deepEqual(eight.jobs[0].tags.map((t) => t.value), ['shell-runner']);
  assert.deepEqual(eight.jobs[0].services, []);
  assert.equal(eight.hasIncludes, true);
});
