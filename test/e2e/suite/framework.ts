// A minimal test registry for code that must run inside an extension host, where neither node:test nor
// mocha is available under code-server. The same cases run under @vscode/test-electron through `run()`.

export type CaseStatus = 'passed' | 'failed';

export interface CaseResult {
  name: string;
  status: CaseStatus;
  durationMs: number;
  /** What the case observed, for the report (e.g. the refusal reason). */
  detail?: string;
  error?: string;
}

interface Case {
  name: string;
  fn: (log: (detail: string) => void) => Promise<void>;
  /** When a required case fails, the cases after it are reported failed at once instead of each timing out. */
  required: boolean;
}

const cases: Case[] = [];

export function test(name: string, fn: Case['fn'], options: { required?: boolean } = {}): void {
  cases.push({ name, fn, required: options.required ?? false });
}

export function caseNames(): string[] {
  return cases.map((c) => c.name);
}

export async function runAll(onResult?: (result: CaseResult, index: number, total: number) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let blockedBy: string | undefined;
  for (const c of cases) {
    if (blockedBy !== undefined) {
      results.push({ name: c.name, status: 'failed', durationMs: 0, error: `not run: required case "${blockedBy}" failed` });
      onResult?.(results[results.length - 1], results.length - 1, cases.length);
      continue;
    }
    const started = Date.now();
    const details: string[] = [];
    const log = (detail: string) => details.push(detail);
    try {
      await c.fn(log);
      results.push({ name: c.name, status: 'passed', durationMs: Date.now() - started, detail: details.join('; ') || undefined });
    } catch (err) {
      const message = err instanceof Error ? err.stack || err.message : String(err);
      results.push({
        name: c.name,
        status: 'failed',
        durationMs: Date.now() - started,
        detail: details.join('; ') || undefined,
        error: message,
      });
      if (c.required) blockedBy = c.name;
    }
    onResult?.(results[results.length - 1], results.length - 1, cases.length);
  }
  return results;
}

/** Entry point for @vscode/test-electron (`extensionTestsPath`): throws when any case failed. */
export async function run(): Promise<void> {
  const results = await runAll();
  for (const r of results) {
    console.log(`${r.status.padEnd(16)} ${r.name} (${r.durationMs} ms)${r.detail ? ` — ${r.detail}` : ''}`);
    if (r.error) console.log(r.error);
  }
  const failed = results.filter((r) => r.status === 'failed').length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} in-editor test(s) failed`);
}
