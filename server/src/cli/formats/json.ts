// {"version":1,"findings":[...]} — 0-based lines, UTF-16 characters; one document printed at the end.
// With --show-suppressed, suppressed findings are included with "suppressedBy" (the tool whose pragma it was).
import type { FindingRecord, Reporter, ReporterContext } from './report.js';

export function jsonReporter(ctx: ReporterContext): Reporter {
  const items: string[] = [];
  return {
    file(path: string, findings: readonly FindingRecord[]) {
      for (const f of findings) {
        items.push(
          JSON.stringify({
            file: path,
            ruleId: f.ruleId,
            severity: f.severity,
            message: f.message,
            range: {
              start: { line: f.start.line, character: f.start.character },
              end: { line: f.end.line, character: f.end.character },
            },
            ...(f.suppressedBy ? { suppressedBy: f.suppressedBy } : {}),
          }),
        );
      }
    },
    end() {
      ctx.write(`{"version":1,"findings":[${items.join(',')}]}\n`);
    },
  };
}
