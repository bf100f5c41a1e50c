// Kubernetes placement of the rewrite: a Pod, Job or CronJob whose docker CLI container builds
// through a DinD sidecar or the node's socket becomes a pod with one container running the builder
// (Builder.pod). That container has no shell, so the docker commands must be visible in the pod and
// map to the builder's arguments one to one; credentials come from a dockerconfigjson secret mounted
// read-only where the builder reads them (Builder.configPath). Only the affected pod spec's nodes are
// edited; other documents stay byte-identical.
import { isDockerCliImage, isRuntimeSocketPath } from '../../model/container-facts.js';
import { podSpecs, runsDockerDaemon, usesDockerDaemon, type ContainerView, type PodSpecView } from '../../model/k8s/pod-spec.js';
import type { ParsedFile } from '../../parsed-file.js';
import { isMap, isSeq, type Pair, type YamlNode } from '../../parse/yaml.js';
import type { Edit, FixOutcome, LintOptions } from '../../types.js';
import { DAEMON_VARIABLES } from '../../model/facts/daemon-env.js';
import { intentRefusal } from '../emit.js';
import { readBuildIntent, type Word } from '../intent.js';
import type { Builder, BuildOption } from '../builders/builder.js';
import type { Placement } from '../placement.js';
import { isRefused, refused, rewriteRefusal, type Refused } from '../refusal.js';
import {
  column,
  deleteItemEdit,
  eolOf,
  lineEndAfter,
  lineStart,
  normalizeEdits,
  pairLines,
  pairNamed,
  rangeOf,
  trimmedEnd,
  yamlString,
} from '../../parse/yaml-patch.js';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
// Commands with no effect on the build that can go with the shell.
const HARMLESS = new Set(['echo', 'printf', 'true', ':', 'set', 'sleep']);
const DEFAULT_SECRET = 'regcred';

export const k8sPlacement: Placement<'k8s'> = {
  system: 'k8s',
  scope: (target, file) => ({ kind: 'document', index: target.document, subject: k8sSubject(file, daemonPods(file, target.document)[0], target.document) }),
  place: (file, target, options, builder) => k8sRewrite(file, target.document, options, builder),
};

/** What the rewrite converts: the pod's resource by kind and name, its document named only where another resource of the file has that kind and name. */
/** The document's pod specs that run or reach a Docker daemon: what the rewrite converts. */
function daemonPods(file: ParsedFile, document: number): PodSpecView[] {
  return podSpecs(file).filter((p) => p.document === document && usesDockerDaemon(p));
}

export function k8sSubject(file: ParsedFile, pod: PodSpecView | undefined, document: number): string {
  if (!pod) return `document ${document + 1}`;
  const what = `${pod.kind} '${pod.name ?? '(unnamed)'}'`;
  const namesakes = new Set(podSpecs(file).filter((p) => p.kind === pod.kind && p.name === pod.name).map((p) => p.document));
  return namesakes.size > 1 ? `${what} (document ${document + 1})` : what;
}

export function k8sTitle(subject: string, builder: Builder): string {
  return `Rewrite ${subject} to build with ${builder.name}`;
}

function tektonReason(builder: Builder): string {
  return `Tekton tasks are not rewritten: their params, results and workspaces are the interface Pipelines call by name, and build_extra_args/push_extra_args-style params carry docker flags. Replace the task with ${builder.phrases.tektonTask} and update the Pipeline that uses it`;
}

function nonBuildUse(pod: PodSpecView, builder: Builder): string | undefined {
  const name = builder.name;
  for (const c of pod.containers) {
    const words = [c.name ?? '', c.resolvedImage ?? '', ...c.command, ...c.args, c.script?.value ?? ''].join(' ').toLowerCase();
    if (/(^|[\s/])(kind|k3d)([\s:]|$)/.test(words) || /kindest\/node|kubernetes in docker/.test(words)) {
      return `DinD runs kind (Kubernetes in Docker) here, not an image build; ${name} only replaces image builds. Keep this task or run the cluster with a daemonless alternative (a separate test cluster, vcluster)`;
    }
    if (/docker-slim|dslim\//.test(words)) {
      return `docker-slim needs a Docker daemon to run and probe the image it minifies (and the push step finds the result with docker images); ${name} cannot replace it. Keep DinD for this task, or build with ${name} and drop the slimming step`;
    }
  }
  return undefined;
}

/** The shell script a container runs, from `command`/`args` (`sh -c "…"`) or a docker command line. */
function containerScript(c: ContainerView): string | undefined {
  if (c.script) return c.script.value;
  const argv = [...c.command, ...c.args];
  if (argv.length === 0) return undefined;
  const first = argv[0].slice(argv[0].lastIndexOf('/') + 1);
  if (SHELLS.has(first)) {
    const i = argv.findIndex((a, k) => k > 0 && /^-[a-z]*c[a-z]*$/.test(a));
    return i >= 0 ? argv.slice(i + 1).join('\n') : undefined;
  }
  return argv.map((a) => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Shell `${NAME}` references become Kubernetes `$(NAME)` references to the container's env. */
function k8sValue(word: Word, env: Set<string>, what: string, builder: Builder): string | Refused {
  if (/`|\$\(/.test(word.value)) return refused(`${what} ${word.raw} uses command substitution, which needs a shell; the ${builder.name} executor image has none. Compute the value in an initContainer or the pod's env`);
  const missing = [...word.value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]).find((name) => !env.has(name));
  if (missing !== undefined) return refused(`${what} ${word.raw} uses $${missing}, which is not set in the container's env; Kubernetes can only expand the container's own env variables ($(NAME)) in args`);
  return word.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => `$(${name})`);
}

function absolute(path: string | Refused, workingDir: string | undefined, what: string): string | Refused {
  if (isRefused(path)) return path;
  if (path.startsWith('/') || path.startsWith('$(')) return path.replace(/\/+$/, '') || '/';
  if (!workingDir || !workingDir.startsWith('/')) {
    return refused(`the ${what} '${path}' is relative and the container sets no absolute workingDir, so the rewrite cannot tell where it is; set workingDir or use an absolute path, then rewrite`);
  }
  const rel = path.replace(/^\.\/?/, '').replace(/\/+$/, '');
  const base = workingDir.replace(/\/+$/, '');
  return rel === '' ? base || '/' : `${base}/${rel}`;
}

interface Plan {
  args: string[];
  pushes: boolean;
  notes: string[];
}

function buildArgs(client: ContainerView, script: string, workingDir: string | undefined, builder: Builder): Plan | Refused {
  const name = builder.name;
  const env = new Set(client.env.map((e) => e.name));
  const k8sWord = (word: Word, what: string) => k8sValue(word, env, what, builder);
  // Kubernetes expands $(NAME) from the container env before the shell runs; read it as ${NAME}.
  const expanded = script.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => (env.has(name) ? `\${${name}}` : whole));
  const intent = readBuildIntent([{ name: 'command', items: [expanded] }]);
  const reason = intentRefusal(intent, builder);
  if (reason) return reason;
  if (intent.builds.length > 1) return refused(`the container builds several images; the ${name} executor builds one per container. Split the pod into one ${name} container (or Job) per image`);
  for (const section of intent.sections) for (const item of section.items) for (const line of item.lines) for (const cmd of line.commands) {
    if (cmd.role.kind === 'neutral' && cmd.argv.length > 0 && !HARMLESS.has(cmd.role.tool)) {
      return refused(`the container also runs \`${cmd.argv.join(' ')}\`; the ${name} executor image has no shell to run it. Move it to an initContainer or another pod, then rewrite`);
    }
  }
  if (intent.changesDirectory) return refused('the script changes directory before building; set the container workingDir instead, then rewrite');
  if (intent.pushes.some((p) => p.conditional)) return refused(`a push runs under a shell condition; the ${name} executor image has no shell to test it. Decide the destinations in the manifest, then rewrite`);
  const build = intent.builds[0];
  const context = absolute(k8sWord(build.context, 'the build context'), workingDir, 'build context');
  if (isRefused(context)) return context;
  const dockerfile = build.dockerfile
    ? absolute(k8sWord(build.dockerfile, 'the Dockerfile path'), workingDir, 'Dockerfile path')
    : `${context === '/' ? '' : context}/Dockerfile`;
  if (isRefused(dockerfile)) return dockerfile;
  const options: BuildOption[] = [{ kind: 'dockerfile', value: dockerfile }, { kind: 'context', value: context }];
  // Each option with its value from the job's word; the first word that cannot be expanded refuses.
  const option = (kind: 'build-arg' | 'target' | 'label' | 'platform' | 'cache-repo', word: Word, what: string): Refused | undefined => {
    const value = k8sWord(word, what);
    if (isRefused(value)) return value;
    options.push({ kind, value });
    return undefined;
  };
  const seen = new Set<string>();
  for (const p of intent.pushes) {
    const ref = k8sWord(p.ref, 'the image');
    if (isRefused(ref)) return ref;
    if (!seen.has(ref)) options.push({ kind: 'destination', value: ref });
    seen.add(ref);
  }
  const wordOptions: ['build-arg' | 'target' | 'label' | 'platform', Word | undefined, string][] = [
    ...build.buildArgs.map((a): ['build-arg', Word, string] => ['build-arg', a, 'the build argument']),
    ['target', build.target, 'the target'],
    ...build.labels.map((l): ['label', Word, string] => ['label', l, 'the label']),
    ['platform', build.platform, 'the platform'],
  ];
  for (const [kind, word, what] of wordOptions) {
    const problem = word ? option(kind, word, what) : undefined;
    if (problem) return problem;
  }
  if (intent.pushes.length === 0) options.push({ kind: 'no-push' });
  if (build.cacheRefs.length > 0 && !build.noCache) {
    const repo = builder.cacheRepo({ value: build.cacheRefs[0].value, raw: build.cacheRefs[0].value }).replace(/^"|"$/g, '');
    const problem = option('cache-repo', { value: repo, raw: repo }, 'the cache repository');
    if (problem) return problem;
  }
  const args = options.flatMap((o) => builder.containerArgs(o));
  return { args, pushes: intent.pushes.length > 0 || intent.logins.length > 0, notes: builder.notesFor(intent) };
}

function itemLines(text: string, node: unknown): string {
  return text.slice(lineStart(text, rangeOf(node)![0]), lineEndAfter(text, trimmedEnd(text, node)));
}

function rewritePod(file: ParsedFile, pod: PodSpecView, image: string, builder: Builder): { edits: Edit[]; notes: string[]; requirement: string | undefined } | Refused {
  const text = file.text;
  const eol = eolOf(text);
  const name = builder.name;
  if (pod.system === 'tekton') return refused(nonBuildUse(pod, builder) ?? tektonReason(builder));
  if (pod.system === 'argo') return refused(`Argo workflow templates are not rewritten; replace the template's docker build with a ${name} container by hand`);
  const nonBuild = nonBuildUse(pod, builder);
  if (nonBuild) return refused(nonBuild);
  if (pod.podSecurityContext.runAsNonRoot?.value === true && builder.pod.nonRoot !== undefined) {
    return refused(`the pod requires runAsNonRoot, but ${builder.pod.nonRoot}`);
  }
  const spec = pod.specNode;
  const dind = pod.containers.filter(runsDockerDaemon);
  const socketVolumes = new Set(pod.volumes.filter((v) => v.hostPath !== undefined && isRuntimeSocketPath(v.hostPath)).map((v) => v.name));
  const candidates = pod.containers.filter((c) => !dind.includes(c)).filter((c) =>
    c.volumeMounts.some((m) => socketVolumes.has(m.name)) ||
    c.env.some((e) => e.name === 'DOCKER_HOST') ||
    (c.resolvedImage !== undefined && isDockerCliImage(c.resolvedImage)) ||
    /(^|[\s;&|/])docker\s/.test(`${containerScript(c) ?? ''} `),
  );
  const withScript = candidates.filter((c) => containerScript(c) !== undefined);
  if (withScript.length === 0) {
    if (pod.kindInferred) {
      return refused(`this is a Jenkins agent pod: no container runs a docker build command, so the build commands live in the pipeline (Jenkinsfile), not in the pod. Rewrite the pipeline's docker build/push steps to ${builder.phrases.agentContainer} and replace the dind container in this pod with it, or keep DinD`);
    }
    return refused(`no container in the pod runs a visible docker build command (the daemon is used by the image's own entrypoint or by something outside the pod); ${name} needs the build command to map it to executor flags`);
  }
  if (withScript.length > 1) return refused('several containers run docker commands; rewrite by hand or split the pod');
  const client = withScript[0];
  if (client.role !== 'container') return refused(`the docker commands run in ${client.role} '${client.name ?? ''}'; rewrite by hand`);
  const workingDirNode = isMap(client.node) ? pairNamed(client.node, 'workingDir')?.value : undefined;
  const workingDir = workingDirNode && 'value' in (workingDirNode as object) ? String((workingDirNode as { value: unknown }).value) : undefined;
  const plan = buildArgs(client, containerScript(client)!, workingDir, builder);
  if (isRefused(plan)) return plan;

  const edits: Edit[] = [];
  const removedContainers = new Set<ContainerView>([client, ...dind]);
  const keptContainers = pod.containers.filter((c) => !removedContainers.has(c));
  const dindVolumes = new Set(dind.flatMap((c) => c.volumeMounts.map((m) => m.name)));
  const carriedMounts = client.volumeMounts.filter((m) => !socketVolumes.has(m.name) && !dindVolumes.has(m.name));
  const carriedVolumeNames = new Set(carriedMounts.map((m) => m.name));
  const dropVolumes = pod.volumes.filter((v) =>
    !carriedVolumeNames.has(v.name) &&
    (socketVolumes.has(v.name) || (v.mountedBy.length > 0 && v.mountedBy.every((c) => removedContainers.has(c)))),
  );
  if (keptContainers.some((c) => c.volumeMounts.some((m) => socketVolumes.has(m.name)))) {
    return refused(`container '${keptContainers.find((c) => c.volumeMounts.some((m) => socketVolumes.has(m.name)))!.name}' also mounts the runtime socket; rewrite by hand`);
  }

  // Secret holding the registry credentials: reuse a docker config secret the client mounted.
  let secretName = DEFAULT_SECRET;
  const configMount = client.volumeMounts.find((m) => /\.docker(\/config\.json)?\/?$/.test(m.mountPath ?? ''));
  if (configMount) {
    const volume = pod.volumes.find((v) => v.name === configMount.name);
    const node = volume && findVolumeNode(spec, volume.name);
    const secret = node ? pairNamed(pairNamed(node, 'secret')?.value, 'secretName')?.value : undefined;
    if (secret && 'value' in (secret as object)) secretName = String((secret as { value: unknown }).value);
    carriedVolumeNames.delete(configMount.name);
    dropVolumes.push(...pod.volumes.filter((v) => v.name === configMount.name && !dropVolumes.includes(v)));
  }
  const notes = [...plan.notes];
  const mountSecret = plan.pushes;
  let requirement: string | undefined;
  const existingNames = new Set(pod.volumes.filter((v) => !dropVolumes.includes(v)).map((v) => v.name));
  // The secret's config.json is mounted as the file the builder reads.
  const configDir = builder.configPath.slice(0, builder.configPath.lastIndexOf('/'));
  const configFile = builder.configPath.slice(builder.configPath.lastIndexOf('/') + 1);
  const secretVolume = existingNames.has('docker-config') ? `${builder.pod.name}-docker-config` : 'docker-config';
  if (mountSecret) requirement = `needs a kubernetes.io/dockerconfigjson secret '${secretName}'`;

  // The builder's container replaces the client container's list item.
  const clientItem = client.node;
  const keyCol = column(text, rangeOf((clientItem as { items: Pair[] }).items[0].key)![0]);
  const pad = ' '.repeat(keyCol);
  const dashCol = keyCol - 2;
  const lines: string[] = [];
  lines.push(`${' '.repeat(dashCol)}- name: ${builder.pod.name}`);
  lines.push(`${pad}image: ${yamlString(image)}`);
  lines.push(`${pad}args:`);
  for (const a of plan.args) lines.push(`${pad}  - ${JSON.stringify(a)}`);
  const envPair = pairNamed(clientItem, 'env');
  if (envPair && isSeq(envPair.value)) {
    const keep = envPair.value.items.filter((item) => !DAEMON_VARIABLES.has(String((pairNamed(item, 'name')?.value as { value?: unknown } | undefined)?.value ?? '')));
    if (keep.length > 0) {
      lines.push(`${pad}env:`);
      for (const item of keep) lines.push(itemLines(text, item).replace(/\r?\n$/, ''));
    }
  }
  lines.push(`${pad}securityContext:`);
  for (const l of builder.pod.securityContext({ runAsUser: client.runAsUser?.value })) lines.push(`${pad}  ${l}`);
  const mountsPair = pairNamed(clientItem, 'volumeMounts');
  const mountItems = mountsPair && isSeq(mountsPair.value)
    ? mountsPair.value.items.filter((item) => carriedVolumeNames.has(String((pairNamed(item, 'name')?.value as { value?: unknown } | undefined)?.value ?? '')))
    : [];
  if (mountItems.length > 0 || mountSecret) {
    lines.push(`${pad}volumeMounts:`);
    for (const item of mountItems) lines.push(itemLines(text, item).replace(/\r?\n$/, ''));
    const mDash = mountItems.length > 0 ? column(text, rangeOf(mountItems[0])![0]) - 2 : keyCol + 2;
    if (mountSecret) {
      const mp = ' '.repeat(mDash);
      lines.push(`${mp}- name: ${secretVolume}`, `${mp}  mountPath: ${configDir}`, `${mp}  readOnly: true`);
    }
  }
  const clientStart = lineStart(text, rangeOf(clientItem)![0]);
  const clientEnd = lineEndAfter(text, trimmedEnd(text, clientItem));
  const endsWithNewline = text.slice(clientStart, clientEnd).endsWith('\n');
  edits.push({ start: clientStart, end: clientEnd, text: lines.join(eol).replace(/\r?\n/g, eol) + (endsWithNewline ? eol : '') });
  for (const c of dind) edits.push(deleteItemEdit(text, c.node));

  // Volumes: drop the socket and DinD-only ones, add the docker config secret.
  const volumesPair = pairNamed(spec, 'volumes');
  const volumeItems = volumesPair && isSeq(volumesPair.value) ? volumesPair.value.items : [];
  const droppedItems = volumeItems.filter((item) => dropVolumes.some((v) => v.name === String((pairNamed(item, 'name')?.value as { value?: unknown } | undefined)?.value)));
  const remaining = volumeItems.filter((i) => !droppedItems.includes(i));
  const secretLines = (dash: number) => {
    const p = ' '.repeat(dash);
    return [`${p}- name: ${secretVolume}`, `${p}  secret:`, `${p}    secretName: ${yamlString(secretName)}`, `${p}    items:`, `${p}      - key: .dockerconfigjson`, `${p}        path: ${configFile}`].join(eol);
  };
  const specKeyCol = column(text, rangeOf((spec as unknown as { items: Pair[] }).items[0].key)![0]);
  if (volumesPair && isSeq(volumesPair.value) && !volumesPair.value.flow) {
    if (remaining.length === 0 && !mountSecret) {
      const l = pairLines(text, volumesPair);
      edits.push({ start: l.start, end: l.end, text: '' });
    } else {
      const last = volumeItems[volumeItems.length - 1];
      const dash = column(text, rangeOf(last)![0]) - 2;
      for (const item of droppedItems) edits.push(deleteItemEdit(text, item));
      if (mountSecret) {
        const at = lineEndAfter(text, trimmedEnd(text, last));
        const lead = at === text.length && !text.endsWith('\n') ? eol : '';
        const tail = at === text.length && !text.endsWith('\n') ? '' : eol;
        edits.push({ start: at, end: at, text: lead + secretLines(dash) + tail });
      }
    }
  } else if (volumesPair) {
    return refused('the pod\'s volumes are not a block list; rewrite by hand');
  } else if (mountSecret) {
    const containersPair = pairNamed(spec, 'containers')!;
    const at = lineEndAfter(text, trimmedEnd(text, containersPair.value));
    const lead = at === text.length && !text.endsWith('\n') ? eol : '';
    const tail = at === text.length && !text.endsWith('\n') ? '' : eol;
    edits.push({ start: at, end: at, text: `${lead}${' '.repeat(specKeyCol)}volumes:${eol}${secretLines(specKeyCol + 2)}${tail}` });
  }

  // Keys the pod spec gains, written as lines before its `containers:` key.
  const specLines: string[] = [];
  if (pod.kind === 'Pod') {
    const restart = pairNamed(spec, 'restartPolicy');
    if (!restart) {
      specLines.push('restartPolicy: Never');
    } else if (String((restart.value as { value?: unknown } | null)?.value) === 'Always') {
      edits.push({ start: rangeOf(restart.value)![0], end: trimmedEnd(text, restart.value), text: 'Never' });
    }
  }
  // The builder needs no Kubernetes API token (registry credentials come from the mounted config);
  // only when it is the pod's one container left, since a kept container may call the API.
  if (keptContainers.length === 0 && !pairNamed(spec, 'automountServiceAccountToken')) specLines.push('automountServiceAccountToken: false');
  if (specLines.length > 0) {
    const containersPair = pairNamed(spec, 'containers')!;
    const at = lineStart(text, rangeOf(containersPair.key)![0]);
    edits.push({ start: at, end: at, text: specLines.map((l) => `${' '.repeat(specKeyCol)}${l}${eol}`).join('') });
  }
  return { edits: normalizeEdits(edits), notes, requirement };
}

function findVolumeNode(spec: YamlNode, name: string): YamlNode | undefined {
  const volumes = pairNamed(spec, 'volumes')?.value;
  if (!isSeq(volumes)) return undefined;
  return volumes.items.find((item) => String((pairNamed(item, 'name')?.value as { value?: unknown } | undefined)?.value) === name) as YamlNode | undefined;
}

export function k8sRewrite(file: ParsedFile, document: number, options: LintOptions, builder: Builder): FixOutcome {
  const pods = daemonPods(file, document);
  const subject = k8sSubject(file, pods[0], document);
  const title = k8sTitle(subject, builder);
  const refusal = (why: string | Refused) => rewriteRefusal(title, subject, why, { capitalize: false, endings: /[.!]$/ });
  if (pods.length === 0) return refusal(`document ${document + 1} has no pod that runs or reaches a Docker daemon.`);
  if (pods.length > 1) return refusal('the document has several pod specs that use a Docker daemon; rewrite by hand.');
  const doc = file.yaml.documents[document];
  if (!doc || doc.errors.length > 0) return refusal('the document has YAML syntax errors; fix them first.');
  const image = builder.image(options);
  if (isRefused(image)) return refusal(image);
  const rewritten = rewritePod(file, pods[0], builder.pod.image(image.image), builder);
  if (isRefused(rewritten)) return refusal(rewritten);
  const { edits, notes, requirement } = rewritten;
  // The title stays short: what must exist before the pod runs is the first note.
  const all = requirement ? [`the rewritten pod ${requirement}`, ...notes] : notes;
  return { type: 'fix', kind: 'rewrite', title, edits, ...(all.length > 0 ? { notes: all } : {}) };
}
