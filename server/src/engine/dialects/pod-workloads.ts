// The neutral model of the pod specs in a Kubernetes file (model/k8s/pod-spec.ts reads workload
// controllers, CronJobs, Tekton tasks and Argo templates alike): containers keep the security
// facts they inherit, steps' `script:` bodies are scripts, and hostPath volumes stay pod-level.
import { daemonlessRewrite } from '../rewrite/index.js';
import { podSpecs, usesDockerDaemon, type ContainerView, type PodSpecView } from '../model/k8s/pod-spec.js';
import { admissionResources } from '../model/k8s/resources.js';
import type { Container, DialectId, Volume, Workload, WorkloadFile } from '../model/workload.js';
import type { ParsedFile } from '../parsed-file.js';

function podContainer(view: ContainerView): Container {
  return {
    role: view.role,
    name: view.name,
    nameRange: view.nameRange,
    image: view.resolvedImage !== undefined ? { value: view.resolvedImage, range: view.imageRange ?? view.range } : undefined,
    range: view.range,
    declaration: view.node,
    privileged: view.privileged,
    allowPrivilegeEscalation: view.allowPrivilegeEscalation,
    runAsNonRoot: view.runAsNonRoot,
    runAsUser: view.runAsUser,
    capabilitiesAdd: view.capabilitiesAdd,
    capabilitiesAddFrom: view.capabilitiesAddList.from,
    capabilitiesDrop: { items: view.capabilitiesDropList.items, from: view.capabilitiesDropList.from, range: view.capabilitiesDropList.range },
    seccompProfile: view.seccompProfile,
    volumeMounts: view.volumeMounts,
    env: view.env.map((e) => ({ name: e.name, nameRange: e.range, value: e.value, valueRange: e.valueRange })),
    bindMounts: [],
    // A pod's `command` replaces the image's entrypoint and `args` its command.
    entrypoint: view.commandFacts,
    command: view.argsFacts,
  };
}

function podWorkload(file: ParsedFile, dialect: DialectId, pod: PodSpecView): Workload {
  const containers = new Map<ContainerView, Container>(pod.containers.map((c) => [c, podContainer(c)]));
  const volumes: Volume[] = pod.volumes.map((v) => ({
    name: v.name,
    source: v.source,
    hostPath: v.hostPath !== undefined && v.hostPathRange ? { value: v.hostPath, range: v.hostPathRange } : undefined,
    emptyDir: v.emptyDir,
    sourceReadOnly: v.sourceReadOnly,
    range: v.range,
    mountedBy: v.mountedBy.map((c) => containers.get(c)!),
  }));
  const document = pod.document;
  return {
    dialect,
    scope: 'pod',
    kind: pod.kind,
    name: pod.name,
    keyRange: pod.range,
    range: pod.range,
    template: false,
    containers: [...containers.values()],
    env: [],
    scripts: pod.containers.flatMap((view) =>
      view.script ? [{ section: 'script', text: view.script.value, range: view.script.range, runsIn: containers.get(view)! }] : [],
    ),
    volumes,
    hostNetwork: pod.hostNetwork,
    hostPID: pod.hostPID,
    hostIPC: pod.hostIPC,
    hostUsers: pod.hostUsers,
    automountServiceAccountToken: pod.automountServiceAccountToken,
    serviceAccountName: pod.serviceAccountName,
    serviceAccountAutomount: pod.serviceAccountAutomount,
    podSecurity: pod.podSecurityContext,
    annotations: pod.annotations,
    runner: [],
    unresolved: [],
    handle: pod,
    // Offered only where the pod builds with a Docker daemon; a privileged pod of another kind has nothing to rewrite.
    rewrite: usesDockerDaemon(pod) ? (options) => daemonlessRewrite(file, { system: 'k8s', document }, options) : undefined,
  };
}

/**
 * The workloads of the pod specs that belong to `dialect`; with `withResources`, also the file's
 * admission objects (Namespaces, PodSecurityPolicies), which only one dialect of a file may yield.
 */
export function podWorkloads(file: ParsedFile, dialect: DialectId, belongs: (pod: PodSpecView) => boolean, withResources = false): WorkloadFile {
  return {
    workloads: podSpecs(file).filter(belongs).map((pod) => podWorkload(file, dialect, pod)),
    globalEnv: [],
    resources: withResources ? admissionResources(file).map((r) => ({ ...r, dialect })) : undefined,
  };
}
