// Trivy's `#trivy:ignore:<ID>[:exp:YYYY-MM-DD]`: on the comment line(s) above, or at the end of a YAML
// line, like ours; at the top of a YAML document it covers the document. IDs compare in every spelling
// Trivy has used (DS002, DS-0002, AVD-DS-0002).
import { pragmaTable } from './suppress-table.js';

const D = 'Dockerfile';
const K = 'pod.yaml';

function pod(opts: { top?: string; above?: string; trailing?: string; context?: string } = {}): string {
  return (
    `${opts.top ?? ''}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: alpine:3.20\n` +
    `${opts.context ?? ''}      securityContext:\n${opts.above ?? ''}        privileged: true${opts.trailing ?? ''}\n`
  );
}

pragmaTable('trivy', [
  { name: 'Dockerfile: DS002 above USER root', path: D, text: 'FROM alpine:3.20\n#trivy:ignore:DS002\nUSER root\n', rule: 'df-user-root', suppressedBy: 'trivy' },
  { name: 'Dockerfile: the AVD-DS-0002 spelling', path: D, text: 'FROM alpine:3.20\n#trivy:ignore:AVD-DS-0002\nUSER root\n', rule: 'df-user-root', suppressedBy: 'trivy' },
  { name: 'Dockerfile: the DS-0002 spelling, with a space', path: D, text: 'FROM alpine:3.20\n# trivy:ignore:DS-0002\nUSER root\n', rule: 'df-user-root', suppressedBy: 'trivy' },
  { name: 'Dockerfile: DS002 also covers a missing USER', path: D, text: '#trivy:ignore:DS002\nFROM alpine:3.20\nRUN true\n', rule: 'df-missing-user', suppressedBy: 'trivy' },
  { name: 'Dockerfile: covers the next instruction only', path: D, text: '#trivy:ignore:DS002\nFROM alpine:3.20\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
  { name: 'Dockerfile: an expired pragma', path: D, text: 'FROM alpine:3.20\n#trivy:ignore:DS002:exp:2000-01-01\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
  { name: 'Dockerfile: a pragma that has not expired', path: D, text: 'FROM alpine:3.20\n#trivy:ignore:DS002:exp:2999-12-31\nUSER root\n', rule: 'df-user-root', suppressedBy: 'trivy' },
  { name: 'Dockerfile: DS001 covers an untagged image', path: D, text: '#trivy:ignore:DS001\nFROM ubuntu\nUSER app\n', rule: 'df-base-image-unpinned', suppressedBy: 'trivy' },
  { name: 'YAML: KSV017 above the field', path: K, text: pod({ above: '        #trivy:ignore:KSV017\n' }), rule: 'k8s-privileged', suppressedBy: 'trivy' },
  { name: 'YAML: the AVD-KSV-0017 spelling', path: K, text: pod({ above: '        # trivy:ignore:AVD-KSV-0017\n' }), rule: 'k8s-privileged', suppressedBy: 'trivy' },
  { name: 'YAML: lower case, KSV-0017 spelling', path: K, text: pod({ above: '        #trivy:ignore:ksv-0017\n' }), rule: 'k8s-privileged', suppressedBy: 'trivy' },
  { name: 'YAML: above the key it is nested under', path: K, text: pod({ context: '      #trivy:ignore:KSV017\n' }), rule: 'k8s-privileged', suppressedBy: 'trivy' },
  { name: 'YAML: at the end of the line', path: K, text: pod({ trailing: ' #trivy:ignore:KSV017' }), rule: 'k8s-privileged', suppressedBy: 'trivy' },
  {
    name: 'YAML: stacked pragmas each count',
    path: K,
    text: pod({ above: '        #trivy:ignore:KSV001\n        #trivy:ignore:KSV017\n' }),
    rule: 'k8s-privileged',
    suppressedBy: 'trivy',
  },
  { name: 'YAML: at the top of the document it covers the object', path: K, text: pod({ top: '#trivy:ignore:KSV017\n' }), rule: 'k8s-privileged', suppressedBy: 'trivy' },
  { name: 'YAML: an ID of another check', path: K, text: pod({ above: '        #trivy:ignore:KSV001\n' }), rule: 'k8s-privileged', suppressedBy: false },
  { name: 'YAML: KSV017 does not cover privilege escalation', path: K, text: pod({ above: '        #trivy:ignore:KSV017\n' }), rule: 'k8s-allow-privilege-escalation', suppressedBy: false },
  { name: 'YAML: an expired pragma', path: K, text: pod({ above: '        #trivy:ignore:KSV017:exp:2000-01-01\n' }), rule: 'k8s-privileged', suppressedBy: false },
  {
    name: 'YAML: a pragma above one host namespace leaves the other reported',
    path: K,
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  #trivy:ignore:KSV010\n  hostPID: true\n  hostNetwork: true\n  containers:\n    - name: c\n      image: alpine:3.20\n',
    rule: 'k8s-host-namespaces',
    after: 'hostNetwork',
    suppressedBy: false,
  },
  {
    name: 'YAML: KSV010 covers hostPID',
    path: K,
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  #trivy:ignore:KSV010\n  hostPID: true\n  hostNetwork: true\n  containers:\n    - name: c\n      image: alpine:3.20\n',
    rule: 'k8s-host-namespaces',
    before: 'hostNetwork',
    suppressedBy: 'trivy',
  },
  {
    name: 'YAML: KSV009 above the whole spec does not cover hostPID',
    path: K,
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n#trivy:ignore:KSV009\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: alpine:3.20\n',
    rule: 'k8s-host-namespaces',
    suppressedBy: false,
  },
]);
