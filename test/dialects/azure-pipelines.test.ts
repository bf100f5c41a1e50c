// Azure Pipelines: what the dialect yields (a workload per job, in stages or not, container jobs
// with resource containers and their options, service containers, script and bash steps, template
// expressions read through) and how its files are recognised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, isCandidatePath } from '../../server/src/engine/classify.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { describeFile } from './describe.js';

const classified: [string, string, string][] = [
  ['azure-pipelines.yml', '', 'azure-pipelines'],
  ['ci/build.azure-pipelines.yml', '', 'azure-pipelines'],
  ['pipelines/ci.yml', 'trigger: [main]\npool:\n  vmImage: ubuntu-latest\nsteps:\n- script: make\n', 'azure-pipelines'],
  ['pipelines/other.yml', 'trigger: none\n', 'unknown'],
];
for (const [path, text, kind] of classified) {
  test(`azure-pipelines: classify ${path} → ${kind}`, () => assert.equal(classify(path, text), kind));
}
test('azure-pipelines: azure-pipelines.yml is a workspace candidate by name', () => assert.ok(isCandidatePath('azure-pipelines.yml')));

const P = 'azure-pipelines.yml';

const cases: { name: string; text: string; workloads: string[]; facts: string[] }[] = [
  {
    name: 'stages, a container job from resources with options and volumes, a service container, script and bash steps',
    text: `resources:\n  containers:\n  - container: builder\n    image: docker:27-cli\n    options: --privileged\n    volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\n  - container: dind\n    image: docker:27-dind\nstages:\n- stage: Build\n  jobs:\n  - job: Image\n    pool:\n      vmImage: ubuntu-latest\n    container: builder\n    services:\n      docker: dind\n    steps:\n    - script: docker build .\n    - bash: docker push x\n    - task: Docker@2\n      inputs:\n        command: build\n  - deployment: Ship\n    strategy:\n      runOnce:\n        deploy:\n          steps:\n          - script: ./deploy.sh\n`,
    workloads: [
      'azure-pipelines job Image job | job:builder:docker:27-cli<resources.containers service:docker:docker:27-dind | script@job bash@job',
      'azure-pipelines job Ship job | job:: | script@job',
    ],
    facts: [
      'Image: runner=ubuntu-latest builder.bind="/var/run/docker.sock:/var/run/docker.sock" builder.options="--privileged" script="docker build ." script="docker push x"',
      'Ship: script="./deploy.sh"',
    ],
  },
  {
    name: 'template expressions in lists, keys and values; an inline container; the implicit job',
    text: `parameters:\n- name: push\n  type: boolean\ncontainer:\n  image: \${{ parameters.image }}\n  options: \${{ parameters.opts }}\nsteps:\n- \${{ if eq(parameters.push, true) }}:\n  - script: docker run --privileged x\n- \${{ each s in parameters.extra }}:\n  - \${{ s }}\n- template: steps.yml\n`,
    workloads: ['azure-pipelines job Job job | job::${{ parameters.image }} | script@job'],
    facts: ['Job: job.options="${{ parameters.opts }}" script="docker run --privileged x"'],
  },
  { name: 'half-typed', text: `jobs:\n- job:\n  container: nowhere\n  steps:\n  - script:\n- 3\n`, workloads: ['azure-pipelines job job 1 job | job:nowhere:nowhere | '], facts: ['job 1: '] },
];

for (const c of cases) {
  test(`azure-pipelines workloads: ${c.name}`, () => {
    const d = describeFile(P, c.text);
    assert.deepEqual(d.workloads, c.workloads);
    assert.deepEqual(d.facts, c.facts);
  });
}

test('azure-pipelines: resource options are reported at the flag, with the agent as the host', () => {
  const text = `resources:\n  containers:\n  - container: b\n    image: docker:27\n    options: --cpus 2 --privileged\njobs:\n- job: A\n  container: b\n  steps:\n  - script: make\n- job: B\n  container: b\n  steps:\n  - script: make\n`;
  const f = lintFile({ path: P, text }).findings.filter((x) => x.ruleId === 'ci-privileged');
  assert.equal(f.length, 1, 'one declaration, one finding');
  assert.equal(text.slice(f[0].start, f[0].end), '--privileged');
  assert.match(f[0].message, /root on the agent/);
});

test('azure-pipelines: templates full of ${{ }} and {{ }} are a finding or none, never a throw', () => {
  for (const text of [
    `\${{ if true }}:\n  trigger: none\njobs:\n- \${{ each j in parameters.jobs }}:\n  - job: \${{ j.name }}\n    steps:\n    - \${{ j.steps }}\n`,
    `variables:\n  a: {{ x }}\nsteps:\n- script: {{ y }}\n`,
    `steps: &s\n- \${{ if x }}: *s\n`,
  ]) {
    const { findings } = lintFile({ path: P, text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
  }
});
