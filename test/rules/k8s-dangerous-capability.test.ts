import rule from '../../server/src/engine/rules/k8s/k8s-dangerous-capability.js';
import { runRuleTests } from './rule-tester.js';
import { invalidInEveryShape, validInEveryShape } from './pod-shapes.js';

const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${containers}`;

runRuleTests(rule, {
  valid: [
    ...validInEveryShape('NET_BIND_SERVICE only', 'containers:\n  - name: web\n    image: x\n    securityContext:\n      capabilities:\n        drop: [ALL]\n        add: [NET_BIND_SERVICE, CAP_NET_BIND_SERVICE]'),
    { name: 'dropping SYS_ADMIN is not adding it', path: 'pod.yaml', text: pod('    - name: a\n      image: x\n      securityContext: {capabilities: {drop: [SYS_ADMIN]}}\n') },
    { name: 'malformed: add as a map', path: 'pod.yaml', text: pod('    - name: a\n      image: x\n      securityContext: {capabilities: {add: {SYS_ADMIN: true}}}\n') },
    { name: 'malformed: containers as a map', path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    a: {image: x, securityContext: {capabilities: {add: [SYS_ADMIN]}}}\n' },
  ],
  invalid: [
    ...invalidInEveryShape('SYS_ADMIN', 'containers:\n  - name: web\n    image: x\n    securityContext:\n      capabilities:\n        add: [SYS_ADMIN]', [{ messageId: 'dangerous', at: 'SYS_ADMIN', data: { capability: 'SYS_ADMIN', workload: 'w' }, fix: null }]),
    {
      name: 'every dangerous one, with and without CAP_, any case; others are warnings',
      path: 'pod.yaml',
      text: pod('    - name: a\n      image: x\n      securityContext:\n        capabilities:\n          add: [cap_net_admin, SYS_PTRACE, CAP_SYS_MODULE, DAC_READ_SEARCH, ALL, NET_RAW, SYS_TIME]\n'),
      errors: [
        { messageId: 'dangerous', at: 'cap_net_admin', fix: null },
        { messageId: 'dangerous', at: 'SYS_PTRACE', fix: null },
        { messageId: 'dangerous', at: 'CAP_SYS_MODULE', fix: null },
        { messageId: 'dangerous', at: 'DAC_READ_SEARCH', fix: null },
        { messageId: 'dangerous', at: 'ALL', data: { capability: 'ALL' }, fix: null },
        { messageId: 'notAllowed', at: 'NET_RAW', fix: null },
        { messageId: 'notAllowed', at: 'SYS_TIME', fix: null },
      ],
    },
    {
      name: 'Kaniko adding back its needed set is one info; SYS_ADMIN on it is still an error',
      path: 'pod.yaml',
      text: pod('    - name: kaniko\n      image: gcr.io/kaniko-project/executor:v1.23.2\n      securityContext:\n        capabilities: {drop: [ALL], add: [CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, SYS_ADMIN]}\n'),
      errors: [
        { messageId: 'kaniko', at: 'CHOWN', data: { capability: 'CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID' }, fix: null },
        { messageId: 'dangerous', at: 'SYS_ADMIN', fix: null },
      ],
    },
    {
      name: 'the same capabilities on another container are warnings',
      path: 'pod.yaml',
      text: pod('    - name: app\n      image: x\n      securityContext: {capabilities: {add: [CHOWN]}}\n'),
      errors: [{ messageId: 'notAllowed', at: 'CHOWN', fix: null }],
    },
    {
      name: 'Tekton stepTemplate add is reported once on the template; an init container in a CronJob',
      path: 'task.yaml',
      text: 'apiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata: {name: t}\nspec:\n  stepTemplate:\n    securityContext: {capabilities: {add: [NET_ADMIN]}}\n  steps:\n    - name: a\n      image: alpine\n    - name: b\n      image: alpine\n',
      errors: [{ messageId: 'dangerous', at: 'NET_ADMIN', data: { role: 'step template', kind: 'Task' }, fix: null }],
    },
    {
      name: 'Argo sidecar',
      path: 'wf.yaml',
      text: 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n  templates:\n    - name: t\n      container: {name: main, image: alpine}\n      sidecars:\n        - name: dbg\n          image: alpine\n          securityContext: {capabilities: {add: [SYS_PTRACE]}}\n',
      errors: [{ messageId: 'dangerous', at: 'SYS_PTRACE', data: { role: 'sidecar', container: 'dbg' }, fix: null }],
    },
    {
      name: 'JSON manifest',
      path: 'pod.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x', securityContext: { capabilities: { add: ['CAP_SYS_ADMIN'] } } }] } }),
      errors: [{ messageId: 'dangerous', at: '"CAP_SYS_ADMIN"', fix: null }],
    },
  ],
});
