// What each dialect yields in the neutral model, written as tables: the workloads of a small file
// (kind, name, scope, template), their containers (role, name, image, origin) and scripts, and
// whether a rewrite is attached. Rules read nothing else, so this is the contract they rely on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFile } from './describe.js';

interface Case {
  name: string;
  path: string;
  text: string;
  /** One line per workload: `dialect kind name scope [template] [rewrite] | role:name:image[<origin] … | scripts: section…`. */
  expected: string[];
  globalEnv?: string[];
}

const cases: Case[] = [
  {
    name: 'GitLab: job, inherited service, hidden template, default services and globals',
    path: '.gitlab-ci.yml',
    text: `variables:\n  DOCKER_TLS_CERTDIR: "/certs"\ndefault:\n  services: [docker:27-dind]\n.tpl:\n  image: docker:27\n  before_script: [docker info]\nbuild:\n  extends: .tpl\n  script:\n    - docker build .\n`,
    expected: [
      'gitlab-ci job build job rewrite | job::docker:27<.tpl service::docker:27-dind<default | before_script@job script@job',
      'gitlab-ci job .tpl job template rewrite | job::docker:27 service::docker:27-dind<default | before_script@job',
      'gitlab-ci defaults default job template | service::docker:27-dind | ',
    ],
    globalEnv: ['DOCKER_TLS_CERTDIR=/certs'],
  },
  {
    name: 'GitHub Actions: job container, service label, run steps and workflow env',
    path: '.github/workflows/ci.yml',
    text: `on: push\nenv:\n  A: "1"\njobs:\n  build:\n    runs-on: self-hosted\n    container:\n      image: docker:27\n    services:\n      dind:\n        image: docker:27-dind\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build .\n`,
    expected: ['github-actions job build job rewrite | job::docker:27 service:dind:docker:27-dind | run@job'],
    globalEnv: ['A=1'],
  },
  {
    name: 'Kubernetes: a Deployment without a daemon offers no rewrite; a pod with DinD does',
    path: 'k8s.yaml',
    text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  initContainers:\n    - name: init\n      image: busybox:1.36\n  containers:\n    - name: dind\n      image: docker:27-dind\n`,
    expected: [
      'kubernetes Deployment web pod | container:app:nginx:1.27 | ',
      'kubernetes Pod builder pod rewrite | initContainer:init:busybox:1.36 container:dind:docker:27-dind | ',
    ],
  },
  {
    name: 'Tekton: stepTemplate, steps with scripts, sidecar; image from a parameter default',
    path: 'task.yaml',
    text: `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: build\nspec:\n  params:\n    - name: dind\n      default: docker:27-dind\n  stepTemplate:\n    env:\n      - name: X\n        value: "1"\n  steps:\n    - name: b\n      image: docker:27-cli\n      script: docker build .\n  sidecars:\n    - name: server\n      image: $(params.dind)\n`,
    expected: ['tekton Task build pod rewrite | stepTemplate:: step:b:docker:27-cli sidecar:server:docker:27-dind | script@step'],
  },
  {
    name: 'Argo: a script template is a container whose source is a script',
    path: 'wf.yaml',
    text: `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\nspec:\n  templates:\n    - name: main\n      script:\n        image: alpine:3.20\n        source: echo hi\n`,
    expected: ['kubernetes Workflow w/main pod | container::alpine:3.20 | script@container'],
  },
  { name: 'half-typed GitLab job yields a partial workload, no throw', path: '.gitlab-ci.yml', text: `build:\n  services:\n    -\n  script:\n`, expected: ['gitlab-ci job build job rewrite | job:: | '] },
];

for (const c of cases) {
  test(`workloads: ${c.name}`, () => {
    const { workloads, globalEnv } = describeFile(c.path, c.text);
    assert.deepEqual(workloads, c.expected);
    assert.deepEqual(globalEnv, c.globalEnv ?? []);
  });
}
