// Every pod spec in a Kubernetes file, normalized: workload controllers, CronJobs, pod templates,
// Tekton tasks (steps and sidecars are containers) and Argo workflow templates all become the same
// PodSpecView, so a rule about privileged containers or host sockets is written once. Container
// security facts already carry the pod-level securityContext they inherit, which is the classic
// source of false positives in other linters.
import { modelKey, type ParsedFile, type ServiceAccountFacts } from '../../parsed-file.js';
import {
  AliasBudget,
  isMap,
  isScalar,
  isSeq,
  mapEntries,
  mapGet,
  nodeRange,
  scalarString,
  Scalar,
  seqItems,
  type Document,
  type YamlNode,
} from '../../parse/yaml.js';
import type { OffsetRange } from '../../types.js';
import { isDindImage, isRuntimeSocketPath, startsDockerDaemon } from '../container-facts.js';

/** A value read from the file, with the range of its value node. */
export interface Fact<T> {
  value: T;
  range: OffsetRange;
}

/** A security fact after inheritance: `from` says which securityContext supplied it. */
export interface InheritedFact<T> extends Fact<T> {
  from: 'container' | 'stepTemplate' | 'pod';
}

/**
 * The effective seccomp profile type (`RuntimeDefault`, `Localhost`, `Unconfined`, or the value as
 * written). `annotation` names the deprecated annotation it was read from, when it came from one.
 */
export interface SeccompFact extends InheritedFact<string> {
  annotation?: string;
}

/** A list after inheritance (Tekton's stepTemplate): the step's own list when it writes the key, else the template's. */
export interface InheritedList {
  items: Fact<string>[];
  /** Where the list was written; undefined when no level writes it. */
  from: 'container' | 'stepTemplate' | undefined;
  /** The list node's range, when written. */
  range: OffsetRange | undefined;
}

/** A label or annotation of the resource's or pod template's metadata. */
export interface MetadataEntry {
  key: string;
  keyRange: OffsetRange;
  value: string | undefined;
  valueRange: OffsetRange | undefined;
}

export type ContainerRole = 'container' | 'initContainer' | 'ephemeralContainer' | 'step' | 'sidecar' | 'stepTemplate';

export interface VolumeMountView {
  name: string;
  mountPath: string | undefined;
  readOnly: boolean;
  range: OffsetRange;
}

export interface EnvVarView {
  name: string;
  /** The literal value; undefined when the variable comes from `valueFrom` or has no value. */
  value: string | undefined;
  valueRange: OffsetRange | undefined;
  /** The `valueFrom` source kind, e.g. 'secretKeyRef'. */
  valueFrom: string | undefined;
  range: OffsetRange;
}

export interface ContainerView {
  role: ContainerRole;
  name: string | undefined;
  nameRange: OffsetRange | undefined;
  /** The image as written (may hold placeholders such as `$(params.image)`). */
  image: string | undefined;
  imageRange: OffsetRange | undefined;
  /** The image with Tekton `$(params.x)` references replaced by the parameters' defaults, when known. */
  resolvedImage: string | undefined;
  /** The container's own mapping node and its range. */
  node: YamlNode;
  range: OffsetRange;
  /** `securityContext.privileged` as written on this container (never inherited). */
  privileged: Fact<boolean> | undefined;
  /** Effective values: the container's own, else a Tekton stepTemplate's (no pod-level field exists). */
  allowPrivilegeEscalation: InheritedFact<boolean> | undefined;
  /** Effective values: the container's own, else a Tekton stepTemplate's, else the pod's. */
  runAsNonRoot: InheritedFact<boolean> | undefined;
  runAsUser: InheritedFact<number> | undefined;
  /** `capabilities.add` as it applies (the step's own list, else the stepTemplate's). */
  capabilitiesAdd: Fact<string>[];
  capabilitiesAddList: InheritedList;
  capabilitiesDropList: InheritedList;
  /**
   * Effective seccomp profile: the container's `seccompProfile`, else its deprecated
   * `container.seccomp.security.alpha.kubernetes.io/<name>` annotation, else the stepTemplate's, else
   * the pod's `seccompProfile`, else the pod's `seccomp.security.alpha.kubernetes.io/pod` annotation.
   */
  seccompProfile: SeccompFact | undefined;
  volumeMounts: VolumeMountView[];
  env: EnvVarView[];
  command: string[];
  args: string[];
  /** `command` and `args` with the range of each item. */
  commandFacts: Fact<string>[];
  argsFacts: Fact<string>[];
  /** Tekton `script` / Argo `source`. */
  script: Fact<string> | undefined;
}

export interface VolumeView {
  name: string;
  /** The volume source key (`hostPath`, `emptyDir`, `secret`, ...), when there is one. */
  source: string | undefined;
  hostPath: string | undefined;
  hostPathRange: OffsetRange | undefined;
  emptyDir: boolean;
  /** The source itself says `readOnly: true` (persistentVolumeClaim, csi, nfs, iscsi…): every mount of it is read-only. */
  sourceReadOnly: boolean;
  range: OffsetRange;
  /** Containers of the same pod that mount this volume. */
  mountedBy: ContainerView[];
}

export interface PodSecurityFacts {
  runAsNonRoot: Fact<boolean> | undefined;
  runAsUser: Fact<number> | undefined;
  /** `securityContext.seccompProfile.type` of the pod. */
  seccompProfile: Fact<string> | undefined;
}

export interface PodSpecView {
  /** Index of the YAML document in the file (the rewrite target for Kubernetes files). */
  document: number;
  /** The resource kind (`Deployment`, `Task`, ...); `Pod` for a kindless document holding a pod spec. */
  kind: string;
  /** True when the document has no `kind:` and was recognized by its `spec.containers` (Jenkins pod YAML). */
  kindInferred: boolean;
  /** metadata.name of the resource. */
  name: string | undefined;
  /** Where the pod spec sits in the document, e.g. `spec.jobTemplate.spec.template.spec`. */
  path: string;
  system: 'kubernetes' | 'tekton' | 'argo';
  doc: Document.Parsed;
  specNode: YamlNode;
  range: OffsetRange;
  podSecurityContext: PodSecurityFacts;
  hostNetwork: Fact<boolean> | undefined;
  hostPID: Fact<boolean> | undefined;
  hostIPC: Fact<boolean> | undefined;
  hostUsers: Fact<boolean> | undefined;
  automountServiceAccountToken: Fact<boolean> | undefined;
  /** metadata.namespace of the object that holds the pod spec. */
  namespace: string | undefined;
  /** `serviceAccountName` (or the deprecated `serviceAccount`) the pod runs as, where written. */
  serviceAccountName: Fact<string> | undefined;
  /**
   * `automountServiceAccountToken` of the ServiceAccount object in the same file (its document, or
   * another `---` document of it) that the pod runs as (`default` when it names none) in the same
   * namespace; unset when the file has none or it does not say.
   */
  serviceAccountAutomount: boolean | undefined;
  /** Annotations of the pod (the pod template's, a TaskRun's, an Argo template's `metadata`). */
  annotations: MetadataEntry[];
  containers: ContainerView[];
  volumes: VolumeView[];
}

const WORKLOAD_TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'DeploymentConfig',
]);
const ARGO_KINDS = new Set(['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate']);
// Values that sigs.k8s.io/yaml (YAML 1.1) reads as booleans when unquoted.
const YAML11_TRUE = new Set(['y', 'yes', 'on', 'true']);
const YAML11_FALSE = new Set(['n', 'no', 'off', 'false']);
const MAX_NESTING = 8;

const podSpecsKey = modelKey<PodSpecView[]>('k8s');

/** All pod specs in a 'k8s' file, built once per parsed file. */
export function podSpecs(file: ParsedFile): PodSpecView[] {
  return file.model(podSpecsKey, buildPodSpecs);
}

/**
 * Whether the container runs a Docker daemon: a dind image, or a privileged `docker:<version>` without
 * a command of its own (as ci-dind-service judges a pod's container; a Tekton sidecar need not be privileged).
 */
export function runsDockerDaemon(c: ContainerView): boolean {
  if (c.resolvedImage === undefined || !startsDockerDaemon(c.resolvedImage, c.command, c.args)) return false;
  return isDindImage(c.resolvedImage) || c.role === 'sidecar' || c.privileged?.value === true;
}

/** Whether the pod runs a Docker daemon or reaches the node's: a dind container or a runtime-socket hostPath. */
export function usesDockerDaemon(pod: PodSpecView): boolean {
  return (
    pod.containers.some(runsDockerDaemon) ||
    pod.volumes.some((v) => v.hostPath !== undefined && isRuntimeSocketPath(v.hostPath))
  );
}

const resourcesKey = modelKey<{ pods: PodSpecView[]; accounts: ServiceAccountFacts[] }>('k8s-resources');

/** The pod specs and ServiceAccount objects the file's own documents hold. */
function resources(file: ParsedFile): { pods: PodSpecView[]; accounts: ServiceAccountFacts[] } {
  return file.model(resourcesKey, () => {
    const pods: PodSpecView[] = [];
    const accounts: ServiceAccountFacts[] = [];
    file.yaml.documents.forEach((doc, index) => {
      const reader = new Reader(doc, index, new AliasBudget());
      reader.resource(doc.contents, '', 0);
      pods.push(...reader.pods);
      accounts.push(...reader.serviceAccounts);
    });
    return { pods, accounts };
  });
}

/** The ServiceAccount objects of the file's own documents (what a sibling document is told of, see DocumentContext). */
export function serviceAccountsOf(file: ParsedFile): ServiceAccountFacts[] {
  return resources(file).accounts;
}

export function buildPodSpecs(file: ParsedFile): PodSpecView[] {
  const { pods: out, accounts: own } = resources(file);
  const accounts = [...own];
  // The file's own ServiceAccounts first: a document linted alone is told of its siblings'.
  accounts.push(...(file.context?.serviceAccounts ?? []));
  for (const pod of out) {
    const name = pod.serviceAccountName?.value ?? 'default';
    // A namespace written on one side only is the one `kubectl apply -n` gives both.
    const account = accounts.find((a) => a.name === name && (a.namespace === undefined || pod.namespace === undefined || a.namespace === pod.namespace));
    pod.serviceAccountAutomount = account?.automount;
  }
  return out;
}

class Reader {
  readonly pods: PodSpecView[] = [];
  readonly serviceAccounts: ServiceAccountFacts[] = [];
  /** metadata.namespace of the object being read. */
  private namespace: string | undefined;
  private readonly seenSpecs = new Set<unknown>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly index: number,
    private readonly budget: AliasBudget,
  ) {}

  private get(node: unknown, key: string): YamlNode | undefined {
    return mapGet(this.doc, node, key, this.budget)?.value;
  }

  private getPath(node: unknown, keys: string[]): YamlNode | undefined {
    let current: unknown = node;
    for (const key of keys) {
      current = this.get(current, key);
      if (current === undefined) return undefined;
    }
    return current as YamlNode;
  }

  private items(node: unknown): YamlNode[] {
    if (!isSeq(node)) return [];
    return seqItems(this.doc, node, this.budget).filter((n) => isMap(n));
  }

  resource(root: unknown, prefix: string, depth: number): void {
    if (!isMap(root) || depth > MAX_NESTING) return;
    const kindNode = this.get(root, 'kind');
    const kind = scalarString(kindNode);
    const name = scalarString(this.getPath(root, ['metadata', 'name']));
    this.namespace = scalarString(this.getPath(root, ['metadata', 'namespace']));
    if (kind === 'ServiceAccount') {
      if (name !== undefined) this.serviceAccounts.push({ name, namespace: this.namespace, automount: booleanFact(this.get(root, 'automountServiceAccountToken'))?.value });
      return;
    }
    const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
    const pod = (path: string[], k = kind ?? 'Pod', inferred = false) => {
      const spec = this.getPath(root, path);
      // The pod's metadata sits beside its spec: `metadata` for a Pod, `spec.template.metadata` for a controller.
      const metadata = this.getPath(root, [...path.slice(0, -1), 'metadata']);
      if (spec) this.kubernetesPod(spec, k, inferred, name, at(path.join('.')), metadata);
    };

    if (kind === undefined) {
      // Jenkins kubernetes-plugin pod YAML: a bare pod with no apiVersion/kind.
      if (isSeq(this.getPath(root, ['spec', 'containers']))) pod(['spec'], 'Pod', true);
      return;
    }
    if (kind === 'Pod') return pod(['spec']);
    if (WORKLOAD_TEMPLATE_KINDS.has(kind)) return pod(['spec', 'template', 'spec']);
    if (kind === 'CronJob') return pod(['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    if (kind === 'PodTemplate') return pod(['template', 'spec']);
    if (kind.endsWith('List')) {
      this.items(this.get(root, 'items')).forEach((item, i) => this.resource(item, at(`items[${i}]`), depth + 1));
      return;
    }
    if (kind === 'Task' || kind === 'ClusterTask') {
      const spec = this.get(root, 'spec');
      if (spec) this.tektonTask(spec, kind, name, at('spec'), [], []);
      return;
    }
    if (kind === 'TaskRun') {
      const spec = this.get(root, 'spec');
      const taskSpec = this.get(spec, 'taskSpec');
      // The TaskRun's podTemplate sets pod-level fields; its annotations reach the pod.
      const podTemplate = this.get(spec, 'podTemplate');
      if (taskSpec) this.tektonTask(taskSpec, kind, name, at('spec.taskSpec'), podTemplate ? [podTemplate] : [], this.metadataEntries(this.getPath(root, ['metadata', 'annotations'])), spec ? [spec] : []);
      return;
    }
    if (kind === 'Pipeline' || kind === 'PipelineRun') {
      const pipelinePath = kind === 'Pipeline' ? ['spec'] : ['spec', 'pipelineSpec'];
      const pipeline = this.getPath(root, pipelinePath);
      // A PipelineRun's pod template reaches every task's pod (v1beta1 `podTemplate`, v1 `taskRunTemplate.podTemplate`).
      const podTemplate = kind === 'PipelineRun'
        ? (this.getPath(root, ['spec', 'taskRunTemplate', 'podTemplate']) ?? this.getPath(root, ['spec', 'podTemplate']))
        : undefined;
      const annotations = kind === 'PipelineRun' ? this.metadataEntries(this.getPath(root, ['metadata', 'annotations'])) : [];
      // The service account of a PipelineRun's task pods (v1 `taskRunTemplate`, v1beta1 `spec`).
      const accountLevel = kind === 'PipelineRun' ? [this.getPath(root, ['spec', 'taskRunTemplate']), this.get(root, 'spec')].filter((n): n is YamlNode => n !== undefined) : [];
      for (const section of ['tasks', 'finally']) {
        this.items(this.get(pipeline, section)).forEach((task, i) => {
          const taskSpec = this.get(task, 'taskSpec');
          if (taskSpec) this.tektonTask(taskSpec, kind, name, at(`${pipelinePath.join('.')}.${section}[${i}].taskSpec`), podTemplate ? [podTemplate] : [], annotations, accountLevel);
        });
      }
      return;
    }
    if (ARGO_KINDS.has(kind) || kind === 'CronWorkflow') {
      const specPath = kind === 'CronWorkflow' ? ['spec', 'workflowSpec'] : ['spec'];
      this.argoWorkflow(this.getPath(root, specPath), kind, name, at(specPath.join('.')));
      return;
    }
    // Custom resources that embed a standard pod template (Argo Rollouts, operators' CRDs).
    for (const path of [['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec']]) {
      if (isSeq(this.getPath(root, [...path, 'containers']))) return pod(path);
    }
  }

  private claim(spec: unknown): boolean {
    if (this.seenSpecs.has(spec)) return false;
    this.seenSpecs.add(spec);
    return true;
  }

  private kubernetesPod(spec: YamlNode, kind: string, inferred: boolean, name: string | undefined, path: string, metadata: YamlNode | undefined): void {
    if (!isMap(spec) || !this.claim(spec)) return;
    const podSecurity = this.podSecurity(this.get(spec, 'securityContext'), this.metadataEntries(this.get(metadata, 'annotations')));
    const containers: ContainerView[] = [];
    const seen = new Set<unknown>();
    const roles: [string, ContainerRole][] = [
      ['initContainers', 'initContainer'],
      ['containers', 'container'],
      ['ephemeralContainers', 'ephemeralContainer'],
    ];
    for (const [key, role] of roles) {
      for (const node of this.items(this.get(spec, key))) {
        if (seen.has(node)) continue;
        seen.add(node);
        containers.push(this.container(node, role, podSecurity, undefined, new Map()));
      }
    }
    this.pods.push(this.finish(spec, kind, inferred, name, path, 'kubernetes', podSecurity, containers, this.volumes(this.get(spec, 'volumes')), [spec]));
  }

  private tektonTask(spec: YamlNode, kind: string, name: string | undefined, path: string, podLevel: YamlNode[], annotations: MetadataEntry[], accountLevel: YamlNode[] = []): void {
    if (!isMap(spec) || !this.claim(spec)) return;
    const params = this.tektonParams(spec);
    const podSecurity = this.podSecurity(this.first(podLevel, 'securityContext'), annotations);
    const containers: ContainerView[] = [];
    const templateNode = this.get(spec, 'stepTemplate');
    let template: ContainerView | undefined;
    if (isMap(templateNode)) {
      template = this.container(templateNode, 'stepTemplate', podSecurity, undefined, params);
      containers.push(template);
    }
    const seen = new Set<unknown>();
    for (const [key, role] of [['steps', 'step'], ['sidecars', 'sidecar']] as [string, ContainerRole][]) {
      for (const node of this.items(this.get(spec, key))) {
        if (seen.has(node)) continue;
        seen.add(node);
        containers.push(this.container(node, role, podSecurity, role === 'step' ? template : undefined, params));
      }
    }
    this.pods.push(this.finish(spec, kind, false, name, path, 'tekton', podSecurity, containers, this.volumes(this.get(spec, 'volumes')), podLevel, accountLevel));
  }

  private argoWorkflow(spec: YamlNode | undefined, kind: string, name: string | undefined, path: string): void {
    if (!isMap(spec)) return;
    const workflowSecurity = this.get(spec, 'securityContext');
    const workflowVolumes = this.volumes(this.get(spec, 'volumes'));
    const workflowAnnotations = this.metadataEntries(this.getPath(spec, ['podMetadata', 'annotations']));
    this.items(this.get(spec, 'templates')).forEach((template, i) => {
      if (!this.claim(template)) return;
      // A template's own metadata annotations win over the workflow's podMetadata.
      const own = this.metadataEntries(this.getPath(template, ['metadata', 'annotations']));
      const annotations = [...own, ...workflowAnnotations.filter((a) => !own.some((o) => o.key === a.key))];
      const podSecurity = this.podSecurity(this.get(template, 'securityContext') ?? workflowSecurity, annotations);
      const containers: ContainerView[] = [];
      const add = (node: YamlNode | undefined, role: ContainerRole) => {
        if (isMap(node)) containers.push(this.container(node, role, podSecurity, undefined, new Map()));
      };
      for (const node of this.items(this.get(template, 'initContainers'))) add(node, 'initContainer');
      add(this.get(template, 'container'), 'container');
      add(this.get(template, 'script'), 'container');
      for (const node of this.items(this.getPath(template, ['containerSet', 'containers']))) add(node, 'container');
      for (const node of this.items(this.get(template, 'sidecars'))) add(node, 'sidecar');
      if (containers.length === 0) return;
      const volumes = [...workflowVolumes, ...this.volumes(this.get(template, 'volumes'))];
      const templateName = scalarString(this.get(template, 'name'));
      const fullName = name && templateName ? `${name}/${templateName}` : (name ?? templateName);
      this.pods.push(this.finish(template, kind, false, fullName, `${path}.templates[${i}]`, 'argo', podSecurity, containers, volumes, [template, spec]));
    });
  }

  private finish(
    spec: YamlNode,
    kind: string,
    kindInferred: boolean,
    name: string | undefined,
    path: string,
    system: PodSpecView['system'],
    podSecurityContext: PodContext,
    containers: ContainerView[],
    volumes: VolumeView[],
    podLevel: YamlNode[],
    /** Where the pod's service account is named, when not with its other pod-level fields (a Tekton run's spec). */
    accountLevel: YamlNode[] = podLevel,
  ): PodSpecView {
    for (const volume of volumes) {
      volume.mountedBy = containers.filter((c) => c.volumeMounts.some((m) => m.name === volume.name));
    }
    return {
      document: this.index,
      kind,
      kindInferred,
      name,
      path,
      system,
      doc: this.doc,
      specNode: spec,
      range: rangeOf(spec),
      podSecurityContext: podSecurityContext.facts,
      hostNetwork: booleanFact(this.first(podLevel, 'hostNetwork')),
      hostPID: booleanFact(this.first(podLevel, 'hostPID')),
      hostIPC: booleanFact(this.first(podLevel, 'hostIPC')),
      hostUsers: booleanFact(this.first(podLevel, 'hostUsers')),
      automountServiceAccountToken: booleanFact(this.first(podLevel, 'automountServiceAccountToken')),
      namespace: this.namespace,
      serviceAccountName: stringFact(this.first(accountLevel, 'serviceAccountName') ?? this.first(accountLevel, 'serviceAccount')),
      serviceAccountAutomount: undefined,
      annotations: podSecurityContext.annotations,
      containers,
      volumes,
    };
  }

  private podSecurity(node: YamlNode | undefined, annotations: MetadataEntry[]): PodContext {
    const facts: PodSecurityFacts = {
      runAsNonRoot: booleanFact(this.get(node, 'runAsNonRoot')),
      runAsUser: numberFact(this.get(node, 'runAsUser')),
      seccompProfile: this.seccompType(this.get(node, 'seccompProfile')),
    };
    // The deprecated pod annotation stands in for the field only where the field is not written.
    const podAnnotation = annotations.find((a) => a.key === SECCOMP_POD_ANNOTATION);
    const seccomp: SeccompFact | undefined = facts.seccompProfile
      ? { ...facts.seccompProfile, from: 'pod' }
      : podAnnotation ? seccompFromAnnotation(podAnnotation, 'pod') : undefined;
    return { facts, annotations, seccomp };
  }

  /** The first node of `nodes` (in precedence order) that writes `key`, and its value. */
  private first(nodes: YamlNode[], key: string): YamlNode | undefined {
    for (const node of nodes) {
      const value = this.get(node, key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  private seccompType(node: YamlNode | undefined): Fact<string> | undefined {
    const typeNode = this.get(node, 'type');
    const value = scalarString(typeNode);
    return value === undefined || !typeNode ? undefined : { value, range: rangeOf(typeNode) };
  }

  private metadataEntries(node: YamlNode | undefined): MetadataEntry[] {
    return metadataEntries(this.doc, node, this.budget);
  }

  private list(node: YamlNode | undefined, from: 'container' | 'stepTemplate'): InheritedList {
    if (node === undefined) return { items: [], from: undefined, range: undefined };
    return { items: isSeq(node) ? this.scalars(node) : [], from, range: rangeOf(node) };
  }

  private tektonParams(spec: YamlNode): Map<string, string> {
    const params = new Map<string, string>();
    const list = this.get(spec, 'params') ?? this.getPath(spec, ['inputs', 'params']);
    for (const param of this.items(list)) {
      const paramName = scalarString(this.get(param, 'name'));
      const value = scalarString(this.get(param, 'default'));
      if (paramName !== undefined && value !== undefined) params.set(paramName, value);
    }
    return params;
  }

  private container(
    node: YamlNode,
    role: ContainerRole,
    podContext: PodContext,
    template: ContainerView | undefined,
    params: Map<string, string>,
  ): ContainerView {
    const pod = podContext.facts;
    const nameNode = this.get(node, 'name');
    const imageNode = this.get(node, 'image');
    const image = scalarString(imageNode);
    const security = this.get(node, 'securityContext');
    const inherit = <T>(own: Fact<T> | undefined, fromTemplate: InheritedFact<T> | undefined, fromPod: Fact<T> | undefined): InheritedFact<T> | undefined => {
      if (own) return { ...own, from: 'container' };
      if (fromTemplate) return fromTemplate.from === 'container' ? { ...fromTemplate, from: 'stepTemplate' } : fromTemplate;
      return fromPod ? { ...fromPod, from: 'pod' } : undefined;
    };
    const scriptNode = this.get(node, 'script') ?? this.get(node, 'source');
    const script = scalarString(scriptNode);
    const commandFacts = this.scalars(this.get(node, 'command'));
    const argsFacts = this.scalars(this.get(node, 'args'));
    const containerName = scalarString(nameNode);
    const inheritList = (key: 'add' | 'drop', fromTemplate: InheritedList | undefined): InheritedList => {
      const own = this.getPath(security, ['capabilities', key]);
      if (own !== undefined) return this.list(own, 'container');
      if (fromTemplate && fromTemplate.from !== undefined) return { ...fromTemplate, from: 'stepTemplate' };
      return { items: [], from: undefined, range: undefined };
    };
    const capabilitiesAddList = inheritList('add', template?.capabilitiesAddList);
    const capabilitiesDropList = inheritList('drop', template?.capabilitiesDropList);
    const ownSeccomp = this.seccompType(this.get(security, 'seccompProfile'));
    const containerAnnotation = containerName === undefined || role === 'stepTemplate'
      ? undefined
      : podContext.annotations.find((a) => a.key === SECCOMP_CONTAINER_ANNOTATION + containerName);
    const seccompProfile: SeccompFact | undefined = ownSeccomp
      ? { ...ownSeccomp, from: 'container' }
      : containerAnnotation
        ? seccompFromAnnotation(containerAnnotation, 'container')
        : template?.seccompProfile
          ? (template.seccompProfile.from === 'container' ? { ...template.seccompProfile, from: 'stepTemplate' } : template.seccompProfile)
          : podContext.seccomp;
    return {
      role,
      name: containerName,
      nameRange: nodeRange(nameNode),
      image,
      imageRange: nodeRange(imageNode),
      resolvedImage: image === undefined ? (template?.resolvedImage ?? undefined) : resolveTektonParams(image, params),
      node,
      range: rangeOf(node),
      privileged: booleanFact(this.get(security, 'privileged')),
      allowPrivilegeEscalation: inherit(booleanFact(this.get(security, 'allowPrivilegeEscalation')), template?.allowPrivilegeEscalation, undefined),
      runAsNonRoot: inherit(booleanFact(this.get(security, 'runAsNonRoot')), template?.runAsNonRoot, pod.runAsNonRoot),
      runAsUser: inherit(numberFact(this.get(security, 'runAsUser')), template?.runAsUser, pod.runAsUser),
      capabilitiesAdd: capabilitiesAddList.items,
      capabilitiesAddList,
      capabilitiesDropList,
      seccompProfile,
      volumeMounts: this.items(this.get(node, 'volumeMounts')).flatMap((m) => {
        const mountName = scalarString(this.get(m, 'name'));
        if (mountName === undefined) return [];
        return [{
          name: mountName,
          mountPath: scalarString(this.get(m, 'mountPath')),
          readOnly: booleanFact(this.get(m, 'readOnly'))?.value ?? false,
          range: rangeOf(m),
        }];
      }),
      env: this.items(this.get(node, 'env')).flatMap((e) => {
        const envName = scalarString(this.get(e, 'name'));
        if (envName === undefined) return [];
        const valueNode = this.get(e, 'value');
        const valueFrom = mapEntries(this.doc, this.get(e, 'valueFrom'), this.budget)[0]?.key;
        return [{ name: envName, value: scalarString(valueNode), valueRange: nodeRange(valueNode), valueFrom, range: rangeOf(e) }];
      }),
      command: commandFacts.map((f) => f.value),
      args: argsFacts.map((f) => f.value),
      commandFacts,
      argsFacts,
      script: script !== undefined && scriptNode ? { value: script, range: rangeOf(scriptNode) } : undefined,
    };
  }

  private scalars(node: YamlNode | undefined): Fact<string>[] {
    if (node === undefined) return [];
    return seqItems(this.doc, node, this.budget).flatMap((item) => {
      const value = scalarString(item);
      return value === undefined ? [] : [{ value, range: rangeOf(item) }];
    });
  }

  private volumes(node: YamlNode | undefined): VolumeView[] {
    return this.items(node).flatMap((v) => {
      const entries = mapEntries(this.doc, v, this.budget);
      const volumeName = scalarString(entries.find((e) => e.key === 'name')?.value);
      if (volumeName === undefined) return [];
      const sourceEntry = entries.find((e) => e.key !== 'name');
      const source = sourceEntry?.key;
      const hostPathNode = entries.find((e) => e.key === 'hostPath')?.value;
      const pathNode = isMap(hostPathNode) ? this.get(hostPathNode, 'path') : undefined;
      return [{
        name: volumeName,
        source,
        hostPath: scalarString(pathNode),
        hostPathRange: nodeRange(pathNode),
        emptyDir: entries.some((e) => e.key === 'emptyDir'),
        sourceReadOnly: booleanFact(this.get(sourceEntry?.value, 'readOnly'))?.value === true,
        range: rangeOf(v),
        mountedBy: [],
      }];
    });
  }
}

/** The entries of a `labels:` or `annotations:` mapping; anything else gives none. */
export function metadataEntries(doc: Document.Parsed, node: unknown, budget: AliasBudget): MetadataEntry[] {
  return mapEntries(doc, node, budget).flatMap((e) => {
    if (!e.keyNode || e.key === '') return [];
    return [{ key: e.key, keyRange: rangeOf(e.keyNode), value: scalarString(e.value), valueRange: nodeRange(e.value) }];
  });
}

/** What every container of a pod inherits: the pod's securityContext facts and its annotations. */
interface PodContext {
  facts: PodSecurityFacts;
  annotations: MetadataEntry[];
  /** The pod-level seccomp profile: the field, else the deprecated pod annotation. */
  seccomp: SeccompFact | undefined;
}

export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

/** Reads a deprecated seccomp annotation as the profile type the field would hold. */
function seccompFromAnnotation(entry: MetadataEntry, from: 'container' | 'pod'): SeccompFact | undefined {
  if (entry.value === undefined) return undefined;
  const raw = entry.value.trim();
  const value = raw === 'runtime/default' || raw === 'docker/default'
    ? 'RuntimeDefault'
    : raw === 'unconfined' ? 'Unconfined' : raw.startsWith('localhost/') ? 'Localhost' : raw;
  return { value, range: entry.valueRange ?? entry.keyRange, from, annotation: entry.key };
}

function rangeOf(node: YamlNode): OffsetRange {
  return nodeRange(node) ?? { start: 0, end: 0 };
}

function booleanFact(node: YamlNode | undefined): Fact<boolean> | undefined {
  if (!isScalar(node)) return undefined;
  const range = rangeOf(node);
  if (typeof node.value === 'boolean') return { value: node.value, range };
  if (typeof node.value === 'string' && node.type === Scalar.PLAIN) {
    const word = node.value.toLowerCase();
    if (YAML11_TRUE.has(word)) return { value: true, range };
    if (YAML11_FALSE.has(word)) return { value: false, range };
  }
  return undefined;
}

function stringFact(node: YamlNode | undefined): Fact<string> | undefined {
  const value = scalarString(node);
  return value === undefined || !node ? undefined : { value, range: rangeOf(node) };
}

function numberFact(node: YamlNode | undefined): Fact<number> | undefined {
  if (!isScalar(node)) return undefined;
  const value = typeof node.value === 'number' ? node.value : typeof node.value === 'bigint' ? Number(node.value) : undefined;
  return value === undefined || !Number.isFinite(value) ? undefined : { value, range: rangeOf(node) };
}

const TEKTON_PARAM = /\$\((?:inputs\.)?params(?:\.([A-Za-z0-9_.-]+?)|\[['"]([^'"]+)['"]\])\)/g;

/** Replaces Tekton `$(params.name)` references with the parameters' defaults; unknown ones stay as written. */
export function resolveTektonParams(value: string, params: ReadonlyMap<string, string>): string {
  if (params.size === 0 || !value.includes('$(')) return value;
  return value.replace(TEKTON_PARAM, (whole, dotted: string | undefined, bracketed: string | undefined) => {
    const found = params.get(dotted ?? bracketed ?? '');
    return found ?? whole;
  });
}
