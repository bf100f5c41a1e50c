// The GitLab Runner Helm chart's values: `runners.config` holds the runner's config.toml as a YAML
// block string. The string is read as TOML at the offsets it has in the values file (everything
// around it, and the chart's `{{ }}` template actions, blanked), so findings point into the string.
import type { WorkloadFile } from '../../model/workload.js';
import { modelKey, type ParsedFile } from '../../parsed-file.js';
import { blankOutside } from '../../parse/embedded-text.js';
import { isScalar } from '../../parse/yaml.js';
import type { OffsetRange } from '../../types.js';
import { readRunnerConfig, type RunnerConfig } from '../gitlab-runner/model.js';
import type { SyntaxProblem } from '../dialect.js';
import { YamlReader } from '../yaml-reader.js';

/** Top-level `runners:` with a `config: |` block whose first line is a `[[runners]]` table. */
const CONFIG_BLOCK = /^runners:[ \t]*(#.*)?\r?\n(?:[ \t]+.*\r?\n|[ \t]*\r?\n)*?[ \t]+config:[ \t]*\|[-+]?[ \t]*\r?\n(?:[ \t]*(#.*)?\r?\n)*[ \t]+\[\[runners\]\]/m;
/** Keys only the chart's values have at the top level. */
const CHART_KEYS = /^(gitlabUrl|runnerToken|runnerRegistrationToken|concurrent|checkInterval|rbac|unregisterRunners):/m;

export function looksLikeGitlabRunnerValues(head: string): boolean {
  return CONFIG_BLOCK.test(head) && CHART_KEYS.test(head);
}

/** The text with only `range` kept, template actions blanked too; newlines stay so offsets and lines match. */
export function maskOutside(text: string, range: OffsetRange): string {
  const out = blankOutside(text, range);
  const inner = text.slice(range.start, range.end);
  for (const m of inner.matchAll(/\{\{[\s\S]*?\}\}/g)) {
    // An action inside a TOML string stays a string; one in a value's place (`privileged = {{ … }}`)
    // becomes a string of its length; one anywhere else is blanked away.
    const quoted = inString(inner, m.index);
    const asValue = !quoted && !m[0].includes('\n') && /=[ \t]*$/.test(inner.slice(inner.lastIndexOf('\n', m.index - 1) + 1, m.index));
    for (let j = 0; j < m[0].length; j++) {
      const at = range.start + m.index + j;
      if (out[at] === '\n' || out[at] === '\r') continue;
      out[at] = quoted ? 'x' : asValue ? (j === 0 || j === m[0].length - 1 ? '"' : 'x') : ' ';
    }
  }
  return out.join('');
}

/** Whether `at` sits inside a one-line double- or single-quoted string of its line. */
function inString(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let quote: string | undefined;
  for (let i = lineStart; i < at; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return false;
  }
  return quote !== undefined;
}

export interface ChartConfig {
  config: RunnerConfig;
  /** The block string's content, where problems are kept. */
  content: OffsetRange;
}

const chartConfigsKey = modelKey<ChartConfig[]>('gitlab-runner-chart:configs');

/** The embedded runner configurations of the values file (one per document that has one). */
export function chartConfigs(file: ParsedFile): ChartConfig[] {
  return file.model(chartConfigsKey, (f) => {
    const out: ChartConfig[] = [];
    for (const doc of f.yaml.documents) {
      const r = new YamlReader(f.text, doc);
      const node = r.get(r.get(doc.contents, 'runners'), 'config');
      // Only a literal block keeps the TOML's characters as the chart renders them; quoted or folded ones do not.
      if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || !node.range) continue;
      const header = f.text.indexOf('\n', node.range[0]);
      if (header < 0 || header >= node.range[1]) continue;
      const content = { start: header + 1, end: node.range[1] };
      out.push({ config: readRunnerConfig(maskOutside(f.text, content)), content });
    }
    return out;
  });
}

export function chartWorkloads(file: ParsedFile): WorkloadFile {
  return { workloads: chartConfigs(file).flatMap((c) => c.config.workloads), globalEnv: [] };
}

export function chartProblems(file: ParsedFile): SyntaxProblem[] {
  return chartConfigs(file).flatMap(({ config, content }) =>
    config.problems.map((p) => {
      const clamp = (at: number) => Math.min(Math.max(at, content.start), content.end);
      return { detail: p.detail, start: clamp(p.start), end: clamp(p.end), language: 'toml' as const };
    }),
  );
}
