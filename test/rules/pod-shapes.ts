// Builds the same pod spec into every Kubernetes workload shape the dialects read, so a rule table
// can state once that a finding holds for Pods, controllers, Jobs, CronJobs and DeploymentConfigs.
import type { InvalidCase, ExpectedFinding, ValidCase } from './rule-tester.js';

interface Shape {
  kind: string;
  apiVersion: string;
  /** Keys between `spec:` and the pod template (`template:`), empty for a Pod. */
  path: string[];
}

export const POD_SHAPES: Shape[] = [
  { kind: 'Pod', apiVersion: 'v1', path: [] },
  { kind: 'Deployment', apiVersion: 'apps/v1', path: ['template'] },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', path: ['template'] },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', path: ['template'] },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', path: ['template'] },
  { kind: 'Job', apiVersion: 'batch/v1', path: ['template'] },
  { kind: 'DeploymentConfig', apiVersion: 'apps.openshift.io/v1', path: ['template'] },
  { kind: 'CronJob', apiVersion: 'batch/v1', path: ['jobTemplate', 'spec', 'template'] },
];

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text.split('\n').map((line) => (line.trim() === '' ? line : pad + line)).join('\n');
}

/**
 * A manifest of `shape` whose pod spec is `body` (YAML at column 0, no trailing newline needed);
 * `annotations` (YAML at column 0) go to the pod's metadata.
 */
export function manifest(shape: Shape, body: string, annotations?: string, name = 'w'): string {
  const lines = [`apiVersion: ${shape.apiVersion}`, `kind: ${shape.kind}`, 'metadata:', `  name: ${name}`];
  if (shape.path.length === 0) {
    if (annotations) lines.push('  annotations:', indent(annotations, 4));
    lines.push('spec:', indent(body.trimEnd(), 2));
    return lines.join('\n') + '\n';
  }
  lines.push('spec:');
  let depth = 2;
  for (const key of shape.path) {
    lines.push(`${' '.repeat(depth)}${key}:`);
    depth += 2;
  }
  if (annotations) lines.push(`${' '.repeat(depth)}metadata:`, `${' '.repeat(depth + 2)}annotations:`, indent(annotations, depth + 4));
  lines.push(`${' '.repeat(depth)}spec:`, indent(body.trimEnd(), depth + 2));
  return lines.join('\n') + '\n';
}

/** One valid case per shape. */
export function validInEveryShape(name: string, body: string, annotations?: string): ValidCase[] {
  return POD_SHAPES.map((shape) => ({ name: `${name} (${shape.kind})`, path: `${shape.kind.toLowerCase()}.yaml`, text: manifest(shape, body, annotations) }));
}

/** One invalid case per shape, each with the same expected findings (`kind` data filled in per shape). */
export function invalidInEveryShape(name: string, body: string, errors: ExpectedFinding[], annotations?: string): InvalidCase[] {
  return POD_SHAPES.map((shape) => ({
    name: `${name} (${shape.kind})`,
    path: `${shape.kind.toLowerCase()}.yaml`,
    text: manifest(shape, body, annotations),
    errors: errors.map((e) => ({ ...e, data: e.data ? { kind: shape.kind, ...e.data } : { kind: shape.kind } })),
  }));
}
