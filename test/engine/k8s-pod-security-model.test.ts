// The pod-security facts the model reads for the k8s-* hardening rules: capability lists and seccomp
// profiles after inheritance (pod, Tekton stepTemplate, deprecated annotations), pod-level host and
// user-namespace settings, and the admission objects (Namespace, PodSecurityPolicy).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubernetes } from '../../server/src/engine/dialects/kubernetes/dialect.js';
import { tekton } from '../../server/src/engine/dialects/tekton/dialect.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';

function parse(text: string, path = 'manifest.yaml'): ParsedFile {
  return new ParsedFile({ path, text }, 'k8s');
}

test('seccomp: container field, then container annotation, then pod field, then pod annotation', () => {
  const file = parse([
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: d}',
    'spec:',
    '  template:',
    '    metadata:',
    '      annotations:',
    '        seccomp.security.alpha.kubernetes.io/pod: docker/default',
    '        container.seccomp.security.alpha.kubernetes.io/b: unconfined',
    '    spec:',
    '      containers:',
    '        - name: a',
    '          image: x:1',
    '        - name: b',
    '          image: x:1',
    '        - name: c',
    '          image: x:1',
    '          securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}',
    '',
  ].join('\n'));
  const [w] = kubernetes.workloads(file).workloads;
  const [a, b, c] = w.containers;
  assert.deepEqual([a.seccompProfile?.value, a.seccompProfile?.from, a.seccompProfile?.annotation], ['RuntimeDefault', 'pod', 'seccomp.security.alpha.kubernetes.io/pod']);
  assert.deepEqual([b.seccompProfile?.value, b.seccompProfile?.from], ['Unconfined', 'container']);
  assert.deepEqual([c.seccompProfile?.value, c.seccompProfile?.from, c.seccompProfile?.annotation], ['Localhost', 'container', undefined]);

  const withField = parse('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}\nspec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  containers: [{name: a, image: x}]\n');
  const [pod] = kubernetes.workloads(withField).workloads;
  assert.deepEqual([pod.containers[0].seccompProfile?.value, pod.containers[0].seccompProfile?.annotation], ['RuntimeDefault', undefined], 'the field wins over the annotation');
  assert.equal(pod.podSecurity?.seccompProfile?.value, 'RuntimeDefault');
});

test('Tekton steps inherit the stepTemplate capabilities, allowPrivilegeEscalation and seccomp; a TaskRun podTemplate is pod-level', () => {
  const file = parse([
    'apiVersion: tekton.dev/v1',
    'kind: TaskRun',
    'metadata: {name: tr}',
    'spec:',
    '  podTemplate:',
    '    hostNetwork: true',
    '    securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
    '  taskSpec:',
    '    stepTemplate:',
    '      securityContext:',
    '        allowPrivilegeEscalation: false',
    '        capabilities: {drop: [ALL]}',
    '    steps:',
    '      - name: inherits',
    '        image: x:1',
    '      - name: overrides',
    '        image: x:1',
    '        securityContext:',
    '          capabilities: {drop: [NET_RAW], add: [CHOWN]}',
    '',
  ].join('\n'));
  assert.deepEqual(kubernetes.workloads(file).workloads, []);
  const [w] = tekton.workloads(file).workloads;
  assert.equal(w.hostNetwork?.value, true);
  const [template, inherits, overrides] = w.containers;
  assert.equal(template.role, 'stepTemplate');
  assert.deepEqual([inherits.allowPrivilegeEscalation?.value, inherits.allowPrivilegeEscalation?.from], [false, 'stepTemplate']);
  assert.deepEqual([inherits.capabilitiesDrop.items.map((c) => c.value), inherits.capabilitiesDrop.from], [['ALL'], 'stepTemplate']);
  assert.deepEqual([overrides.capabilitiesDrop.items.map((c) => c.value), overrides.capabilitiesDrop.from], [['NET_RAW'], 'container']);
  assert.deepEqual(overrides.capabilitiesAdd.map((c) => c.value), ['CHOWN']);
  assert.deepEqual([inherits.seccompProfile?.value, inherits.seccompProfile?.from], ['RuntimeDefault', 'pod']);
  assert.deepEqual([inherits.runAsNonRoot?.value, inherits.runAsNonRoot?.from], [true, 'pod']);
});

test('pod-level host settings, hostUsers and automountServiceAccountToken; Argo falls back to the workflow', () => {
  const pod = parse('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  hostPID: yes\n  automountServiceAccountToken: false\n  containers: [{name: a, image: x}]\n');
  const [w] = kubernetes.workloads(pod).workloads;
  assert.deepEqual([w.hostUsers?.value, w.hostPID?.value, w.hostIPC, w.automountServiceAccountToken?.value], [false, true, undefined, false]);

  const argo = parse('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n  hostNetwork: true\n  templates:\n    - name: t\n      metadata:\n        annotations: {container.seccomp.security.alpha.kubernetes.io/main: runtime/default}\n      container: {name: main, image: x}\n');
  const [t] = kubernetes.workloads(argo).workloads;
  assert.equal(t.hostNetwork?.value, true);
  assert.equal(t.containers[0].seccompProfile?.value, 'RuntimeDefault');
});

test('Namespaces and PodSecurityPolicies are resources of the kubernetes dialect only, List items included', () => {
  const file = parse([
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - apiVersion: v1',
    '    kind: Namespace',
    '    metadata:',
    '      name: builds',
    '      labels: {pod-security.kubernetes.io/enforce: restricted}',
    '  - apiVersion: policy/v1beta1',
    '    kind: PodSecurityPolicy',
    '    metadata: {name: psp}',
    '    spec:',
    '      privileged: false',
    '      requiredDropCapabilities: [ALL]',
    '      runAsUser: {rule: MustRunAs, ranges: [{min: 1, max: 65535}]}',
    '      volumes: [configMap, secret]',
    '      hostPorts: [{min: 80, max: 80}]',
    '',
  ].join('\n'));
  const resources = kubernetes.workloads(file).resources ?? [];
  assert.deepEqual(resources.map((r) => [r.kind, r.name]), [['Namespace', 'builds'], ['PodSecurityPolicy', 'psp']]);
  assert.deepEqual(resources[0].labels.map((l) => [l.key, l.value]), [['pod-security.kubernetes.io/enforce', 'restricted']]);
  const psp = resources[1].podSecurityPolicy!;
  assert.deepEqual([psp.privileged?.value, psp.hostPorts, psp.runAsUserRule?.value, psp.runAsUserNonZeroRanges], [false, true, 'MustRunAs', true]);
  assert.deepEqual(psp.volumes.map((v) => v.value), ['configMap', 'secret']);
  assert.equal(tekton.workloads(file).resources, undefined);
});

test('malformed pod specs give no containers, facts or throw', () => {
  for (const text of [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    a: {image: x, securityContext: {capabilities: {drop: ALL}}}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  - containers: []\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: [a, b]}\nspec:\n  securityContext: [runAsUser]\n  containers:\n    - name: a\n      securityContext: {capabilities: {drop: ALL, add: {x: y}}, seccompProfile: Unconfined}\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: [x]\n',
  ]) {
    const result = kubernetes.workloads(parse(text));
    for (const w of result.workloads) {
      for (const c of w.containers) {
        assert.deepEqual(c.capabilitiesDrop.items, []);
        assert.deepEqual(c.capabilitiesAdd, []);
        assert.equal(c.seccompProfile, undefined);
      }
    }
  }
});
