// Checkov's pragmas: `#checkov:skip=CKV_…[:reason]` anywhere in a Dockerfile covers the file, in YAML
// its `---` document; `checkov.io/skip<N>: CKV_…[=reason]` annotations cover that Kubernetes object.
import { pragmaTable } from './suppress-table.js';

const D = 'Dockerfile';
const K = 'pod.yaml';

function pod(name: string, annotations: string[] = [], comment = ''): string {
  const meta = annotations.length ? `  annotations:\n${annotations.map((a) => `    ${a}\n`).join('')}` : '';
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${meta}spec:\n${comment}  containers:\n    - name: c\n      image: alpine:3.20\n      securityContext:\n        privileged: true\n`;
}

pragmaTable('checkov', [
  { name: 'Dockerfile: skip at the top covers the file', path: D, text: '#checkov:skip=CKV_DOCKER_8:entrypoint drops privileges\nFROM alpine:3.20\nUSER root\n', rule: 'df-user-root', suppressedBy: 'checkov' },
  { name: 'Dockerfile: skip at the end covers the file', path: D, text: 'FROM alpine:3.20\nUSER root\n#checkov:skip=CKV_DOCKER_8\n', rule: 'df-user-root', suppressedBy: 'checkov' },
  { name: 'Dockerfile: a space after the hash', path: D, text: '# checkov:skip=CKV_DOCKER_8\nFROM alpine:3.20\nUSER root\n', rule: 'df-user-root', suppressedBy: 'checkov' },
  { name: 'Dockerfile: the bridgecrew spelling', path: D, text: '#bridgecrew:skip=CKV_DOCKER_8\nFROM alpine:3.20\nUSER root\n', rule: 'df-user-root', suppressedBy: 'checkov' },
  { name: 'Dockerfile: CKV_DOCKER_3 covers a missing USER', path: D, text: 'FROM alpine:3.20\n#checkov:skip=CKV_DOCKER_3\nRUN true\n', rule: 'df-missing-user', suppressedBy: 'checkov' },
  { name: 'Dockerfile: CKV_DOCKER_3 does not cover USER root', path: D, text: '#checkov:skip=CKV_DOCKER_3\nFROM alpine:3.20\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
  { name: 'Dockerfile: text inside an instruction is not a comment', path: D, text: 'FROM alpine:3.20\nRUN echo "#checkov:skip=CKV_DOCKER_8"\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
  { name: 'Dockerfile: CKV_DOCKER_7 covers an untagged image', path: D, text: '#checkov:skip=CKV_DOCKER_7\nFROM ubuntu\nUSER app\n', rule: 'df-base-image-unpinned', suppressedBy: 'checkov' },
  { name: 'YAML: a skip comment in the document', path: K, text: pod('p', [], '  #checkov:skip=CKV_K8S_16:needs the GPU driver\n'), rule: 'k8s-privileged', suppressedBy: 'checkov' },
  {
    name: 'YAML: a skip comment covers its own document only',
    path: K,
    text: `${pod('first', [], '  #checkov:skip=CKV_K8S_16\n')}---\n${pod('second')}`,
    rule: 'k8s-privileged',
    after: 'name: second',
    suppressedBy: false,
  },
  {
    name: 'YAML: the first document of the two is covered',
    path: K,
    text: `${pod('first', [], '  #checkov:skip=CKV_K8S_16\n')}---\n${pod('second')}`,
    rule: 'k8s-privileged',
    before: 'name: second',
    suppressedBy: 'checkov',
  },
  {
    // An explicit document end keeps the file from being linted per document: the whole parse must agree.
    name: 'YAML linted whole: a skip comment covers its own document only',
    path: K,
    text: `${pod('first', [], '  #checkov:skip=CKV_K8S_16\n')}...\n---\n${pod('second')}`,
    rule: 'k8s-privileged',
    after: 'name: second',
    suppressedBy: false,
  },
  {
    name: 'YAML linted whole: the first document is covered',
    path: K,
    text: `${pod('first', [], '  #checkov:skip=CKV_K8S_16\n')}...\n---\n${pod('second')}`,
    rule: 'k8s-privileged',
    before: 'name: second',
    suppressedBy: 'checkov',
  },
  {
    name: 'YAML linted whole: an annotation covers its own object only',
    path: K,
    text: `${pod('first', ['checkov.io/skip1: CKV_K8S_16'])}...\n---\n${pod('second')}`,
    rule: 'k8s-privileged',
    after: 'name: second',
    suppressedBy: false,
  },
  { name: 'annotation with a reason', path: K, text: pod('p', ['checkov.io/skip1: CKV_K8S_16=needs /dev/fuse']), rule: 'k8s-privileged', suppressedBy: 'checkov' },
  { name: 'annotation without a reason, any number', path: K, text: pod('p', ['checkov.io/skip7: "CKV_K8S_16"']), rule: 'k8s-privileged', suppressedBy: 'checkov' },
  { name: 'annotation for another check', path: K, text: pod('p', ['checkov.io/skip1: CKV_K8S_20=accepted']), rule: 'k8s-privileged', suppressedBy: false },
  { name: 'annotation CKV_K8S_20 covers privilege escalation', path: K, text: pod('p', ['checkov.io/skip1: CKV_K8S_20=accepted']), rule: 'k8s-allow-privilege-escalation', suppressedBy: 'checkov' },
  { name: 'a key that is not checkov.io/skip<N>', path: K, text: pod('p', ['checkov.io/skip: CKV_K8S_16']), rule: 'k8s-privileged', suppressedBy: false },
  {
    name: "annotation on a Deployment covers its pod template's containers",
    path: 'deploy.yaml',
    text:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  annotations:\n    checkov.io/skip1: CKV_K8S_16=accepted\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: alpine:3.20\n          securityContext:\n            privileged: true\n',
    rule: 'k8s-privileged',
    suppressedBy: 'checkov',
  },
  {
    name: 'annotation on one List item leaves the other reported',
    path: 'list.yaml',
    text:
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: a\n      annotations:\n        checkov.io/skip1: CKV_K8S_16\n    spec:\n      containers:\n        - name: c\n          image: alpine:3.20\n          securityContext:\n            privileged: true\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: b\n    spec:\n      containers:\n        - name: c\n          image: alpine:3.20\n          securityContext:\n            privileged: true\n',
    rule: 'k8s-privileged',
    after: 'name: b',
    suppressedBy: false,
  },
  {
    name: 'CKV_K8S_17 covers hostPID',
    path: K,
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    checkov.io/skip1: CKV_K8S_17\nspec:\n  hostPID: true\n  hostNetwork: true\n  containers:\n    - name: c\n      image: alpine:3.20\n',
    rule: 'k8s-host-namespaces',
    after: 'hostPID',
    at: 'true\n  hostNetwork',
    suppressedBy: 'checkov',
  },
  {
    name: 'CKV_K8S_17 does not cover hostNetwork',
    path: K,
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    checkov.io/skip1: CKV_K8S_17\nspec:\n  hostPID: true\n  hostNetwork: true\n  containers:\n    - name: c\n      image: alpine:3.20\n',
    rule: 'k8s-host-namespaces',
    after: 'hostNetwork',
    suppressedBy: false,
  },
  {
    name: 'CKV_K8S_27 covers docker.sock',
    path: K,
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    checkov.io/skip1: CKV_K8S_27\nspec:\n  containers:\n    - name: c\n      image: alpine:3.20\n  volumes:\n    - name: d\n      hostPath:\n        path: /var/run/docker.sock\n',
    rule: 'k8s-docker-socket',
    suppressedBy: 'checkov',
  },
  {
    name: 'CKV_K8S_27 does not cover the containerd socket',
    path: K,
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    checkov.io/skip1: CKV_K8S_27\nspec:\n  containers:\n    - name: c\n      image: alpine:3.20\n  volumes:\n    - name: d\n      hostPath:\n        path: /run/containerd/containerd.sock\n',
    rule: 'k8s-docker-socket',
    suppressedBy: false,
  },
]);
