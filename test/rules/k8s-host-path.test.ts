import rule from '../../server/src/engine/rules/k8s/k8s-host-path.js';
import { runRuleTests } from './rule-tester.js';
import { invalidInEveryShape, validInEveryShape } from './pod-shapes.js';

const withVolume = (path: string, readOnly = false) =>
  `containers:\n  - name: app\n    image: x:1\n    volumeMounts:\n      - name: data\n        mountPath: /data${readOnly ? '\n        readOnly: true' : ''}\nvolumes:\n  - name: data\n    hostPath:\n      path: ${path}`;

runRuleTests(rule, {
  valid: [
    ...validInEveryShape('emptyDir', 'containers:\n  - name: app\n    image: x:1\nvolumes:\n  - name: data\n    emptyDir: {}'),
    { name: 'the docker socket is k8s-docker-socket\'s', path: 'pod.yaml', text: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${withVolume('/var/run/docker.sock').replace(/^/gm, '  ')}\n` },
    { name: 'the containerd socket directory is k8s-docker-socket\'s', path: 'pod.yaml', text: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${withVolume('/run/containerd').replace(/^/gm, '  ')}\n` },
    { name: 'malformed: volumes as a map', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n    data: {hostPath: {path: /etc}}\n' },
    { name: 'malformed: hostPath without a path', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n    - name: d\n      hostPath: /etc\n' },
  ],
  invalid: [
    ...invalidInEveryShape('a hostPath cache, writable', withVolume('/mnt/cache'), [
      { messageId: 'hostPath', at: '/mnt/cache', data: { volume: 'data', path: '/mnt/cache', containers: '"app"', access: ', writable', workload: 'w' }, fix: null },
    ]),
    {
      name: 'sensitive node directory, read-only',
      path: 'pod.yaml',
      text: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${withVolume('/etc/', true).replace(/^/gm, '  ')}\n`,
      errors: [{ messageId: 'sensitive', at: '/etc/', data: { path: '/etc/', access: ', read-only' }, fix: null }],
    },
    {
      name: 'unmounted volume of /var/lib/kubelet/pods',
      path: 'pod.yaml',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n    - name: pods\n      hostPath: {path: /var/lib/kubelet/pods, type: Directory}\n',
      errors: [{ messageId: 'sensitive', at: '/var/lib/kubelet/pods', data: { containers: 'none', access: '' }, fix: null }],
    },
    {
      name: 'Tekton task volume mounted by a step; /lib/modules beside the socket',
      path: 'task.yaml',
      text: 'apiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata: {name: kind}\nspec:\n  steps:\n    - name: kind\n      image: x:1\n      volumeMounts: [{name: modules, mountPath: /lib/modules, readOnly: true}, {name: sock, mountPath: /var/run/docker.sock}]\n  volumes:\n    - name: modules\n      hostPath: {path: /lib/modules}\n    - name: sock\n      hostPath: {path: /var/run/docker.sock}\n',
      errors: [{ messageId: 'sensitive', at: '/lib/modules', occurrence: 1, data: { kind: 'Task', containers: '"kind"', access: ', read-only' }, fix: null }],
    },
    {
      name: 'Argo template volume',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: t}\nspec:\n  templates:\n    - name: build\n      container:\n        image: x:1\n        volumeMounts: [{name: src, mountPath: /src}]\n      volumes:\n        - name: src\n          hostPath: {path: /srv/src}\n',
      errors: [{ messageId: 'hostPath', at: '/srv/src', data: { kind: 'WorkflowTemplate', workload: 't/build', access: ', writable' }, fix: null }],
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }], volumes: [{ name: 'd', hostPath: { path: '/opt/data' } }] } }),
      errors: [{ messageId: 'hostPath', at: '"/opt/data"', data: { path: '/opt/data' }, fix: null }],
    },
  ],
});
