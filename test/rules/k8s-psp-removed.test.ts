import rule from '../../server/src/engine/rules/k8s/k8s-psp-removed.js';
import { runRuleTests } from './rule-tester.js';

const psp = (spec: string, annotations = '') =>
  `apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: psp${annotations}\nspec:\n${spec}`;
const restricted = '  privileged: false\n  allowPrivilegeEscalation: false\n  requiredDropCapabilities: [ALL]\n  runAsUser: {rule: MustRunAsNonRoot}\n  volumes: [configMap, emptyDir, projected, secret, downwardAPI, persistentVolumeClaim]\n';

runRuleTests(rule, {
  valid: [
    { name: 'a Namespace is not a policy', path: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: builds}\n' },
    { name: 'a pod spec mentioning the kind', path: 'cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  kind: PodSecurityPolicy\n' },
    { name: 'malformed: kind as a list', path: 'psp.yaml', text: 'apiVersion: policy/v1beta1\nkind: [PodSecurityPolicy]\nspec: {privileged: true}\n' },
  ],
  invalid: [
    { name: 'restricted settings', path: 'psp.yaml', text: psp(restricted), errors: [{ messageId: 'removed', at: 'PodSecurityPolicy', data: { name: 'psp', level: 'restricted' }, fix: null }] },
    {
      name: 'MustRunAs with a range from 1 is non-root too',
      path: 'psp.yaml',
      text: psp(restricted.replace('{rule: MustRunAsNonRoot}', '{rule: MustRunAs, ranges: [{min: 1, max: 65535}]}')),
      errors: [{ messageId: 'removed', at: 'PodSecurityPolicy', data: { level: 'restricted' }, fix: null }],
    },
    {
      name: 'escalation allowed: baseline',
      path: 'psp.yaml',
      text: psp(restricted.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true')),
      errors: [{ messageId: 'removed', at: 'PodSecurityPolicy', data: { level: 'baseline', reason: 'it does not forbid privilege escalation' }, fix: null }],
    },
    {
      name: 'RunAsAny and Kaniko\'s capabilities: baseline',
      path: 'psp.yaml',
      text: psp('  allowPrivilegeEscalation: false\n  requiredDropCapabilities: [ALL]\n  allowedCapabilities: [CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID]\n  runAsUser: {rule: RunAsAny}\n  volumes: [secret]\n'),
      errors: [{ messageId: 'removed', at: 'PodSecurityPolicy', data: { level: 'baseline', reason: 'it allows adding capabilities beyond NET_BIND_SERVICE' }, fix: null }],
    },
    {
      name: 'privileged, in a List',
      path: 'list.yaml',
      text: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: policy/v1beta1\n    kind: PodSecurityPolicy\n    metadata: {name: open}\n    spec:\n      privileged: true\n      volumes: ["*"]\n',
      errors: [{ messageId: 'removedPrivileged', at: 'PodSecurityPolicy', data: { name: 'open', reason: 'it allows privileged containers' }, fix: null }],
    },
    {
      name: 'hostPath volumes and unconfined seccomp',
      path: 'psp.yaml',
      text: psp(restricted.replace('secret,', 'secret, hostPath,'), '\n  annotations:\n    seccomp.security.alpha.kubernetes.io/allowedProfileNames: "*"'),
      errors: [{ messageId: 'removedPrivileged', at: 'PodSecurityPolicy', data: { reason: 'it allows hostPath volumes' }, fix: null }],
    },
    {
      name: 'JSON manifest',
      path: 'psp.json',
      text: JSON.stringify({ apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'j' }, spec: { hostNetwork: true } }),
      errors: [{ messageId: 'removedPrivileged', at: '"PodSecurityPolicy"', data: { reason: 'it allows hostNetwork' }, fix: null }],
    },
  ],
});
