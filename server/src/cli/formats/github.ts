// GitHub Actions workflow commands: one `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule>::<message>`
// line per finding (warning → ::warning, info and hint → ::notice), streamed as files finish, so the
// findings show as annotations on the run and the pull request. Escaping follows the runner's rules:
// in the message `%`, CR and LF; in property values also `:` and `,`.
import type { Severity } from '../../engine/index.js';
import type { FindingRecord, Reporter, ReporterContext } from './report.js';

export function githubCommand(severity: Severity): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubReporter(ctx: ReporterContext): Reporter {
  return {
    file(path: string, findings: readonly FindingRecord[]) {
      let out = '';
      for (const f of findings) {
        if (f.suppressedBy) continue; // an annotation cannot say it is suppressed
        const props = [
          `file=${escapeProperty(path)}`,
          `line=${f.start.line + 1}`,
          `col=${f.start.character + 1}`,
          `endLine=${f.end.line + 1}`,
          `endColumn=${f.end.character + 1}`,
          `title=${escapeProperty(f.ruleId)}`,
        ].join(',');
        out += `::${githubCommand(f.severity)} ${props}::${escapeData(f.message)}\n`;
      }
      if (out) ctx.write(out);
    },
    end() {},
  };
}
