// Our own pragmas, and which tool is named when several pragmas cover one finding (ours first).
import { pragmaTable } from './suppress-table.js';

const D = 'Dockerfile';
const K = 'pod.yaml';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: alpine:3.20\n      securityContext:\n        privileged: true\n';

pragmaTable('daemonless', [
  { name: 'line above, with a reason', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-user-root -- gosu drops it\nUSER root\n', rule: 'df-user-root', suppressedBy: 'daemonless' },
  { name: 'above a comment block', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-user-root\n# see ticket 12\nUSER root\n', rule: 'df-user-root', suppressedBy: 'daemonless' },
  { name: 'at the end of the line', path: K, text: POD.replace('privileged: true', 'privileged: true  # daemonless ignore=k8s-privileged'), rule: 'k8s-privileged', suppressedBy: 'daemonless' },
  { name: 'ignore-file', path: D, text: 'FROM alpine:3.20\nUSER root\n# daemonless ignore-file=df-user-root\n', rule: 'df-user-root', suppressedBy: 'daemonless' },
  {
    name: 'ignore-file in one document of a multi-document file covers the others',
    path: K,
    text: `# daemonless ignore-file=k8s-privileged\n${POD}---\n${POD.replace('name: p', 'name: q')}`,
    rule: 'k8s-privileged',
    after: 'name: q',
    suppressedBy: 'daemonless',
  },
  { name: 'another id does not suppress', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-missing-user\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
  {
    name: 'ours and hadolint on one finding: ours is named',
    path: D,
    text: '# hadolint global ignore=DL3002\nFROM alpine:3.20\n# daemonless ignore=df-user-root\nUSER root\n',
    rule: 'df-user-root',
    suppressedBy: 'daemonless',
  },
  {
    name: 'Checkov and Trivy on one finding: Checkov, in the table order',
    path: D,
    text: '#checkov:skip=CKV_DOCKER_8\nFROM alpine:3.20\n#trivy:ignore:DS002\nUSER root\n',
    rule: 'df-user-root',
    suppressedBy: 'checkov',
  },
]);
