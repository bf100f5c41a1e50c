// The pod-hardening quick fixes: each one minimal edit to the container's, pod's or namespace's own
// mapping, found from the ranges the model gives, so nothing else in the file moves. Where the
// mapping is flow-styled (JSON manifests), reached through an anchor or a merge key, or shaped in a
// way the edit could get wrong, the fix is not offered.
import { CONTAINER_ROLE_WORDS, type Container, type Resource, type Workload } from '../../model/workload.js';
import { isMap, isScalar, isSeq } from '../../parse/yaml.js';
import type { ParsedFile } from '../../parsed-file.js';
import type { Edit, Fix, OffsetRange } from '../../types.js';
import { blockMapAt, pairOfValueAt, removePair, setPath, appendItem, locate } from './yaml-insert.js';

/** Kinds whose pod spec is a plain Kubernetes PodSpec, where a pod-level securityContext goes. */
const POD_SPEC_KINDS = new Set(['Pod', 'PodTemplate', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'DeploymentConfig']);

/** How a title names the container it edits: `container "web"`. Titles differ per container, as editors list them side by side. */
function named(c: Container): string {
  return `${CONTAINER_ROLE_WORDS[c.role]} "${c.name ?? '(unnamed)'}"`;
}

function quickfix(title: string, edit: Edit | undefined): (() => Fix) | undefined {
  return edit ? () => ({ type: 'fix', title, kind: 'quickfix', edits: [edit] }) : undefined;
}

/** Removes `privileged: true` (and a securityContext left empty by it). */
export function removePrivilegedFix(file: ParsedFile, c: Container): (() => Fix) | undefined {
  if (!c.privileged) return undefined;
  const at = pairOfValueAt(file, c.privileged.range);
  if (!at) return undefined;
  return quickfix(`Remove privileged: true from ${named(c)}`, removePair(file.text, at.pair, at.map, at.parentPair, at.parentMap));
}

/** Sets `securityContext.<path>` on a container's own mapping to a scalar. */
function containerSetting(file: ParsedFile, c: Container, path: string[], leaf: string, title: string): (() => Fix) | undefined {
  const map = blockMapAt(file, c.range.start);
  if (!map) return undefined;
  return quickfix(title, setPath(file.text, map, ['securityContext', ...path], leaf));
}

/** `allowPrivilegeEscalation: false` on the container (replacing a `true` written there). */
export function allowPrivilegeEscalationFix(file: ParsedFile, c: Container): (() => Fix) | undefined {
  return containerSetting(file, c, ['allowPrivilegeEscalation'], 'false', `Set allowPrivilegeEscalation: false on ${named(c)}`);
}

/** `capabilities.drop: [ALL]` on a container that drops nothing; `ALL` appended to a drop list that lacks it. */
export function dropAllFix(file: ParsedFile, c: Container): (() => Fix) | undefined {
  const title = `Drop all capabilities of ${named(c)}`;
  const list = c.capabilitiesDrop;
  if (list.from === undefined) return containerSetting(file, c, ['capabilities', 'drop'], '[ALL]', title);
  if (list.from !== 'container' || !list.range) return undefined;
  const found = locate(file, list.range.start, list.range.end, isSeq);
  if (!found || !isSeq(found.node)) return undefined;
  return quickfix(title, appendItem(file.text, found.node, 'ALL'));
}

/** `seccompProfile: {type: RuntimeDefault}` in the pod's securityContext (Kubernetes pod specs only). */
export function podSeccompFix(file: ParsedFile, w: Workload): (() => Fix) | undefined {
  // Tekton and Argo set pod-level settings elsewhere (a run's podTemplate, the workflow spec).
  if (w.dialect !== 'kubernetes' || !POD_SPEC_KINDS.has(w.kind) || w.podSecurity?.seccompProfile) return undefined;
  const map = blockMapAt(file, w.range.start);
  if (!map) return undefined;
  return quickfix(`Set the seccompProfile of ${w.kind} "${w.name ?? '(unnamed)'}" to RuntimeDefault`, setPath(file.text, map, ['securityContext', 'seccompProfile', 'type'], 'RuntimeDefault'));
}

/** `automountServiceAccountToken: false` on the pod spec (replacing a `true` written there; Kubernetes pod specs only). */
export function automountTokenFix(file: ParsedFile, w: Workload): (() => Fix) | undefined {
  if (w.dialect !== 'kubernetes' || !POD_SPEC_KINDS.has(w.kind)) return undefined;
  const map = blockMapAt(file, w.range.start);
  if (!map) return undefined;
  return quickfix(`Set automountServiceAccountToken: false on ${w.kind} "${w.name ?? '(unnamed)'}"`, setPath(file.text, map, ['automountServiceAccountToken'], 'false'));
}

/** Turns a written `runAsNonRoot: false` (the boolean scalar at `range`) into `true`. */
export function runAsNonRootFix(file: ParsedFile, range: OffsetRange): (() => Fix) | undefined {
  const found = locate(file, range.start, range.end, isScalar);
  if (!found || !isScalar(found.node)) return undefined;
  return quickfix('Set runAsNonRoot: true', { start: range.start, end: range.end, text: 'true' });
}

/** Sets the namespace's `pod-security.kubernetes.io/enforce` label to `level`. */
export function namespaceLabelFix(file: ParsedFile, r: Resource, level: 'baseline' | 'restricted'): (() => Fix) | undefined {
  const title = `Enforce the ${level} Pod Security Standard on namespace "${r.name ?? '(unnamed)'}"`;
  const root = blockMapAt(file, r.range.start);
  if (!root) return undefined;
  const metadata = root.items.find((p) => isScalar(p.key) && p.key.value === 'metadata')?.value;
  if (!isMap(metadata) || metadata.flow) return undefined;
  return quickfix(title, setPath(file.text, metadata, ['labels', 'pod-security.kubernetes.io/enforce'], level));
}

/** The two levels to choose between, restricted first; undefined where the label cannot be set safely. */
export function namespaceLabelChoices(file: ParsedFile, r: Resource): (() => Fix[]) | undefined {
  const restricted = namespaceLabelFix(file, r, 'restricted');
  const baseline = namespaceLabelFix(file, r, 'baseline');
  return restricted && baseline ? () => [restricted(), baseline()] : undefined;
}

/** `readOnly: true` on a volume mount. */
export function readOnlyMountFix(file: ParsedFile, mount: { name: string; range: OffsetRange }): (() => Fix) | undefined {
  const map = blockMapAt(file, mount.range.start);
  if (!map) return undefined;
  return quickfix(`Mount "${mount.name}" read-only`, setPath(file.text, map, ['readOnly'], 'true'));
}
