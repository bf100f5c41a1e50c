// An unknown rule id in --rule or .daemonless.json names the closest known id.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestId, unknownRuleMessage } from '../../server/src/cli/closest.js';
import { runCli, scratch } from './helpers.js';

const IDS = ['ci-dind-service', 'ci-dind-no-tls', 'df-user-root', 'df-missing-user', 'k8s-privileged'];

for (const [typed, expected] of [
  ['ci-dind-servce', 'ci-dind-service'],
  ['df-user-roots', 'df-user-root'],
  ['k8s-priviledged', 'k8s-privileged'],
  ['ci-dind-tls', 'ci-dind-no-tls'],
  ['something-else-entirely', undefined],
] as const) {
  test(`closest id to '${typed}' is ${expected ?? 'none'}`, () => assert.equal(closestId(typed, IDS), expected));
}

test('the message names the closest id only when there is one', () => {
  assert.equal(unknownRuleMessage('df-user-roots', IDS), "unknown rule 'df-user-roots' (did you mean 'df-user-root'?)");
  assert.equal(unknownRuleMessage('zzz', IDS), "unknown rule 'zzz'");
});

test('the CLI says so on stderr for --rule and for .daemonless.json, and exits 2', () => {
  const dir = scratch({ Dockerfile: 'FROM node:22.11.0\nUSER node\n' });
  const flag = runCli(['lint', '--rule', 'df-user-roots=off'], dir);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /--rule: unknown rule 'df-user-roots' \(did you mean 'df-user-root'\?\)/);
  const withConfig = scratch({ Dockerfile: 'FROM node:22.11.0\nUSER node\n', '.daemonless.json': '{"rules":{"k8s-priviledged":"off"}}' });
  const config = runCli(['lint'], withConfig);
  assert.equal(config.code, 2);
  assert.match(config.stderr, /config file: unknown rule 'k8s-priviledged' \(did you mean 'k8s-privileged'\?\)/);
});
