// The values.yaml of the Helm chart a template belongs to, for LintOptions.chartValues: a file under
// `<chart>/templates/` where `<chart>/Chart.yaml` exists. Symbolic links are not followed, and a
// values file over the size below is not read (a chart's values are small).
import { lstatSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import type { FileKind, LintOptions } from '../engine/index.js';
import { readStampedTextFile } from './text-file.js';

const MAX_VALUES_SIZE = 1_000_000;

function regularFile(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    const stat = lstatSync(path);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

/** The chart root of a template path (absolute), or undefined when it is not in a chart's templates/. */
export function chartRoot(path: string): string | undefined {
  const parts = path.split(sep);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] !== 'templates') continue;
    const root = parts.slice(0, i).join(sep) || sep;
    if (regularFile(join(root, 'Chart.yaml'))) return root;
  }
  return undefined;
}

/** The text of the chart's values.yaml for a template at `path` (absolute), if there is one. */
export function chartValuesFor(path: string): string | undefined {
  const root = chartRoot(path);
  if (root === undefined) return undefined;
  const file = join(root, 'values.yaml');
  const stat = regularFile(file);
  if (!stat || stat.size > MAX_VALUES_SIZE) return undefined;
  try {
    return readStampedTextFile(file, stat);
  } catch {
    return undefined;
  }
}

/** `options` with the chart's values for a templated Kubernetes file in a chart; `options` itself otherwise. */
export function withChartValues(options: LintOptions, path: string, kind: FileKind, text: string): LintOptions {
  if (kind !== 'k8s' || !text.includes('{{') || !isAbsolute(path)) return options;
  const chartValues = chartValuesFor(path);
  return chartValues === undefined ? options : { ...options, chartValues };
}
