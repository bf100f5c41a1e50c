// Runs the Kaniko rewrite over every job of the shared GitLab corpus: each job is either rewritten
// or refused with a reason, and a rewrite never damages the file. Rewritten files are validated
// against GitLab's own CI schema (gitlab-ci-local) when the Node 24 test toolchain is installed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { isDindImage } from '../../server/src/engine/model/container-facts.js';
import { gitlabModel } from '../../server/src/engine/dialects/gitlab-ci/model.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';
import { applyChecked, assertParses, gitlabJobRange, runRewrite, triggerFindings } from './golden.js';

const repoRoot = resolve(__dirname, '..', '..');
const corpusDir = sharedDir('corpus', 'gitlab');
const corpusSkip = sharedSkip('corpus');
const node24 = join(repoRoot, '.e2e', 'node24', 'node_modules', 'node', 'bin', 'node');
const gcl = join(repoRoot, '.e2e', 'gcl', 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
const gclSkip = !existsSync(node24)
  ? 'Node 24 is not installed under .e2e/node24 (the editor tests install it); GitLab schema validation skipped'
  : !existsSync(gcl)
    ? 'gitlab-ci-local is not installed (npm install --prefix .e2e/gcl gitlab-ci-local@4.75.1); GitLab schema validation skipped'
    : false;

/** Runs gitlab-ci-local --list on a pipeline file; returns its output, throws with it on a schema error. */
function validateWithGitlabSchema(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'daemonless-gcl-'));
  try {
    writeFileSync(join(dir, '.gitlab-ci.yml'), text);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', 'commit', '-q', '--allow-empty', '-m', 'init');
    git('remote', 'add', 'origin', 'https://gitlab.example.invalid/group/project.git');
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    git('remote', 'set-head', 'origin', 'main');
    const run = spawnSync(node24, [gcl, '--list'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    if (run.status !== 0) throw new Error(`gitlab-ci-local rejected the rewritten file (exit ${run.status}):\n${output}`);
    return output;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const files = corpusSkip === false ? readdirSync(corpusDir).filter((f) => f.endsWith('.yml')).sort() : [];
const rewrittenFiles: { file: string; job: string; output: string }[] = [];

test('the GitLab corpus is present', { skip: corpusSkip }, () => {
  assert.ok(files.length > 0, `no corpus files under ${corpusDir}`);
});

for (const name of files) {
  const input = readFileSync(join(corpusDir, name), 'utf8');
  const parsed = new ParsedFile({ path: name, text: input }, 'gitlab-ci');
  for (const job of gitlabModel(parsed).jobs) {
    const c = { inputName: name, input, target: { system: 'gitlab-ci' as const, job: job.name }, options: {} };
    const outcome = runRewrite(c, 'gitlab-ci');
    const dind = job.services.some((s) => isDindImage(s.image)) ? 'DinD job' : 'job';
    const verdict = outcome.type === 'fix' ? 'rewritten' : 'refused';
    test(`corpus gitlab/${name} ${dind} '${job.name}': ${verdict}`, () => {
      if (outcome.type === 'refusal') {
        assert.match(outcome.reason, /^\S.{20,}[.)]$/s, 'a refusal explains itself in a sentence');
        return;
      }
      const output = applyChecked(input, outcome.edits);
      assertParses(output, name);
      const range = gitlabJobRange(input, job.name)!;
      for (const e of outcome.edits) assert.ok(e.start >= range.start && e.end <= range.end, `edit outside job '${job.name}'`);
      const after = gitlabJobRange(output, job.name)!;
      assert.deepEqual(triggerFindings(name, 'gitlab-ci', output, after), []);
      // Every other job keeps its exact text.
      for (const other of gitlabModel(parsed).jobs) {
        if (other.name === job.name) continue;
        const r = gitlabJobRange(input, other.name)!;
        const o = gitlabJobRange(output, other.name)!;
        assert.equal(output.slice(o.start, o.end), input.slice(r.start, r.end), `job '${other.name}' changed`);
      }
      rewrittenFiles.push({ file: name, job: job.name, output });
    });
  }
}

test('corpus DinD jobs with a visible docker build are rewritten', { skip: corpusSkip }, () => {
  const names = rewrittenFiles.map((r) => `${r.file}:${r.job}`);
  for (const expected of [
    '01-gitlab-template-docker-dind.gitlab-ci.yml:docker-build-master',
    '01-gitlab-template-docker-dind.gitlab-ci.yml:docker-build',
    '03-islibraryopen-dind-tag-conditional-retag-push.gitlab-ci.yml:docker-build',
  ]) {
    assert.ok(names.includes(expected), `${expected} was not rewritten`);
  }
});

test('rewritten corpus files pass GitLab\'s CI schema (gitlab-ci-local)', { skip: corpusSkip || gclSkip }, () => {
  assert.ok(rewrittenFiles.length > 0);
  for (const r of rewrittenFiles) {
    const out = validateWithGitlabSchema(r.output);
    assert.match(out, /json schema validated/, `${r.file} (${r.job})`);
  }
});

test('golden expected GitLab files pass GitLab\'s CI schema (gitlab-ci-local)', { skip: gclSkip }, () => {
  const root = join(__dirname, 'kaniko-gitlab');
  const expected = readdirSync(root).map((d) => join(root, d, 'expected.gitlab-ci.yml')).filter((f) => existsSync(f));
  assert.ok(expected.length > 0);
  for (const f of expected) assert.match(validateWithGitlabSchema(readFileSync(f, 'utf8')), /json schema validated/, f);
});
