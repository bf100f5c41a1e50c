// The objects of a Kubernetes file that are not pod specs but decide which pods are admitted: a
// Namespace (its Pod Security Admission labels) and a PodSecurityPolicy (removed in 1.25, still
// found in repositories). Read once per parsed file; a document with a syntax error gives what parsed.
import { modelKey, type ParsedFile } from '../../parsed-file.js';
import { AliasBudget, isMap, isScalar, isSeq, mapGet, nodeRange, scalarString, Scalar, seqItems, type Document, type YamlNode } from '../../parse/yaml.js';
import type { OffsetRange } from '../../types.js';
import type { Fact, PodSecurityPolicyFacts, Resource } from '../workload.js';
import { metadataEntries } from './pod-spec.js';

/** The kinds read here. */
const ADMISSION_KINDS = new Set(['Namespace', 'PodSecurityPolicy']);
const MAX_NESTING = 4;

const resourcesKey = modelKey<Omit<Resource, 'dialect'>[]>('k8s-resources');

/** The admission objects of a 'k8s' file (List items included), without a dialect. */
export function admissionResources(file: ParsedFile): Omit<Resource, 'dialect'>[] {
  return file.model(resourcesKey, (f) => {
    const out: Omit<Resource, 'dialect'>[] = [];
    for (const doc of f.yaml.documents) {
      read(doc, doc.contents, new AliasBudget(), 0, out);
    }
    return out;
  });
}

function read(doc: Document.Parsed, root: unknown, budget: AliasBudget, depth: number, out: Omit<Resource, 'dialect'>[]): void {
  if (!isMap(root) || depth > MAX_NESTING) return;
  const get = (node: unknown, key: string) => mapGet(doc, node, key, budget)?.value as YamlNode | undefined;
  const kindNode = get(root, 'kind');
  const kind = scalarString(kindNode);
  if (kind === undefined || !kindNode) return;
  if (kind.endsWith('List')) {
    for (const item of seqItems(doc, get(root, 'items'), budget)) read(doc, item, budget, depth + 1, out);
    return;
  }
  if (!ADMISSION_KINDS.has(kind)) return;
  const metadata = get(root, 'metadata');
  const nameNode = get(metadata, 'name');
  const annotations = metadataEntries(doc, get(metadata, 'annotations'), budget);
  const resource: Omit<Resource, 'dialect'> = {
    kind,
    kindRange: range(kindNode),
    apiVersion: scalarString(get(root, 'apiVersion')),
    name: scalarString(nameNode),
    nameRange: nodeRange(nameNode),
    range: range(root as YamlNode),
    labels: metadataEntries(doc, get(metadata, 'labels'), budget),
    annotations,
  };
  if (kind === 'PodSecurityPolicy') {
    const spec = get(root, 'spec');
    const strings = (node: unknown): Fact<string>[] =>
      !isSeq(node) ? [] : seqItems(doc, node, budget).flatMap((n) => {
        const value = scalarString(n);
        return value === undefined ? [] : [{ value, range: range(n) }];
      });
    const runAsUser = get(spec, 'runAsUser');
    const ruleNode = get(runAsUser, 'rule');
    const rule = scalarString(ruleNode);
    const ranges = seqItems(doc, get(runAsUser, 'ranges'), budget);
    const seccomp = annotations.find((a) => a.key === 'seccomp.security.alpha.kubernetes.io/allowedProfileNames');
    const facts: PodSecurityPolicyFacts = {
      privileged: bool(get(spec, 'privileged')),
      hostPID: bool(get(spec, 'hostPID')),
      hostIPC: bool(get(spec, 'hostIPC')),
      hostNetwork: bool(get(spec, 'hostNetwork')),
      hostPorts: seqItems(doc, get(spec, 'hostPorts'), budget).some((n) => isMap(n)),
      allowPrivilegeEscalation: bool(get(spec, 'allowPrivilegeEscalation')),
      runAsUserRule: rule !== undefined && ruleNode ? { value: rule, range: range(ruleNode) } : undefined,
      runAsUserNonZeroRanges: ranges.length > 0 && ranges.every((r) => {
        const min = get(r, 'min');
        return isScalar(min) && typeof min.value === 'number' && min.value > 0;
      }),
      requiredDropCapabilities: strings(get(spec, 'requiredDropCapabilities')),
      allowedCapabilities: strings(get(spec, 'allowedCapabilities')),
      defaultAddCapabilities: strings(get(spec, 'defaultAddCapabilities')),
      volumes: strings(get(spec, 'volumes')),
      seccompAllowedProfiles: seccomp?.value?.split(',').map((p) => p.trim()).filter(Boolean),
    };
    resource.podSecurityPolicy = facts;
  }
  out.push(resource);
}

function range(node: YamlNode): OffsetRange {
  return nodeRange(node) ?? { start: 0, end: 0 };
}

function bool(node: YamlNode | undefined): Fact<boolean> | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'boolean') return { value: node.value, range: range(node) };
  if (typeof node.value === 'string' && node.type === Scalar.PLAIN) {
    const word = node.value.toLowerCase();
    if (['y', 'yes', 'on', 'true'].includes(word)) return { value: true, range: range(node) };
    if (['n', 'no', 'off', 'false'].includes(word)) return { value: false, range: range(node) };
  }
  return undefined;
}
