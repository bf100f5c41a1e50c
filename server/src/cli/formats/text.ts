// `path:line:col: severity rule-id message`, 1-based, streamed as files finish, then a summary line.
import type { FindingRecord, Reporter, ReporterContext } from './report.js';

export function textReporter(ctx: ReporterContext): Reporter {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  let suppressed = 0;
  return {
    file(path: string, findings: readonly FindingRecord[]) {
      if (findings.length === 0) return;
      let out = '';
      for (const f of findings) {
        if (f.suppressedBy) suppressed++;
        else counts[f.severity]++;
        const by = f.suppressedBy ? ` (suppressed by ${f.suppressedBy})` : '';
        out += `${path}:${f.start.line + 1}:${f.start.character + 1}: ${f.severity} ${f.ruleId} ${f.message}${by}\n`;
      }
      ctx.write(out);
    },
    end() {
      const total = counts.error + counts.warning + counts.info + counts.hint;
      const hints = counts.hint > 0 ? `, ${counts.hint} ${counts.hint === 1 ? 'hint' : 'hints'}` : '';
      ctx.write(
        `${total} ${total === 1 ? 'problem' : 'problems'} (${counts.error} ${counts.error === 1 ? 'error' : 'errors'}, ` +
          `${counts.warning} ${counts.warning === 1 ? 'warning' : 'warnings'}, ${counts.info} ${counts.info === 1 ? 'info' : 'infos'}${hints})` +
          `${suppressed > 0 ? `, ${suppressed} suppressed` : ''}\n`,
      );
    },
  };
}
