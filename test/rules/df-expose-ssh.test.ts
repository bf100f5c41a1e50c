import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { exposesSsh } from '../../server/src/engine/rules/dockerfile/df-expose-ssh.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'web ports', path: D, text: 'FROM nginx:1.27\nEXPOSE 80 443/tcp 2222 8022\n' },
    { name: 'udp 22', path: D, text: 'FROM alpine:3.20\nEXPOSE 22/udp\n' },
    { name: 'only in a build stage', path: D, text: 'FROM alpine:3.20 AS test\nEXPOSE 22\nFROM alpine:3.20\nEXPOSE 8080\n' },
    { name: 'a git server serving git over SSH', path: D, text: 'FROM alpine:3.20\nEXPOSE 22 3000\nRUN apk add --no-cache openssh git && adduser -S -H -D -u 1000 git\n' },
  ],
  invalid: [
    {
      name: 'EXPOSE 22',
      path: D,
      text: 'FROM ubuntu:24.04\nRUN apt-get install -y openssh-server\nEXPOSE 22 80\n',
      errors: [{ messageId: 'ssh', at: '22', data: { port: '22' }, fix: null }],
    },
    {
      name: '22/tcp, a range, and inherited from the parent stage',
      path: D,
      text: 'FROM debian:12 AS base\nEXPOSE 22/tcp\nFROM base\nEXPOSE 20-25\n',
      errors: [
        { messageId: 'ssh', at: '22/tcp', data: { port: '22/tcp' }, fix: null },
        { messageId: 'ssh', at: '20-25', fix: null },
      ],
    },
  ],
});

test('exposesSsh', () => {
  assert.equal(exposesSsh('22'), true);
  assert.equal(exposesSsh('22/TCP'), true);
  assert.equal(exposesSsh('1-1024'), true);
  assert.equal(exposesSsh('222'), false);
  assert.equal(exposesSsh('$PORT'), false);
});
