// GitLab Code Quality: one JSON array of {description, check_name, fingerprint, severity, location}
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format), printed at the end.
// The fingerprint identifies a finding across runs and line shifts: it hashes the path, the rule, the
// message and how many identical findings come before it in the file, never its line or column.
import { createHash } from 'node:crypto';
import type { Severity } from '../../engine/index.js';
import type { FindingRecord, Reporter, ReporterContext } from './report.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export function codeQualitySeverity(severity: Severity): CodeQualitySeverity {
  return severity === 'error' ? 'critical' : severity === 'warning' ? 'minor' : 'info';
}

export function fingerprint(path: string, ruleId: string, message: string, occurrence: number): string {
  return createHash('sha256').update(`daemonless\0${path}\0${ruleId}\0${message}\0${occurrence}`).digest('hex').slice(0, 32);
}

export function codeQualityReporter(ctx: ReporterContext): Reporter {
  const items: string[] = [];
  return {
    file(path: string, findings: readonly FindingRecord[]) {
      const seen = new Map<string, number>();
      for (const f of findings) {
        if (f.suppressedBy) continue; // Code Quality has no notion of a suppressed issue
        const key = `${f.ruleId}\0${f.message}`;
        const occurrence = seen.get(key) ?? 0;
        seen.set(key, occurrence + 1);
        items.push(
          JSON.stringify({
            description: f.message,
            check_name: f.ruleId,
            fingerprint: fingerprint(path, f.ruleId, f.message, occurrence),
            severity: codeQualitySeverity(f.severity),
            location: { path, lines: { begin: f.start.line + 1 } },
          }),
        );
      }
    },
    end() {
      ctx.write(items.length === 0 ? '[]\n' : `[\n${items.join(',\n')}\n]\n`);
    },
  };
}
