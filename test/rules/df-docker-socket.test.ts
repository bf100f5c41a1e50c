import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { dockerHostKind, isDockerSocketPath } from '../../server/src/engine/rules/dockerfile/df-docker-socket.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'ordinary volumes', path: D, text: 'FROM postgres:16\nVOLUME /var/lib/postgresql/data\nVOLUME ["/data", "/var/run/app"]\n' },
    { name: 'DOCKER_HOST over TLS, and other hosts', path: D, text: 'FROM docker:27\nENV DOCKER_HOST=tcp://docker:2376 DOCKER_TLS_VERIFY=1\n' },
    { name: 'a socket path in another variable or in RUN', path: D, text: 'FROM alpine:3.20\nENV SOCK_PATH=/var/run/docker.sock\nRUN echo /var/run/docker.sock\n' },
    { name: 'DOCKER_HOST from a build argument', path: D, text: 'FROM docker:27\nARG HOST\nENV DOCKER_HOST=$HOST\n' },
    { name: 'daemonless pragma', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-docker-socket -- monitoring agent reads container stats\nVOLUME /var/run/docker.sock\n' },
    { name: 'half-typed', path: D, text: 'FROM alpine:3.20\nVOLUME\nENV DOCKER_HOST\n' },
  ],
  invalid: [
    {
      name: 'VOLUME on the socket, shell and JSON form',
      path: D,
      text: 'FROM alpine:3.20\nVOLUME /var/run/docker.sock\nvolume ["/data", "/run/docker.sock"]\n',
      errors: [
        { messageId: 'volume', at: '/var/run/docker.sock', data: { path: '/var/run/docker.sock' }, fix: null },
        { messageId: 'volume', at: '"/run/docker.sock"', data: { path: '/run/docker.sock' }, fix: null },
      ],
    },
    {
      name: 'DOCKER_HOST at the socket (also through an ARG default)',
      path: D,
      text: 'FROM docker:27\nENV DOCKER_HOST=unix:///var/run/docker.sock\nARG SOCK=unix:///run/user/1000/podman/podman.sock\nENV DOCKER_HOST=${SOCK}\n',
      errors: [
        { messageId: 'socket', at: 'DOCKER_HOST', occurrence: 0, data: { value: 'unix:///var/run/docker.sock' }, fix: null },
        { messageId: 'socket', at: 'DOCKER_HOST', occurrence: 1, data: { value: 'unix:///run/user/1000/podman/podman.sock' }, fix: null },
      ],
    },
    {
      name: 'DOCKER_HOST at a plain-TCP daemon, legacy ENV form',
      path: D,
      text: 'FROM docker:27\nENV DOCKER_HOST tcp://docker:2375\n',
      errors: [{ messageId: 'tcp', at: 'DOCKER_HOST', data: { value: 'tcp://docker:2375' }, fix: null }],
    },
  ],
});

test('df-docker-socket: socket paths and DOCKER_HOST values', () => {
  assert.ok(isDockerSocketPath('/var/run/docker.sock/'));
  assert.ok(isDockerSocketPath('unix:///var/run/docker.sock'));
  assert.ok(!isDockerSocketPath('/var/run/docker.sockets'));
  assert.equal(dockerHostKind('tcp://127.0.0.1:2375'), 'tcp');
  assert.equal(dockerHostKind('tcp://docker:2376'), null);
  assert.equal(dockerHostKind('unix:///tmp/other.sock'), null);
});
