// Every pod spec in a Kubernetes file, normalized: workload controllers, CronJobs, pod templates,
// Tekton tasks (steps and sidecars are containers) and Argo workflow templates all become the same
// PodSpecView, so a rule about privileged containers or host sockets is written once. Container
// security facts already carry the pod-level securityContext they inherit, which is the classic
// source of false positives in other linters.
import type { ParsedFile } from '../../parsed-file.js';
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
import { isDindImage, isRuntimeSocketPath } from '../container-facts.js';

/** A value read from the file, with the range of its value node. */
export interface Fact<T> {
  value: T;
  range: OffsetRange;
}

/** A security fact after inheritance: `from` says which securityContext supplied it. */
export interface InheritedFact<T> extends Fact<T> {
  from: 'container' | 'stepTemplate' | 'pod';
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
  allowPrivilegeEscalation: Fact<boolean> | undefined;
  /** Effective values: the container's own, else a Tekton stepTemplate's, else the pod's. */
  runAsNonRoot: InheritedFact<boolean> | undefined;
  runAsUser: InheritedFact<number> | undefined;
  capabilitiesAdd: Fact<string>[];
  volumeMounts: VolumeMountView[];
  env: EnvVarView[];
  command: string[];
  args: string[];
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
  range: OffsetRange;
  /** Containers of the same pod that mount this volume. */
  mountedBy: ContainerView[];
}

export interface PodSecurityFacts {
  runAsNonRoot: Fact<boolean> | undefined;
  runAsUser: Fact<number> | undefined;
}

export interface PodSpecView {
  /** Index of the YAML document in the file (the Kaniko rewrite target for Kubernetes files). */
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

/** All pod specs in a 'k8s' file, built once per parsed file. */
export function podSpecs(file: ParsedFile): PodSpecView[] {
  return file.model('k8s', buildPodSpecs);
}

/** Whether the pod runs a Docker daemon or reaches the node's: a dind container or a runtime-socket hostPath. */
export function usesDockerDaemon(pod: PodSpecView): boolean {
  return (
    pod.containers.some((c) => c.resolvedImage !== undefined && isDindImage(c.resolvedImage)) ||
    pod.volumes.some((v) => v.hostPath !== undefined && isRuntimeSocketPath(v.hostPath))
  );
}

export function buildPodSpecs(file: ParsedFile): PodSpecView[] {
  const out: PodSpecView[] = [];
  file.yaml.documents.forEach((doc, index) => {
    if (doc.errors.length > 0) return;
    const reader = new Reader(doc, index, new AliasBudget());
    reader.resource(doc.contents, '', 0);
    out.push(...reader.pods);
  });
  return out;
}

class Reader {
  readonly pods: PodSpecView[] = [];
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
    const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
    const pod = (path: string[], k = kind ?? 'Pod', inferred = false) => {
      const spec = this.getPath(root, path);
      if (spec) this.kubernetesPod(spec, k, inferred, name, at(path.join('.')));
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
      if (spec) this.tektonTask(spec, kind, name, at('spec'), undefined);
      return;
    }
    if (kind === 'TaskRun') {
      const spec = this.get(root, 'spec');
      const taskSpec = this.get(spec, 'taskSpec');
      const podSecurity = this.getPath(spec, ['podTemplate', 'securityContext']);
      if (taskSpec) this.tektonTask(taskSpec, kind, name, at('spec.taskSpec'), podSecurity);
      return;
    }
    if (kind === 'Pipeline' || kind === 'PipelineRun') {
      const pipelinePath = kind === 'Pipeline' ? ['spec'] : ['spec', 'pipelineSpec'];
      const pipeline = this.getPath(root, pipelinePath);
      for (const section of ['tasks', 'finally']) {
        this.items(this.get(pipeline, section)).forEach((task, i) => {
          const taskSpec = this.get(task, 'taskSpec');
          if (taskSpec) this.tektonTask(taskSpec, kind, name, at(`${pipelinePath.join('.')}.${section}[${i}].taskSpec`), undefined);
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

  private kubernetesPod(spec: YamlNode, kind: string, inferred: boolean, name: string | undefined, path: string): void {
    if (!isMap(spec) || !this.claim(spec)) return;
    const podSecurity = this.podSecurity(this.get(spec, 'securityContext'));
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
    this.pods.push(this.finish(spec, kind, inferred, name, path, 'kubernetes', podSecurity, containers, this.volumes(this.get(spec, 'volumes'))));
  }

  private tektonTask(spec: YamlNode, kind: string, name: string | undefined, path: string, podSecurityNode: YamlNode | undefined): void {
    if (!isMap(spec) || !this.claim(spec)) return;
    const params = this.tektonParams(spec);
    const podSecurity = this.podSecurity(podSecurityNode);
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
    this.pods.push(this.finish(spec, kind, false, name, path, 'tekton', podSecurity, containers, this.volumes(this.get(spec, 'volumes'))));
  }

  private argoWorkflow(spec: YamlNode | undefined, kind: string, name: string | undefined, path: string): void {
    if (!isMap(spec)) return;
    const workflowSecurity = this.get(spec, 'securityContext');
    const workflowVolumes = this.volumes(this.get(spec, 'volumes'));
    this.items(this.get(spec, 'templates')).forEach((template, i) => {
      if (!this.claim(template)) return;
      const podSecurity = this.podSecurity(this.get(template, 'securityContext') ?? workflowSecurity);
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
      this.pods.push(this.finish(template, kind, false, fullName, `${path}.templates[${i}]`, 'argo', podSecurity, containers, volumes));
    });
  }

  private finish(
    spec: YamlNode,
    kind: string,
    kindInferred: boolean,
    name: string | undefined,
    path: string,
    system: PodSpecView['system'],
    podSecurityContext: PodSecurityFacts,
    containers: ContainerView[],
    volumes: VolumeView[],
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
      podSecurityContext,
      hostNetwork: booleanFact(this.get(spec, 'hostNetwork')),
      hostPID: booleanFact(this.get(spec, 'hostPID')),
      hostIPC: booleanFact(this.get(spec, 'hostIPC')),
      containers,
      volumes,
    };
  }

  private podSecurity(node: YamlNode | undefined): PodSecurityFacts {
    return {
      runAsNonRoot: booleanFact(this.get(node, 'runAsNonRoot')),
      runAsUser: numberFact(this.get(node, 'runAsUser')),
    };
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
    pod: PodSecurityFacts,
    template: ContainerView | undefined,
    params: Map<string, string>,
  ): ContainerView {
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
    return {
      role,
      name: scalarString(nameNode),
      nameRange: nodeRange(nameNode),
      image,
      imageRange: nodeRange(imageNode),
      resolvedImage: image === undefined ? (template?.resolvedImage ?? undefined) : resolveTektonParams(image, params),
      node,
      range: rangeOf(node),
      privileged: booleanFact(this.get(security, 'privileged')),
      allowPrivilegeEscalation: booleanFact(this.get(security, 'allowPrivilegeEscalation')),
      runAsNonRoot: inherit(booleanFact(this.get(security, 'runAsNonRoot')), template?.runAsNonRoot, pod.runAsNonRoot),
      runAsUser: inherit(numberFact(this.get(security, 'runAsUser')), template?.runAsUser, pod.runAsUser),
      capabilitiesAdd: this.scalars(this.getPath(security, ['capabilities', 'add'])),
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
      command: this.scalars(this.get(node, 'command')).map((f) => f.value),
      args: this.scalars(this.get(node, 'args')).map((f) => f.value),
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
      const source = entries.find((e) => e.key !== 'name')?.key;
      const hostPathNode = entries.find((e) => e.key === 'hostPath')?.value;
      const pathNode = isMap(hostPathNode) ? this.get(hostPathNode, 'path') : undefined;
      return [{
        name: volumeName,
        source,
        hostPath: scalarString(pathNode),
        hostPathRange: nodeRange(pathNode),
        emptyDir: entries.some((e) => e.key === 'emptyDir'),
        range: rangeOf(v),
        mountedBy: [],
      }];
    });
  }
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
