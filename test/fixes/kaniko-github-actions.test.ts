import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { githubActionsModel } from '../../server/src/engine/dialects/github-actions/model.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import type { OffsetRange } from '../../server/src/engine/types.js';
import { applyChecked, assertParses, checkOutcome, jobLineRange, kanikoScripts, loadCases, runRewrite, triggerFindings } from './golden.js';
import { githubWorkflowErrors } from './system-parsers.js';

const PATH = '.github/workflows/ci.yml';

function jobLines(text: string, job: string): OffsetRange | undefined {
  return jobLineRange(text, githubActionsModel(new ParsedFile({ path: PATH, text }, 'github-actions')).jobs.find((j) => j.name === job));
}

for (const c of loadCases(join(__dirname, 'kaniko-github-actions'))) {
  const job = c.target.system === 'github-actions' ? c.target.job : '';
  const input = { ...c, inputName: PATH };
  test(`kaniko-github-actions/${c.name}: ${c.refused ? 'refused' : 'rewritten'}`, () => {
    assert.deepEqual(githubWorkflowErrors(c.input), [], 'the input is a valid workflow');
    const checked = checkOutcome(input, 'github-actions');
    if (!checked) return;
    const { fix, output } = checked;
    assert.equal(fix.kind, 'rewrite');
    // The title is short; the runners the container step is for are said on its uses: line.
    assert.equal(fix.title, `Rewrite job '${job}' to build with Kaniko`);
    assert.match(output, /uses: docker:\/\/\S+ # Kaniko, for self-hosted\/Kubernetes runners without privileged mode/);
    const inputJob = jobLines(c.input, job)!;
    for (const e of fix.edits) assert.ok(e.start >= inputJob.start && e.end <= inputJob.end, `edit outside the job: ${JSON.stringify(e)}`);
    assertParses(output, c.name);
    assert.deepEqual(githubWorkflowErrors(output), [], 'GitHub\'s parser accepts the output');
    assert.deepEqual(triggerFindings(PATH, 'github-actions', output, jobLines(output, job)!), []);
    assert.equal(/\r\n/.test(c.input), /\r\n/.test(output));
    if (/\r\n/.test(c.input)) assert.ok(!/[^\r]\n/.test(output), 'only CRLF line breaks');
    assert.equal(runRewrite({ ...input, input: output }, 'github-actions').type, 'refusal', 'a second rewrite is refused');
  });
}

test('trigger rules fire on the DinD and privileged inputs and not on their rewrites', () => {
  for (const name of ['run-step-after-login-dind-service', 'crlf-privileged-container']) {
    const c = loadCases(join(__dirname, 'kaniko-github-actions')).find((x) => x.name === name)!;
    assert.notDeepEqual(triggerFindings(PATH, 'github-actions', c.input, jobLines(c.input, 'build')!), [], name);
  }
});

test('secrets reach the Kaniko step only as env entries copied from the login inputs', () => {
  const c = loadCases(join(__dirname, 'kaniko-github-actions')).find((x) => x.name === 'build-push-action-metadata')!;
  const script = c.expected!.slice(c.expected!.indexOf('KANIKO_SCRIPT'));
  assert.ok(!script.includes('secrets.'), 'no secret expression inside the script');
  assert.match(c.expected!, /KANIKO_PASSWORD: \$\{\{ secrets\.GITHUB_TOKEN \}\}/);
});

test('no ${{ }} expression reaches a KANIKO_SCRIPT; each is an env entry the script reads quoted', () => {
  const rewritten = loadCases(join(__dirname, 'kaniko-github-actions')).filter((c) => c.expected !== undefined);
  assert.ok(rewritten.length >= 4);
  for (const c of rewritten) {
    const scripts = kanikoScripts(c.expected!);
    assert.equal(scripts.length, 1, c.name);
    assert.ok(!scripts[0].includes('${{'), `${c.name}: ${scripts[0]}`);
    for (const ref of scripts[0].matchAll(/\$\{?(KANIKO_\w+)/g)) assert.match(c.expected!, new RegExp(`^\\s+${ref[1]}: `, 'm'), `${c.name}: ${ref[1]} has an env entry`);
  }
  const moved = rewritten.find((c) => c.name === 'run-step-expressions-moved-to-env')!;
  assert.match(moved.expected!, /^ {10}KANIKO_REGISTRY_PASSWORD: \$\{\{ secrets\.REGISTRY_PASSWORD \}\}$/m);
  assert.match(moved.expected!, /^ {10}KANIKO_GITHUB_EVENT_HEAD_COMMIT_MESSAGE: \$\{\{ github\.event\.head_commit\.message \}\}$/m);
  // One entry per expression, however it was spaced.
  assert.equal(moved.expected!.match(/KANIKO_GITHUB_SHA: /g)?.length, 1);
  assert.equal(moved.expected!.match(/KANIKO_GITHUB_EVENT_REPOSITORY_NAME: /g)?.length, 1);
});

test('the example workflow is rewritten without expressions in its script', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', '.github', 'workflows', 'build.yml'), 'utf8');
  assert.match(text, /\$\{\{ secrets\.REGISTRY_PASSWORD \}\}/);
  const outcome = runRewrite({ inputName: PATH, input: text, target: { system: 'github-actions', job: 'image' }, options: {} }, 'github-actions');
  assert.equal(outcome.type, 'fix', outcome.type === 'refusal' ? outcome.reason : '');
  if (outcome.type !== 'fix') return;
  const output = applyChecked(text, outcome.edits);
  assert.deepEqual(githubWorkflowErrors(output), []);
  const [script] = kanikoScripts(output);
  assert.ok(!script.includes('${{'), script);
  assert.match(script, /printf '%s:%s' "\$KANIKO_GITHUB_ACTOR" "\$KANIKO_REGISTRY_PASSWORD"/);
  assert.match(output, /KANIKO_REGISTRY_PASSWORD: \$\{\{ secrets\.REGISTRY_PASSWORD \}\}/);
});

test('a floating configured image is refused, a pinned one is used', () => {
  const c = loadCases(join(__dirname, 'kaniko-github-actions')).find((x) => x.name === 'crlf-privileged-container')!;
  const floating = runRewrite({ ...c, inputName: PATH, options: { rewrite: { image: 'gcr.io/kaniko-project/executor:debug' } } }, 'github-actions');
  assert.equal(floating.type, 'refusal');
  const pinned = runRewrite({ ...c, inputName: PATH, options: { rewrite: { image: 'registry.example.com/kaniko:v1.24.0-debug' } } }, 'github-actions');
  assert.equal(pinned.type, 'fix');
  if (pinned.type === 'fix') assert.match(applyChecked(c.input, pinned.edits), /uses: docker:\/\/registry\.example\.com\/kaniko:v1\.24\.0-debug /);
});
