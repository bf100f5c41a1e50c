// The CLI hands each Dockerfile the ignore file beside it (df-broad-build-context): the
// per-Dockerfile `<name>.dockerignore` first, then the folder's `.dockerignore`, else none.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, scratch } from './helpers.js';

const DOCKERFILE = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\n';

interface JsonFinding {
  file: string;
  ruleId: string;
  message: string;
}

/** Per file, what df-broad-build-context says: 'none', or `<ignore file>: <what it misses>`. */
function contextFindings(stdout: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of (JSON.parse(stdout) as { findings: JsonFinding[] }).findings) {
    if (f.ruleId !== 'df-broad-build-context') continue;
    const said = /there is no \.dockerignore/.test(f.message) ? 'none' : /and (\S+) does not keep (.+) out/.exec(f.message)!.slice(1).join(': ');
    (out[f.file] ??= []).push(said);
  }
  return out;
}

test('each Dockerfile gets the ignore file that applies to it', () => {
  const dir = scratch({
    'bare/Dockerfile': DOCKERFILE,
    'partial/Dockerfile': DOCKERFILE,
    'partial/.dockerignore': 'node_modules\n.git\n',
    'partial/api.Dockerfile': DOCKERFILE,
    'partial/api.Dockerfile.dockerignore': '.git\n.env\n',
    'partial/worker.Dockerfile': DOCKERFILE,
    'full/Dockerfile': DOCKERFILE,
    'full/.dockerignore': '# local files\n**/.git\n.env*\n',
    'podman/Containerfile': DOCKERFILE,
    'podman/.containerignore': '.git\n',
  });
  const run = runCli(['lint', '--format', 'json'], dir);
  assert.deepEqual(contextFindings(run.stdout), {
    'bare/Dockerfile': ['none'],
    'partial/Dockerfile': ['.dockerignore: .env'],
    'partial/worker.Dockerfile': ['.dockerignore: .env'],
    'podman/Containerfile': ['.containerignore: .env'],
  });
});

test('a Dockerfile named on the command line reads the ignore file beside it', () => {
  const dir = scratch({ 'svc/Dockerfile': DOCKERFILE, 'svc/Dockerfile.dockerignore': '.env\n', 'svc/.dockerignore': '.git\n.env\n' });
  const run = runCli(['lint', '--format', 'json', 'svc/Dockerfile'], dir);
  assert.deepEqual(contextFindings(run.stdout), { 'svc/Dockerfile': ['Dockerfile.dockerignore: .git'] });
});
