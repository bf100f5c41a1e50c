import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { disablingCommand, disablingVariable } from '../../server/src/engine/rules/dockerfile/df-tls-verification-disabled.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'curl with bundled flags that do not include -k; a value that contains k', path: D, text: 'FROM alpine:3.20\nRUN curl -fsSL -H "X-k: 1" -o /tmp/k https://x/y && curl -ok https://x/z\n' },
    { name: 'other programs with -k', path: D, text: 'FROM alpine:3.20\nRUN abuild-sign -k key.rsa APKINDEX.tar.gz && ssh-keygen -k -f krl && kill -k 1 || true\n' },
    { name: 'apk index --allow-untrusted indexes local packages (nginx image)', path: D, text: 'FROM alpine:3.20\nRUN apk index --allow-untrusted -o /tmp/APKINDEX.tar.gz /tmp/*.apk && abuild-sign -k /tmp/k.rsa /tmp/APKINDEX.tar.gz\n' },
    { name: 'verification turned on explicitly', path: D, text: 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 NPM_CONFIG_STRICT_SSL=true GIT_SSL_NO_VERIFY=false\nRUN npm config set strict-ssl true && git config --global http.sslVerify true\n' },
    { name: 'the words as text', path: D, text: 'FROM alpine:3.20\nRUN echo "never use curl --insecure or --no-check-certificate"\nLABEL note="NODE_TLS_REJECT_UNAUTHORIZED=0"\n' },
    { name: 'pip index options that keep TLS', path: D, text: 'FROM python:3.12\nRUN pip install --index-url https://pypi.corp/simple --cert /etc/ssl/corp.pem app\n' },
    { name: 'daemonless pragma', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-tls-verification-disabled -- lab mirror with a self-signed cert\nRUN wget --no-check-certificate https://mirror.lab/x.tgz\n' },
  ],
  invalid: [
    {
      name: 'curl -k in a bundle, --insecure, wget --no-check-certificate',
      path: D,
      text: 'FROM alpine:3.20\nRUN curl -fsSLk https://x/a -o a && curl --insecure https://x/b -o b\nRUN wget --no-check-certificate -q https://x/c\n',
      errors: [
        { messageId: 'tls', at: '-fsSLk', data: { what: 'curl --insecure' }, fix: null },
        { messageId: 'tls', at: '--no-check-certificate', data: { what: 'wget --no-check-certificate' }, fix: null },
      ],
    },
    {
      name: 'pip --trusted-host and pip config, through python -m pip, with continuation lines',
      path: D,
      text: 'FROM python:3.12\nRUN python3 -m pip install \\\n      --trusted-host pypi.corp app \\\n && pip config set global.trusted-host pypi.corp\n',
      errors: [
        { messageId: 'tls', at: '--trusted-host', data: { what: 'pip --trusted-host' }, fix: null },
        { messageId: 'tls', at: 'global.trusted-host', data: { what: 'pip config set global.trusted-host' }, fix: null },
      ],
    },
    {
      name: 'npm and yarn strict-ssl, git sslVerify, an inline NODE_TLS_REJECT_UNAUTHORIZED',
      path: D,
      text: 'FROM node:20\nRUN npm config set strict-ssl false && yarn config set strict-ssl false\nRUN git config --global http.sslVerify false\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n',
      errors: [
        { messageId: 'tls', at: 'strict-ssl', occurrence: 0, data: { what: 'npm config set strict-ssl false' }, fix: null },
        { messageId: 'tls', at: 'strict-ssl', occurrence: 1, data: { what: 'yarn config set strict-ssl false' }, fix: null },
        { messageId: 'tls', at: 'http.sslVerify', data: { what: 'git http.sslVerify=false' }, fix: null },
        { messageId: 'tls', at: 'NODE_TLS_REJECT_UNAUTHORIZED', data: { what: 'NODE_TLS_REJECT_UNAUTHORIZED=0' }, fix: null },
      ],
    },
    {
      name: 'ENV and ARG settings, export in RUN, inside sh -c',
      path: D,
      text: 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nARG GIT_SSL_NO_VERIFY=1\nENV PIP_TRUSTED_HOST=pypi.corp PYTHONHTTPSVERIFY=0\nRUN export npm_config_strict_ssl=false && sh -c "curl -k https://x/y -o y"\n',
      errors: [
        { messageId: 'tls', at: 'NODE_TLS_REJECT_UNAUTHORIZED', data: { what: 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0' }, fix: null },
        { messageId: 'tls', at: 'GIT_SSL_NO_VERIFY', data: { what: 'ARG GIT_SSL_NO_VERIFY=1' }, fix: null },
        { messageId: 'tls', at: 'PIP_TRUSTED_HOST', fix: null },
        { messageId: 'tls', at: 'PYTHONHTTPSVERIFY', fix: null },
        { messageId: 'tls', at: 'npm_config_strict_ssl', data: { what: 'npm_config_strict_ssl=false' }, fix: null },
        { messageId: 'tls', at: '-k', data: { what: 'curl --insecure' }, fix: null },
      ],
    },
    {
      name: 'package signature checks: apt, apk add, dnf, rpm',
      path: D,
      text: 'FROM debian:12\nRUN apt-get install -y --allow-unauthenticated pkg && apt-get update --allow-insecure-repositories\nRUN apk add --allow-untrusted /tmp/x.apk\nRUN dnf install -y --nogpgcheck pkg && rpm -i --nosignature x.rpm\nRUN apt-get -o Acquire::AllowInsecureRepositories=true update\n',
      errors: [
        { messageId: 'signature', at: '--allow-unauthenticated', data: { what: 'apt-get --allow-unauthenticated' }, fix: null },
        { messageId: 'signature', at: '--allow-insecure-repositories', fix: null },
        { messageId: 'signature', at: '--allow-untrusted', data: { what: 'apk add --allow-untrusted' }, fix: null },
        { messageId: 'signature', at: '--nogpgcheck', fix: null },
        { messageId: 'signature', at: '--nosignature', fix: null },
        { messageId: 'signature', at: 'Acquire::AllowInsecureRepositories=true', fix: null },
      ],
    },
    {
      name: 'heredoc RUN',
      path: D,
      text: 'FROM alpine:3.20\nRUN <<EOF\nset -e\nwget --no-check-certificate https://x/y\nEOF\n',
      errors: [{ messageId: 'tls', at: '--no-check-certificate', fix: null }],
    },
  ],
});

test('df-tls-verification-disabled: option parsing keeps values apart from flags', () => {
  assert.deepEqual(disablingCommand(['curl', '-H', '-k', 'https://x']), []);
  assert.deepEqual(disablingCommand(['curl', '-sko', 'out', 'https://x']).map((d) => d.what), ['curl --insecure']);
  assert.deepEqual(disablingCommand(['curl', '-oK', 'https://x']), []);
  assert.deepEqual(disablingCommand(['yum', '--setopt=sslverify=0', 'install', 'x']).map((d) => d.kind), ['tls']);
  assert.equal(disablingVariable('GIT_SSL_NO_VERIFY', ''), null);
  assert.equal(disablingVariable('NODE_TLS_REJECT_UNAUTHORIZED', '"0"')?.kind, 'tls');
});
