import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs, UsageError } from '../../server/src/cli/args.js';

test('lint: defaults, repeated flags, --flag=value, and paths after --', () => {
  const a = parseArgs(['lint']);
  assert.deepEqual([a.command, a.paths, a.format, a.failOn], ['lint', ['.'], 'text', 'error']);
  const b = parseArgs(['lint', 'x', '--rule', 'df-user-root=off', '--rule=ci-privileged=warning', '--exclude', 'a/**', '--exclude=b/**', '--', '--odd-name']);
  assert.deepEqual(b.paths, ['x', '--odd-name']);
  assert.deepEqual(b.ruleOverrides, [['df-user-root', 'off'], ['ci-privileged', 'warning']]);
  assert.deepEqual(b.exclude, ['a/**', 'b/**']);
});

test('fix: --rule takes comma lists and repeats; --write is only a fix flag', () => {
  const a = parseArgs(['fix', 'src', '--rule', 'ci-dind-service,ci-privileged', '--rule', 'k8s-privileged', '--write']);
  assert.deepEqual([a.command, a.paths, a.fixRules, a.write], ['fix', ['src'], ['ci-dind-service', 'ci-privileged', 'k8s-privileged'], true]);
  assert.throws(() => parseArgs(['fix', 'src']), UsageError);
  assert.throws(() => parseArgs(['lint', '--write']), UsageError);
  assert.throws(() => parseArgs(['fix', '--rule', 'x', '--format', 'json']), UsageError);
  assert.throws(() => parseArgs(['fix', '--rule', ',']), UsageError);
});

test('help and version need no command', () => {
  assert.equal(parseArgs([]).command, 'help');
  assert.equal(parseArgs(['--help']).command, 'help');
  assert.equal(parseArgs(['lint', '--help']).command, 'help');
  assert.equal(parseArgs(['--version']).command, 'version');
});
