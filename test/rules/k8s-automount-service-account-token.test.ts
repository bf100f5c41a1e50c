import rule from '../../server/src/engine/rules/k8s/k8s-automount-service-account-token.js';
import { runRuleTests } from './rule-tester.js';
import { invalidInEveryShape, validInEveryShape } from './pod-shapes.js';

const kaniko = 'containers:\n  - name: kaniko\n    image: gcr.io/kaniko-project/executor:v1.23.2\n    args: [--destination=r.example.com/app:1]';
const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
const kanikoPod = (extra = '') => pod(`${extra}  containers:\n    - name: kaniko\n      image: gcr.io/kaniko-project/executor:v1.23.2\n`);
const account = (name: string, automount: string, namespace = '') =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}automountServiceAccountToken: ${automount}\n`;

runRuleTests(rule, {
  valid: [
    ...validInEveryShape('Kaniko pod that opts out', `automountServiceAccountToken: false\n${kaniko}`),
    ...validInEveryShape('not a build pod', 'containers:\n  - name: app\n    image: nginx:1.25'),
    { name: 'the default ServiceAccount of the file opts out', path: 'pod.yaml', text: `${account('default', 'false')}---\n${kanikoPod()}` },
    { name: 'the named ServiceAccount opts out (declared after the pod)', path: 'pod.yaml', text: `${kanikoPod('  serviceAccountName: builder\n')}---\n${account('builder', 'false')}` },
    { name: 'the deprecated serviceAccount field names it', path: 'pod.yaml', text: `${account('builder', 'false')}---\n${kanikoPod('  serviceAccount: builder\n')}` },
    { name: 'YAML 1.1 "no" is false', path: 'pod.yaml', text: kanikoPod('  automountServiceAccountToken: no\n') },
    {
      name: 'a ServiceAccount in a List',
      path: 'list.yaml',
      text: `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: {name: builder}\n    automountServiceAccountToken: false\n---\n${kanikoPod('  serviceAccountName: builder\n')}`,
    },
    {
      name: 'Argo: the workflow spec opts out for every template',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n  automountServiceAccountToken: false\n  templates:\n    - name: build\n      container: {name: main, image: moby/buildkit:v0.13.0-rootless}\n',
    },
    {
      name: 'Tekton TaskRun: the podTemplate opts out',
      path: 'run.yaml',
      text: 'apiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata: {name: r}\nspec:\n  podTemplate:\n    automountServiceAccountToken: false\n  taskSpec:\n    steps:\n      - name: build\n        image: gcr.io/kaniko-project/executor:v1.23.2\n',
    },
    {
      name: 'Tekton Task: its run sets pod-level fields, not the Task',
      path: 'task.yaml',
      text: 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  steps:\n    - name: build\n      image: gcr.io/kaniko-project/executor:v1.23.2\n',
    },
    { name: 'malformed: spec as a list', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  - containers: [{name: k, image: gcr.io/kaniko-project/executor:v1.23.2}]\n' },
    { name: 'malformed: containers as a map', path: 'pod.yaml', text: pod('  containers:\n    kaniko: {image: gcr.io/kaniko-project/executor:latest}\n') },
  ],
  invalid: [
    ...invalidInEveryShape('Kaniko with the token mounted', kaniko, [
      { messageId: 'mounted', at: 'kaniko', data: { builder: 'Kaniko (container "kaniko")', workload: 'w', account: 'default' }, fix: 'quickfix' },
    ]),
    {
      name: 'automountServiceAccountToken: true is reported on the value, and wins over its ServiceAccount',
      path: 'pod.yaml',
      text: `${account('default', 'false')}---\n${kanikoPod('  automountServiceAccountToken: true\n')}`,
      errors: [{ messageId: 'explicit', at: 'true', data: { account: 'default' }, fix: 'quickfix' }],
    },
    {
      name: 'a ServiceAccount of another name, or of another namespace, does not count',
      path: 'pod.yaml',
      text: `${account('other', 'false')}---\n${account('builder', 'false', 'prod')}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ci}\nspec:\n  serviceAccountName: builder\n  containers:\n    - name: kaniko\n      image: gcr.io/kaniko-project/executor:v1.23.2\n`,
      errors: [{ messageId: 'mounted', at: 'builder', occurrence: 1, data: { account: 'builder', builder: 'Kaniko (container "kaniko")' }, fix: 'quickfix' }],
    },
    {
      name: 'a ServiceAccount that leaves automount on',
      path: 'pod.yaml',
      text: `${account('builder', 'true')}---\n${kanikoPod('  serviceAccountName: builder\n')}`,
      errors: [{ messageId: 'mounted', at: 'builder', occurrence: 1, data: { account: 'builder' }, fix: 'quickfix' }],
    },
    {
      name: 'a runtime socket mount makes a build pod',
      path: 'pod.yaml',
      text: pod('  containers: [{name: docker, image: docker:24, volumeMounts: [{name: s, mountPath: /var/run/docker.sock}]}]\n  volumes:\n    - name: s\n      hostPath: {path: /var/run/docker.sock}\n'),
      errors: [{ messageId: 'mounted', at: '/var/run/docker.sock', occurrence: 1, data: { builder: "a build with the node's runtime socket (/var/run/docker.sock)" }, fix: 'quickfix' }],
    },
    {
      name: 'Tekton TaskRun without a podTemplate setting: no fix (the run, not the pod spec, holds it)',
      path: 'run.yaml',
      text: 'apiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata: {name: r}\nspec:\n  serviceAccountName: ci\n  taskSpec:\n    steps:\n      - name: build\n        image: gcr.io/kaniko-project/executor:v1.23.2\n',
      errors: [{ messageId: 'mounted', at: 'ci', data: { kind: 'TaskRun', account: 'ci', builder: 'Kaniko (step "build")' }, fix: null }],
    },
    {
      name: 'Argo template: no fix',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n  templates:\n    - name: build\n      container: {name: main, image: moby/buildkit:v0.13.0-rootless}\n',
      errors: [{ messageId: 'mounted', at: 'main', data: { builder: 'rootless BuildKit (container "main")' }, fix: null }],
    },
    {
      name: 'Jenkins pod template in a Groovy string: at the exact range, no fix (the text is Groovy)',
      path: 'Jenkinsfile',
      text: "podTemplate(yaml: '''\n    apiVersion: v1\n    kind: Pod\n    spec:\n      containers:\n      - name: kaniko\n        image: gcr.io/kaniko-project/executor:v1.23.2-debug\n''') {\n  node(POD_LABEL) {\n    container('kaniko') { sh '/kaniko/executor --no-push' }\n  }\n}\n",
      errors: [{ messageId: 'mounted', at: 'kaniko', data: { builder: 'Kaniko (container "kaniko")', kind: 'Pod', account: 'default' }, fix: null }],
    },
    {
      name: 'Jenkins pod template that opts out is quiet; another without is flagged',
      path: 'Jenkinsfile',
      text: "podTemplate(yaml: '''\n    kind: Pod\n    spec:\n      automountServiceAccountToken: false\n      containers:\n      - name: kaniko\n        image: gcr.io/kaniko-project/executor:v1.23.2-debug\n''') {\n  node(POD_LABEL) { sh 'true' }\n}\npodTemplate(yaml: '''\n    kind: Pod\n    spec:\n      containers:\n      - name: dind\n        image: docker:27-dind\n''') {\n  node(POD_LABEL) { sh 'true' }\n}\n",
      errors: [{ messageId: 'mounted', at: 'dind', data: { builder: 'a Docker daemon (container "dind")' }, fix: null }],
    },
    {
      name: 'JSON manifest: reported, no fix in a flow mapping',
      path: 'pod.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'b', image: 'quay.io/buildah/stable:v1.35' }] } }),
      errors: [{ messageId: 'mounted', at: '"b"', data: { builder: 'Buildah (container "b")' }, fix: null }],
    },
  ],
});
