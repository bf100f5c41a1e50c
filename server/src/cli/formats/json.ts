// {"version":1,"findings":[...]} — 0-based lines, UTF-16 characters; one document, written out in
// pieces of about 64 KB as files finish rather than held until the end (a large tree's document is
// megabytes, and holding it was most of the CLI's memory above the walk's).
// With --show-suppressed, suppressed findings are included with "suppressedBy" (the tool whose pragma it was).
import type { FindingRecord, Reporter, ReporterContext } from './report.js';

const FLUSH_AT = 64 * 1024;

export function jsonReporter(ctx: ReporterContext): Reporter {
  let pending = '{"version":1,"findings":[';
  let first = true;
  return {
    file(path: string, findings: readonly FindingRecord[]) {
      for (const f of findings) {
        pending += (first ? '' : ',') + JSON.stringify({
          file: path,
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          range: {
            start: { line: f.start.line, character: f.start.character },
            end: { line: f.end.line, character: f.end.character },
          },
          ...(f.suppressedBy ? { suppressedBy: f.suppressedBy } : {}),
        });
        first = false;
      }
      if (pending.length >= FLUSH_AT) {
        ctx.write(pending);
        pending = '';
      }
    },
    end() {
      ctx.write(`${pending}]}\n`);
      pending = '';
    },
  };
}
