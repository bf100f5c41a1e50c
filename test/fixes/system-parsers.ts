// The CI systems' own parsers, for checking rewrite output: GitHub's workflow parser (its ESM build
// imports JSON without attributes, so it is bundled to CommonJS in a temp dir once) and the
// Kubernetes object models with their schema validation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { parseAllDocuments } from 'yaml';

interface Validators {
  workflowErrors(name: string, content: string): string[];
  validateObject(obj: { kind?: string }): boolean;
}
let validators: Validators | undefined;

// Both packages ship ESM only; one CommonJS bundle serves the (CommonJS) tests.
const VALIDATOR_SOURCE = `
import { parseWorkflow, NoOperationTraceWriter } from '@actions/workflow-parser';
import { Pod } from 'kubernetes-models/v1';
import { Job, CronJob } from 'kubernetes-models/batch/v1';
export function workflowErrors(name, content) {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
}
export function validateObject(obj) {
  if (obj.kind === 'Pod') new Pod(obj).validate();
  else if (obj.kind === 'Job') new Job(obj).validate();
  else if (obj.kind === 'CronJob') new CronJob(obj).validate();
  else return false;
  return true;
}
`;

function load(): Validators {
  if (validators) return validators;
  const dir = mkdtempSync(join(tmpdir(), 'daemonless-parsers-'));
  try {
    const out = join(dir, 'validators.cjs');
    buildSync({
      stdin: { contents: VALIDATOR_SOURCE, resolveDir: join(__dirname, '..', '..'), loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: out,
      logLevel: 'silent',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    validators = require(out) as Validators;
    return validators;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Errors GitHub's workflow parser reports for a workflow file (empty when it is valid). */
export function githubWorkflowErrors(content: string): string[] {
  return load().workflowErrors('.github/workflows/ci.yml', content);
}

/** Validates every Pod, Job and CronJob document (a kindless Jenkins pod as a Pod); throws on the first error. Returns how many were checked. */
export function validateKubernetes(content: string): number {
  const { validateObject } = load();
  let checked = 0;
  const docs = parseAllDocuments(content);
  for (const doc of Array.isArray(docs) ? docs : []) {
    const obj = doc.toJS() as { kind?: string } | null;
    if (!obj || typeof obj !== 'object') continue;
    const full = obj.kind === undefined ? { apiVersion: 'v1', kind: 'Pod', ...obj } : obj;
    if (validateObject(full)) checked++;
  }
  return checked;
}
