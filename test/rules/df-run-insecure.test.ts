import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-run-insecure.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'plain RUN and other flags', path: D, text: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache --network=none apk add git\n' },
    { name: 'sandbox and default network asked for explicitly', path: D, text: 'FROM alpine:3.20\nRUN --security=sandbox --network=default make\n' },
    { name: 'the words inside the command', path: D, text: 'FROM alpine:3.20\nRUN echo --security=insecure --network=host\n' },
    { name: 'daemonless pragma', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-run-insecure -- builder grants network.host for the test registry\nRUN --network=host curl -f http://localhost:5000/v2/\n' },
  ],
  invalid: [
    {
      name: '--security=insecure',
      path: D,
      text: 'FROM alpine:3.20\nRUN --security=insecure mount -t tmpfs none /mnt\n',
      errors: [{ messageId: 'security', at: '--security=insecure', fix: null }],
    },
    {
      name: '--network=host, lowercase keyword, among other flags and continuation lines',
      path: D,
      text: 'FROM alpine:3.20\nrun --mount=type=cache,target=/var/cache/apk \\\n    --network=host apk add git\n',
      errors: [{ messageId: 'network', at: '--network=host', fix: null }],
    },
    {
      name: 'both on one RUN, in a build stage',
      path: D,
      text: 'FROM docker:27 AS build\nRUN --network=host --security=insecure dockerd & sleep 3 && docker build .\nFROM alpine:3.20\n',
      errors: [
        { messageId: 'network', at: '--network=host', fix: null },
        { messageId: 'security', at: '--security=insecure', fix: null },
      ],
    },
  ],
});

test('df-run-insecure: --security=insecure is an error, --network=host a warning', () => {
  const text = 'FROM alpine:3.20\nRUN --security=insecure true\nRUN --network=host true\n';
  assert.deepEqual(lintFile({ path: D, text }, {}, [rule]).findings.map((f) => f.severity), ['error', 'warning']);
});
