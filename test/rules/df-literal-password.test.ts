import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-literal-password.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'random password from /dev/urandom (gitea)', path: D, text: 'FROM alpine:3.20\nRUN echo "git:$(dd if=/dev/urandom bs=24 count=1 status=none | base64)" | chpasswd\n' },
    { name: 'password from a variable or a secret file', path: D, text: 'FROM alpine:3.20\nRUN echo "app:${APP_PASSWORD}" | chpasswd && chpasswd < /run/secrets/passwords\n' },
    { name: 'locked or empty password fields', path: D, text: 'FROM debian:12\nRUN useradd -p "*" app && usermod -p \'!\' app && echo "app:!" | chpasswd -e\n' },
    { name: 'passwd without input: deleting, locking', path: D, text: 'FROM alpine:3.20\nRUN passwd -d root && passwd -l app\n' },
    { name: 'echo elsewhere in the script', path: D, text: 'FROM alpine:3.20\nRUN echo "root:x" > /tmp/notes && chpasswd < /run/secrets/pw\n' },
    { name: 'openssl passwd reading stdin', path: D, text: 'FROM alpine:3.20\nRUN --mount=type=secret,id=pw openssl passwd -6 -stdin < /run/secrets/pw > /tmp/hash\n' },
    { name: 'AWS documentation key id and a longer token', path: D, text: 'FROM amazon/aws-cli:2.17.0\nRUN aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE && echo XAKIA2OGYBAH6STMMNXNN1\n' },
    { name: 'useradd without -p', path: D, text: 'FROM debian:12\nRUN useradd -m -s /bin/bash -u 1000 -U app\n' },
    { name: 'daemonless pragma', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-literal-password -- disposable CI test image\nRUN echo "root:root" | chpasswd\n' },
  ],
  invalid: [
    {
      name: 'echo user:password | chpasswd',
      path: D,
      text: 'FROM ubuntu:24.04\nRUN useradd -m dev && echo "dev:Sup3rS3cret" | chpasswd\n',
      errors: [{ messageId: 'literal', at: 'chpasswd', data: { command: 'chpasswd', user: 'dev' }, fix: null }],
    },
    {
      name: 'here-string, printf, passwd --stdin, inside sh -c',
      path: D,
      text: 'FROM fedora:40\nRUN chpasswd <<< "root:toor"\nRUN printf "hunter2\\nhunter2\\n" | passwd app\nRUN sh -c \'echo s3cret | passwd --stdin root\'\n',
      errors: [
        { messageId: 'literal', at: 'chpasswd', data: { user: 'root' }, fix: null },
        { messageId: 'literal', at: 'passwd', occurrence: 1, data: { command: 'passwd', user: 'app' }, fix: null },
        { messageId: 'literal', at: 'passwd', occurrence: 2, data: { command: 'passwd', user: 'root' }, fix: null },
      ],
    },
    {
      name: 'useradd -p with a literal hash, openssl passwd of a literal',
      path: D,
      text: 'FROM debian:12\nRUN useradd -m -p \'$6$salt$hash\' app\nRUN useradd -m -p "$(openssl passwd -1 changeme)" ops\n',
      errors: [
        { messageId: 'literal', at: 'useradd', data: { command: 'useradd -p', user: 'app' }, fix: null },
        { messageId: 'literal', at: 'openssl', data: { command: 'openssl passwd' }, fix: null },
      ],
    },
    {
      name: 'a literal AWS access key id in RUN, redacted',
      path: D,
      text: 'FROM amazon/aws-cli:2.17.0\nRUN aws configure set aws_access_key_id AKIA2OGYBAH6STMMNXNN\n',
      errors: [{ messageId: 'awsKeyId', at: 'AKIA2OGYBAH6STMMNXNN', data: { value: 'AKIA****' }, fix: null }],
    },
  ],
});

test('df-literal-password: the message never holds the password', () => {
  const text = 'FROM alpine:3.20\nRUN echo "dev:Sup3rS3cret" | chpasswd\n';
  const [f] = lintFile({ path: D, text }, {}, [rule]).findings;
  assert.ok(f && !f.message.includes('Sup3rS3cret'), f?.message);
});
