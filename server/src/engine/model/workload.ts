// The neutral model every dialect yields: a CI job, a Tekton task or a Kubernetes pod spec is a
// Workload of Containers that run Scripts. Rules visit this model and never a system's own YAML, so a
// rule written once covers every dialect, and a new dialect needs no rule edit. Every range is a
// half-open range of UTF-16 offsets into the file text.
import type { ParsedFile } from '../parsed-file.js';
import type { FixOutcome, LintOptions, OffsetRange } from '../types.js';

/** The dialects that yield workloads (the Dockerfile has its own model). */
export type DialectId =
  | 'gitlab-ci'
  | 'github-actions'
  | 'kubernetes'
  | 'tekton'
  | 'compose'
  | 'drone'
  | 'woodpecker'
  | 'bitbucket'
  | 'circleci'
  | 'azure-pipelines'
  | 'jenkins'
  | 'gitlab-runner'
  | 'actions-runner-controller';

/**
 * Which family of rules a workload answers to: `job` for CI jobs (ci-* rules about services, runner
 * options and scripts), `pod` for pod specs (k8s-* rules about securityContext and volumes). Rules
 * about Docker daemons and scripts visit both.
 */
export type WorkloadScope = 'job' | 'pod';

/** A value read from the file, with where it is written. */
export interface Fact<T> {
  value: T;
  range: OffsetRange;
}

/**
 * Where an inherited fact was written when not in the workload itself, in the words messages use:
 * `default`, `top-level`, `workflow`, a template name such as `.docker`, `&anchor`, `<<`.
 */
export type Origin = string;

export interface EnvVar {
  name: string;
  nameRange: OffsetRange;
  /** The literal value; undefined when it is not a scalar or comes from elsewhere (`valueFrom`). */
  value?: string;
  valueRange?: OffsetRange;
  origin?: Origin;
}

export type ContainerRole =
  | 'job'
  | 'service'
  | 'container'
  | 'initContainer'
  | 'ephemeralContainer'
  | 'step'
  | 'sidecar'
  | 'stepTemplate';

/** A security fact after inheritance: `from` says which level supplied it. */
export interface InheritedFact<T> extends Fact<T> {
  from: 'container' | 'stepTemplate' | 'pod';
}

/**
 * The effective seccomp profile type of a container (`RuntimeDefault`, `Localhost`, `Unconfined`, or
 * the value as written); `annotation` names the deprecated annotation it was read from, if any.
 */
export interface SeccompFact extends InheritedFact<string> {
  annotation?: string;
}

/** A capability list as it applies to a container (Tekton steps inherit the stepTemplate's). */
export interface CapabilityList {
  items: Fact<string>[];
  /** Where the list is written; undefined when no level writes it. */
  from?: 'container' | 'stepTemplate';
  /** The list's range, when written. */
  range?: OffsetRange;
}

/** A label or annotation: `metadata.labels` / `metadata.annotations` entries. */
export interface MetadataEntry {
  key: string;
  keyRange: OffsetRange;
  value: string | undefined;
  valueRange: OffsetRange | undefined;
}

export interface VolumeMount {
  name: string;
  mountPath: string | undefined;
  readOnly: boolean;
  range: OffsetRange;
}

export interface Container {
  role: ContainerRole;
  /** Service alias or label, container or step name. */
  name?: string;
  nameRange?: OffsetRange;
  /** The image, resolved where the dialect can (Tekton parameter defaults); its range is the image scalar's. */
  image?: Fact<string>;
  /** The declaration's range: a service list item, a container's mapping. */
  range: OffsetRange;
  origin?: Origin;
  /**
   * Identifies the declaration in the file: two workloads that reach the same declaration (through
   * `extends:` or an anchor) share it, so a rule can tell a template's own service from a used one.
   */
  declaration: unknown;
  /** `securityContext.privileged` as written on this container (never inherited). */
  privileged?: Fact<boolean>;
  /** Effective securityContext facts: the container's own, else a Tekton stepTemplate's, else the pod's. */
  allowPrivilegeEscalation?: InheritedFact<boolean>;
  runAsNonRoot?: InheritedFact<boolean>;
  runAsUser?: InheritedFact<number>;
  /** `capabilities.add` as it applies (a step's own list, else its stepTemplate's). */
  capabilitiesAdd: Fact<string>[];
  /** Where `capabilities.add` is written, when it is (a step may inherit its stepTemplate's). */
  capabilitiesAddFrom?: 'container' | 'stepTemplate';
  /** `capabilities.drop` as it applies; `from` unset when nothing writes it. */
  capabilitiesDrop: CapabilityList;
  /** The effective seccomp profile, deprecated annotations included; unset when no level sets one. */
  seccompProfile?: SeccompFact;
  /** Host namespaces the container joins (`network`, `pid`, `ipc`, `user`), at the value that asks for it. */
  hostNamespaces?: Fact<string>[];
  /**
   * The container runs a Docker daemon of its own although its image is no `docker:*dind*` (a CI
   * plugin image the runner starts privileged); the value says why, in message words, and the range
   * is the image's.
   */
  daemon?: Fact<string>;
  volumeMounts: VolumeMount[];
  env: EnvVar[];
  /** Container-runtime flags given as one string (`docker create` options of a job or service container). */
  runtimeOptions?: Fact<string>;
  /** Bind mounts written as `host:container[:mode]` strings. */
  bindMounts: Fact<string>[];
  /**
   * A runtime socket the runner itself mounts into this container, which the file does not write (a
   * self-hosted GitHub Actions runner mounts its host's /var/run/docker.sock into a job's `container:`
   * and into `docker://` step containers): the value is the socket's host path, the range the words
   * that make the runner start the container.
   */
  runnerSocket?: Fact<string>;
  /** Arguments that override the image's entrypoint and command (a service's `entrypoint:` and `command:`). */
  entrypoint: Fact<string>[];
  command: Fact<string>[];
}

export interface Volume {
  name: string;
  /** The volume source key (`hostPath`, `emptyDir`, `secret`, …). */
  source: string | undefined;
  hostPath?: Fact<string>;
  emptyDir: boolean;
  /** The source itself is read-only (`persistentVolumeClaim.readOnly: true` and the like), so every mount of it is. */
  sourceReadOnly?: boolean;
  range: OffsetRange;
  /** Containers of the same workload that mount this volume. */
  mountedBy: Container[];
}

/** One shell snippet: a script entry, a `run:` body, a step's `script:`. */
export interface Script {
  section: string;
  text: string;
  range: OffsetRange;
  origin?: Origin;
  /** The container the script runs in. */
  runsIn: Container;
  /**
   * The folder the script starts in, relative to where the workload starts, when the system sets
   * one per script (Jenkins `dir('…') { }`); null when it is set but not known from the text.
   */
  directory?: string | null;
}

export interface Workload {
  dialect: DialectId;
  scope: WorkloadScope;
  /** What the system calls it: `job`, `Deployment`, `Task`, `Pod`. */
  kind: string;
  /** What CI messages call the workload, lower case (`job` unless the dialect says: `pipeline`, `step`, `Compose file`). */
  noun?: string;
  /** Where its containers run, in message words (`runner` unless the dialect says: `agent`, `Docker host`). */
  host?: string;
  /** Job name or resource name; undefined when the file gives none. */
  name: string | undefined;
  keyRange: OffsetRange;
  range: OffsetRange;
  /** Never runs by itself (a GitLab hidden job, `default:`); its facts reach the workloads that use it. */
  template: boolean;
  /** In declaration order; for CI jobs the job's own container comes first. */
  containers: Container[];
  /** Effective variables of the workload, inherited ones included. */
  env: EnvVar[];
  scripts: Script[];
  volumes: Volume[];
  /** Runner selection: GitLab `tags:`, GitHub `runs-on:` labels. */
  runner: Fact<string>[];
  /**
   * A daemon the platform itself hands the workload (a shell runner's host Docker, a platform's
   * remote engine), for dialects that can tell; unset when none is known.
   */
  hostDaemon?: Fact<string>;
  /** Pod-level settings of a pod spec (unset for CI jobs): the host namespaces and user namespace. */
  hostNetwork?: Fact<boolean>;
  hostPID?: Fact<boolean>;
  hostIPC?: Fact<boolean>;
  hostUsers?: Fact<boolean>;
  automountServiceAccountToken?: Fact<boolean>;
  /** The service account the pod names (`serviceAccountName`, or the deprecated `serviceAccount`). */
  serviceAccountName?: Fact<string>;
  /** `automountServiceAccountToken` of that ServiceAccount (`default` when none is named), where the same file declares it. */
  serviceAccountAutomount?: boolean;
  /** The pod-level securityContext facts containers inherit (pod specs only). */
  podSecurity?: { runAsNonRoot?: Fact<boolean>; runAsUser?: Fact<number>; seccompProfile?: Fact<string> };
  /** The pod's annotations (pod specs only). */
  annotations: MetadataEntry[];
  /** What the workload inherits from outside this file (`extends:` or `!reference` targets), so facts may be missing. */
  unresolved: string[];
  /** The dialect's own view of the workload (a CI job, a pod spec), opaque to rules; only its rewrite reads it. */
  handle: unknown;
  /** The DinD → daemonless rewrite of this workload, offered by rules that flag a daemon-based build. */
  rewrite?: (options: LintOptions) => FixOutcome;
  /**
   * The YAML the workload was read from when it is not the file's own: a pod in a Jenkinsfile string,
   * masked at the same offsets, so an edit computed on it applies to the file unchanged. Set only where
   * such edits are safe (see editableYaml).
   */
  yaml?: ParsedFile;
}

/** The parsed YAML a quick fix for the workload edits: its own masked document, else the file. */
export function editableYaml(file: ParsedFile, workload: Workload): ParsedFile {
  return workload.yaml ?? file;
}

/**
 * An object of the file that is not a workload but says how workloads are admitted: a Namespace and
 * its Pod Security Admission labels, a PodSecurityPolicy.
 */
export interface Resource {
  dialect: DialectId;
  kind: string;
  /** The `kind:` value's range. */
  kindRange: OffsetRange;
  apiVersion: string | undefined;
  name: string | undefined;
  nameRange: OffsetRange | undefined;
  range: OffsetRange;
  labels: MetadataEntry[];
  annotations: MetadataEntry[];
  /** What a PodSecurityPolicy's spec allows, in the terms the Pod Security Standards judge by. */
  podSecurityPolicy?: PodSecurityPolicyFacts;
}

export interface PodSecurityPolicyFacts {
  privileged?: Fact<boolean>;
  hostPID?: Fact<boolean>;
  hostIPC?: Fact<boolean>;
  hostNetwork?: Fact<boolean>;
  /** Whether `hostPorts` lists any range. */
  hostPorts: boolean;
  allowPrivilegeEscalation?: Fact<boolean>;
  /** `runAsUser.rule`, and whether a `MustRunAs` range starts above 0. */
  runAsUserRule?: Fact<string>;
  runAsUserNonZeroRanges: boolean;
  requiredDropCapabilities: Fact<string>[];
  allowedCapabilities: Fact<string>[];
  defaultAddCapabilities: Fact<string>[];
  volumes: Fact<string>[];
  /** The `seccomp.security.alpha.kubernetes.io/allowedProfileNames` annotation, split on commas. */
  seccompAllowedProfiles: string[] | undefined;
}

/** What one file yields: its workloads (concrete ones first, then templates) and file-wide settings. */
export interface WorkloadFile {
  workloads: Workload[];
  /** Variables set for every workload of the file (GitLab top-level `variables:`, workflow `env:`). */
  globalEnv: EnvVar[];
  /** Non-workload objects that govern admission (Kubernetes files only). */
  resources?: Resource[];
}

/** How messages name a container of each role. */
export const CONTAINER_ROLE_WORDS: Readonly<Record<ContainerRole, string>> = {
  job: 'job container',
  service: 'service',
  container: 'container',
  initContainer: 'init container',
  ephemeralContainer: 'ephemeral container',
  step: 'step',
  sidecar: 'sidecar',
  stepTemplate: 'step template',
};

/** How messages name a CI job's own container, one of its services or steps. */
export function containerWhere(c: Container): string {
  return c.role === 'job' ? 'job container' : `${CONTAINER_ROLE_WORDS[c.role]} "${c.name ?? c.image?.value ?? '(unnamed)'}"`;
}

/** The words CI messages use for a workload: `{Kind} "{job}"` opens a sentence, `{kind} "{job}"` sits inside one, `{host}` is where it runs. */
export function jobWords(w: Workload): { job: string; kind: string; Kind: string; host: string } {
  const kind = w.noun ?? 'job';
  return { job: w.name ?? '(unnamed)', kind, Kind: kind.charAt(0).toUpperCase() + kind.slice(1), host: w.host ?? 'runner' };
}
