// The k8s rules, one import per rule file, kept sorted by id.
import type { Rule } from '../../rule.js';
import k8sAllowPrivilegeEscalation from './k8s-allow-privilege-escalation.js';
import k8sAutomountServiceAccountToken from './k8s-automount-service-account-token.js';
import k8sCapabilitiesDropAll from './k8s-capabilities-drop-all.js';
import k8sDangerousCapability from './k8s-dangerous-capability.js';
import k8sDockerSocket from './k8s-docker-socket.js';
import k8sHostNamespaces from './k8s-host-namespaces.js';
import k8sHostPath from './k8s-host-path.js';
import k8sHostUsers from './k8s-host-users.js';
import k8sNamespacePodSecurity from './k8s-namespace-pod-security.js';
import k8sPrivileged from './k8s-privileged.js';
import k8sPspRemoved from './k8s-psp-removed.js';
import k8sRunAsRoot from './k8s-run-as-root.js';
import k8sSeccomp from './k8s-seccomp.js';

export const k8sRules: Rule[] = [k8sAllowPrivilegeEscalation, k8sAutomountServiceAccountToken, k8sCapabilitiesDropAll, k8sDangerousCapability, k8sDockerSocket, k8sHostNamespaces, k8sHostPath, k8sHostUsers, k8sNamespacePodSecurity, k8sPrivileged, k8sPspRemoved, k8sRunAsRoot, k8sSeccomp];
