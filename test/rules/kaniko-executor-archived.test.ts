import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { maintainedImageFor, variantOf } from '../../server/src/engine/rules/kaniko/kaniko-executor-archived.js';
import { applyEdits } from '../../server/src/engine/edits.js';
import { lintFile } from '../../server/src/engine/runner.js';
import type { LintOptions } from '../../server/src/engine/types.js';
import { runRuleTests } from './rule-tester.js';

const GL = '.gitlab-ci.yml';
const gitlab = (image: string) => `build:\n  image:\n    name: ${image}\n    entrypoint: [""]\n  script:\n    - /kaniko/executor --context "$CI_PROJECT_DIR" --no-push\n`;
const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: kaniko\nspec:\n  containers:\n    - name: kaniko # the builder\n      image: ${image}\n      args: ["--context=dir:///workspace", "--no-push"]\n`;
const tekton = `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: kaniko\nspec:\n  params:\n    - name: BUILDER_IMAGE\n      default: gcr.io/kaniko-project/executor:v1.5.1@sha256:c6166717f7fe0b7da44908c986137ecfeab21f31ec3992f6e128fff8a94be8a5\n  steps:\n    - name: build-and-push\n      image: $(params.BUILDER_IMAGE)\n      args: [--no-push]\n`;

runRuleTests(rule, {
  valid: [
    { name: 'maintained fork', path: GL, text: gitlab('ghcr.io/osscontainertools/kaniko:v1.28.5-debug') },
    { name: 'a mirror of another project', path: 'pod.yaml', text: pod('registry.example.com/kaniko-project/executor:v1.24.0') },
  ],
  invalid: [
    {
      name: 'GitLab :debug image',
      path: GL,
      text: gitlab('gcr.io/kaniko-project/executor:debug'),
      errors: [{ messageId: 'archived', at: 'gcr.io/kaniko-project/executor:debug', data: { example: 'ghcr.io/osscontainertools/kaniko:v1.28.5-debug' }, fix: 'rewrite' }],
    },
    {
      name: 'pod with a quoted versioned image',
      path: 'pod.yaml',
      text: pod('"gcr.io/kaniko-project/executor:v1.23.2"'),
      errors: [{ messageId: 'archived', at: '"gcr.io/kaniko-project/executor:v1.23.2"', data: { example: 'ghcr.io/osscontainertools/kaniko:v1.28.5' }, fix: 'rewrite' }],
    },
    {
      name: 'Tekton parameter default: refused, the step writes the parameter',
      path: 'task.yaml',
      text: tekton,
      errors: [{ messageId: 'archived', at: '$(params.BUILDER_IMAGE)', fix: { refused: /parameter default/ } }],
    },
  ],
});

function fixed(path: string, text: string, options: LintOptions = {}): string {
  const f = lintFile({ path, text }, options, [rule]).findings[0];
  const outcome = f.fix!();
  assert.equal(outcome.type, 'fix', outcome.type === 'refusal' ? outcome.reason : '');
  return applyEdits(text, outcome.type === 'fix' ? outcome.edits : []);
}

test('the fix swaps only the image, keeps the variant, and the rule goes quiet', () => {
  const out = fixed(GL, gitlab('gcr.io/kaniko-project/executor:debug'));
  assert.equal(out, gitlab('ghcr.io/osscontainertools/kaniko:v1.28.5-debug'));
  assert.deepEqual(lintFile({ path: GL, text: out }, {}, [rule]).findings, []);
  const quoted = fixed('pod.yaml', pod('"gcr.io/kaniko-project/executor:v1.24.0-slim"'));
  assert.equal(quoted, pod('"ghcr.io/osscontainertools/kaniko:v1.28.5-slim"'));
  const latest = fixed('pod.yaml', pod('gcr.io/kaniko-project/executor:latest'));
  assert.equal(latest, pod('ghcr.io/osscontainertools/kaniko:v1.28.5'));
});

test('the configured image decides the target; floating or archived settings are refused', () => {
  const custom = fixed('pod.yaml', pod('gcr.io/kaniko-project/executor:debug-v0.11.0'), { rewrite: { image: 'registry.example.com/kaniko:v1.25.13' } });
  assert.equal(custom, pod('registry.example.com/kaniko:v1.25.13-debug'));
  assert.match(JSON.stringify(maintainedImageFor('gcr.io/kaniko-project/executor:debug', { rewrite: { image: 'ghcr.io/osscontainertools/kaniko:debug' } })), /floating tag/);
  assert.match(JSON.stringify(maintainedImageFor('gcr.io/kaniko-project/executor:debug', { rewrite: { image: 'gcr.io/kaniko-project/executor:v1.24.0-debug' } })), /archived upstream/);
  const digest = 'ghcr.io/osscontainertools/kaniko:v1.28.5-debug@sha256:' + '1'.repeat(64);
  assert.deepEqual(maintainedImageFor('gcr.io/kaniko-project/executor:v1.9.0-debug', { rewrite: { image: digest } }), { image: digest });
  assert.match(JSON.stringify(maintainedImageFor('gcr.io/kaniko-project/executor:v1.9.0', { rewrite: { image: digest } })), /debug variant/);
});

test('variants: plain, debug and slim in both tag spellings; other tags are unknown', () => {
  assert.deepEqual(
    [undefined, 'latest', 'v1.24.0', 'debug', 'v1.24.0-debug', 'debug-v0.11.0', 'slim', 'v1.9.1-slim', 'warmer'].map(variantOf),
    ['', '', '', 'debug', 'debug', 'debug', 'slim', 'slim', undefined],
  );
});
