// kube-linter's annotations on an object: `ignore-check.kube-linter.io/<check>` for one check,
// `kube-linter.io/ignore-all` for every check (so every rule with a kube-linter equivalent).
import { pragmaTable } from './suppress-table.js';

const K = 'pod.yaml';

function pod(annotations: string[], extra = '', templateAnnotations = false): string {
  const meta = `  annotations:\n${annotations.map((a) => `    ${a}\n`).join('')}`;
  if (templateAnnotations) {
    return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n  ${meta.replace(/\n    /g, '\n      ')}    spec:\n      containers:\n        - name: c\n          image: alpine:3.20\n          securityContext:\n            privileged: true\n`;
  }
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${meta}spec:\n${extra}  containers:\n    - name: c\n      image: alpine:3.20\n      securityContext:\n        privileged: true\n`;
}

pragmaTable('kube-linter', [
  { name: 'ignore-check for privileged-container', path: K, text: pod(['ignore-check.kube-linter.io/privileged-container: "device plugin"']), rule: 'k8s-privileged', suppressedBy: 'kube-linter' },
  { name: 'ignore-check with an empty reason', path: K, text: pod(['ignore-check.kube-linter.io/privileged-container: ""']), rule: 'k8s-privileged', suppressedBy: 'kube-linter' },
  { name: 'ignore-check for another check', path: K, text: pod(['ignore-check.kube-linter.io/run-as-non-root: "legacy"']), rule: 'k8s-privileged', suppressedBy: false },
  { name: 'run-as-non-root covers running as root', path: K, text: pod(['ignore-check.kube-linter.io/run-as-non-root: "legacy"']), rule: 'k8s-run-as-root', suppressedBy: 'kube-linter' },
  { name: 'ignore-all covers privileged', path: K, text: pod(['kube-linter.io/ignore-all: "managed elsewhere"']), rule: 'k8s-privileged', suppressedBy: 'kube-linter' },
  { name: 'ignore-all leaves rules without a kube-linter equivalent', path: K, text: pod(['kube-linter.io/ignore-all: "managed elsewhere"']), rule: 'k8s-seccomp', suppressedBy: false },
  {
    name: "annotations on a Deployment's pod template are not the object's",
    path: 'deploy.yaml',
    text: pod(['ignore-check.kube-linter.io/privileged-container: "x"'], '', true),
    rule: 'k8s-privileged',
    suppressedBy: false,
  },
  {
    name: 'host-network does not cover hostPID',
    path: K,
    text: pod(['ignore-check.kube-linter.io/host-network: "x"'], '  hostPID: true\n  hostNetwork: true\n'),
    rule: 'k8s-host-namespaces',
    before: 'hostNetwork: true',
    suppressedBy: false,
  },
  {
    name: 'host-network covers hostNetwork',
    path: K,
    text: pod(['ignore-check.kube-linter.io/host-network: "x"'], '  hostPID: true\n  hostNetwork: true\n'),
    rule: 'k8s-host-namespaces',
    after: 'hostNetwork',
    suppressedBy: 'kube-linter',
  },
  {
    name: 'docker-sock covers docker.sock',
    path: K,
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    ignore-check.kube-linter.io/docker-sock: "x"\nspec:\n  containers:\n    - name: c\n      image: alpine:3.20\n  volumes:\n    - name: d\n      hostPath:\n        path: /var/run/docker.sock\n',
    rule: 'k8s-docker-socket',
    suppressedBy: 'kube-linter',
  },
  {
    name: 'docker-sock does not cover the containerd socket',
    path: K,
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    ignore-check.kube-linter.io/docker-sock: "x"\nspec:\n  containers:\n    - name: c\n      image: alpine:3.20\n  volumes:\n    - name: d\n      hostPath:\n        path: /run/containerd/containerd.sock\n',
    rule: 'k8s-docker-socket',
    suppressedBy: false,
  },
  {
    name: 'an annotation covers its own document of a multi-document file only',
    path: K,
    text: `${pod(['ignore-check.kube-linter.io/privileged-container: "x"'])}---\n${pod(['team: b']).replace('name: p', 'name: q')}`,
    rule: 'k8s-privileged',
    after: 'name: q',
    suppressedBy: false,
  },
]);
