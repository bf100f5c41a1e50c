// Runner deployments: the GitLab Runner Helm chart's values (runners.config holds config.toml as a
// string, read at its offsets), actions-runner-controller scale-set values (containerMode dind) and
// the legacy actions.summerwind.dev runner objects. Recognition, workloads, findings at exact words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '../../server/src/engine/classify.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { describeFile } from './describe.js';

const GITLAB_VALUES = `gitlabUrl: https://gitlab.example.com/
rbac:
  create: true
runners:
  config: |
    [[runners]]
      name = "chart"
      [runners.kubernetes]
        namespace = "{{.Release.Namespace}}"
        image = "alpine"
        privileged = true
      {{- if .Values.socket }}
      [[runners.kubernetes.volumes.host_path]]
        name = "docker"
        mount_path = "/var/run/docker.sock"
        host_path = "/var/run/docker.sock"
      {{- end }}
`;

const SCALE_SET = `githubConfigUrl: "https://github.com/org"
githubConfigSecret: gh-app
runnerScaleSetName: builders
maxRunners: 5
containerMode:
  type: "dind"
`;

const LEGACY = `apiVersion: actions.summerwind.dev/v1alpha1
kind: RunnerDeployment
metadata:
  name: default-sidecar
spec:
  replicas: 2
  template:
    spec:
      repository: org/repo
---
apiVersion: actions.summerwind.dev/v1alpha1
kind: RunnerDeployment
metadata:
  name: within
spec:
  template:
    spec:
      image: summerwind/actions-runner-dind
      dockerdWithinRunnerContainer: true
---
apiVersion: actions.summerwind.dev/v1alpha1
kind: RunnerSet
metadata:
  name: no-docker
spec:
  dockerEnabled: false
  template:
    spec:
      containers:
      - name: runner
        securityContext:
          privileged: true
---
apiVersion: actions.summerwind.dev/v1alpha1
kind: Runner
metadata:
  name: explicit
spec:
  dockerEnabled: true
`;

const classified: [string, string, string][] = [
  ['values.yaml', GITLAB_VALUES, 'runner-values'],
  ['charts/gitlab-runner/values.yaml', GITLAB_VALUES, 'runner-values'],
  ['values.yaml', SCALE_SET, 'runner-values'],
  ['runners.yaml', LEGACY, 'k8s'],
  // A chart's values that merely have runners: or a config string are not a runner chart's.
  ['values.yaml', 'replicaCount: 1\nrunners:\n  enabled: true\nconfig: |\n  [[runners]]\n', 'unknown'],
  ['values.yaml', 'runners:\n  config: |\n    [[runners]]\n', 'unknown'],
  ['values.yaml', 'gitlabUrl: https://g/\nrunners:\n  config: "[[runners]]"\n', 'unknown'],
  ['values.yaml', 'githubConfigUrl: https://github.com/org\n', 'unknown'],
  ['values.yaml', 'image:\n  repository: nginx\ncontainerMode:\n  type: dind\n', 'unknown'],
];
for (const [path, text, kind] of classified) {
  test(`runner deployments: classify ${path} ${JSON.stringify(text.slice(0, 30))} → ${kind}`, () => assert.equal(classify(path, text), kind));
}

interface Case {
  name: string;
  path: string;
  text: string;
  workloads: string[];
  facts: string[];
}

const cases: Case[] = [
  {
    name: 'GitLab Runner chart values: the TOML string at its offsets, template actions blanked',
    path: 'values.yaml',
    text: GITLAB_VALUES,
    workloads: ['gitlab-runner runner chart job | job::alpine | '],
    facts: ['chart: noun=runner job.privileged="true" job.bind="/var/run/docker.sock"'],
  },
  {
    name: 'scale-set values in dind mode: a docker:dind sidecar',
    path: 'values.yaml',
    text: SCALE_SET,
    workloads: ['actions-runner-controller AutoscalingRunnerSet builders job | job:runner: service:dind:docker:dind | '],
    facts: ['builders: noun=runner scale set'],
  },
  {
    name: 'scale-set values in kubernetes mode: no sidecar',
    path: 'values.yaml',
    text: SCALE_SET.replace('"dind"', 'kubernetes'),
    workloads: ['actions-runner-controller AutoscalingRunnerSet builders job | job:runner: | '],
    facts: ['builders: noun=runner scale set'],
  },
  {
    name: 'legacy objects: the default sidecar, dockerd in the runner container, docker disabled, docker enabled',
    path: 'runners.yaml',
    text: LEGACY,
    workloads: [
      'kubernetes RunnerSet no-docker pod | container:runner: | ',
      'actions-runner-controller RunnerDeployment default-sidecar job | job:runner: service:docker:docker:dind | ',
      'actions-runner-controller RunnerDeployment within job | job:runner:summerwind/actions-runner-dind | ',
      'actions-runner-controller RunnerSet no-docker job | job:runner: | ',
      'actions-runner-controller Runner explicit job | job:runner: service:docker:docker:dind | ',
    ],
    facts: [
      'no-docker: runner.privileged="true"',
      'default-sidecar: noun=runner deployment',
      'within: noun=runner deployment runner.daemon="true"',
      'no-docker: noun=runner set',
      'explicit: noun=runner',
    ],
  },
];

for (const c of cases) {
  test(`runner deployments workloads: ${c.name}`, () => {
    const d = describeFile(c.path, c.text);
    assert.deepEqual(d.workloads, c.workloads);
    assert.deepEqual(d.facts, c.facts);
  });
}

const DAEMON_RULES = ['ci-dind-service', 'ci-privileged', 'ci-docker-socket', 'k8s-privileged', 'parse-error'];

const findingCases: { name: string; path: string; text: string; findings: string[] }[] = [
  { name: 'GitLab Runner chart values', path: 'values.yaml', text: GITLAB_VALUES, findings: ['ci-privileged@true', 'ci-docker-socket@/var/run/docker.sock'] },
  {
    name: 'a TOML error inside the chart string stays inside it',
    path: 'values.yaml',
    text: 'gitlabUrl: https://g/\nrunners:\n  config: |\n    [[runners]]\n      [runners.kubernetes\n        privileged = true\n',
    findings: ['parse-error@privileged'],
  },
  {
    name: 'a template action in a value\'s place is read as a value, not a syntax error',
    path: 'values.yaml',
    text: 'gitlabUrl: https://g/\nrunners:\n  config: |\n    [[runners]]\n      [runners.docker]\n        image = {{ .Values.image | quote }}\n        privileged = true\n',
    findings: ['ci-privileged@true'],
  },
  {
    name: 'an empty config string',
    path: 'values.yaml',
    text: 'gitlabUrl: https://g/\nrunners:\n  config: |\n    [[runners]]\n',
    findings: [],
  },
  {
    name: 'a privileged runner container in a RunnerDeployment is a pod fact',
    path: 'rd.yaml',
    text: 'apiVersion: actions.summerwind.dev/v1alpha1\nkind: RunnerDeployment\nmetadata:\n  name: rd\nspec:\n  template:\n    spec:\n      dockerEnabled: false\n      containers:\n      - name: runner\n        securityContext:\n          privileged: true\n',
    findings: ['k8s-privileged@true'],
  },
  { name: 'scale-set dind', path: 'values.yaml', text: SCALE_SET, findings: ['ci-dind-service@"dind"'] },
  {
    name: 'legacy objects',
    path: 'runners.yaml',
    text: LEGACY,
    findings: ['ci-dind-service@RunnerDeployment', 'ci-dind-service@true', 'k8s-privileged@true', 'ci-dind-service@true'],
  },
];

for (const c of findingCases) {
  test(`runner deployments findings: ${c.name}`, () => {
    const { findings } = lintFile({ path: c.path, text: c.text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
    const got = findings.filter((f) => DAEMON_RULES.includes(f.ruleId)).map((f) => `${f.ruleId}@${c.text.slice(f.start, f.end)}`);
    assert.deepEqual(got, c.findings);
  });
}

test('runner deployments: the findings sit on the lines that state them', () => {
  const { findings } = lintFile({ path: 'runners.yaml', text: LEGACY });
  const lines = findings.filter((f) => f.ruleId === 'ci-dind-service').map((f) => LEGACY.slice(0, f.start).split('\n').length);
  // The default sidecar at the kind, dockerd at dockerdWithinRunnerContainer, and an explicit dockerEnabled: true.
  assert.deepEqual(lines, [2, 19, 39]);
});

test('runner deployments: messages say every job the runners take inherits it', () => {
  const dind = lintFile({ path: 'values.yaml', text: SCALE_SET }).findings.find((f) => f.ruleId === 'ci-dind-service');
  assert.equal(
    dind?.message,
    'Runner scale set "builders" runs a Docker-in-Docker daemon (docker:dind) as a service, which needs a privileged container on the Kubernetes node (every job the runner takes inherits it).',
  );
  const within = lintFile({ path: 'runners.yaml', text: LEGACY }).findings.filter((f) => f.ruleId === 'ci-dind-service')[1];
  assert.match(within.message, /runner deployment "within" runs a Docker daemon inside its container \(summerwind\/actions-runner-dind\).*dockerdWithinRunnerContainer: true/);
});

test('runner deployments: bad input is a finding or none, never a throw', () => {
  const inputs: [string, string][] = [
    ['values.yaml', 'gitlabUrl: x\nrunners:\n  config: |\n    [[runners]]\n    {{ unclosed\n'],
    ['values.yaml', 'githubConfigUrl: x\ncontainerMode:\n  type: [dind]\n'],
    ['values.yaml', 'githubConfigUrl: x\ncontainerMode: dind\n'],
    ['runners.yaml', 'apiVersion: actions.summerwind.dev/v1alpha1\nkind: RunnerDeployment\nspec:\n  template: 3\n'],
    ['runners.yaml', 'apiVersion: actions.summerwind.dev/v1alpha1\nkind: RunnerSet\n'],
  ];
  for (const [path, text] of inputs) {
    const { findings } = lintFile({ path, text });
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
  }
});
