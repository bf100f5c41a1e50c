// What every output format receives: per file, the small finding records (no parse trees).
import type { Position, RuleMeta, Severity, SuppressedBy } from '../../engine/index.js';

export interface FindingRecord {
  ruleId: string;
  severity: Severity;
  message: string;
  start: Position;
  end: Position;
  /** Only with --show-suppressed: whose pragma suppressed the finding. */
  suppressedBy?: SuppressedBy;
}

export interface Reporter {
  /** Called once per linted file, in walk order, with its findings in engine order. */
  file(path: string, findings: readonly FindingRecord[]): void;
  /** Called once after the last file. */
  end(): void;
}

export interface ReporterContext {
  write(chunk: string): void;
  /** Every rule the run knows (registered rules and built-ins), for formats that describe them. */
  rules: readonly RuleMeta[];
  version: string;
  cwd: string;
}
