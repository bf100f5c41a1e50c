import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { credentialFile } from '../../server/src/engine/rules/dockerfile/df-copy-credentials.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'ordinary sources', path: D, text: 'FROM node:20\nCOPY package.json package-lock.json ./\nCOPY . .\nADD rootfs.tar.gz /\n' },
    { name: 'public keys: *.pub, a .key that lands as .pub, repository signing keys', path: D, text: 'FROM debian:12\nCOPY id_rsa.pub /root/.ssh/authorized_keys\nCOPY jenkins.io-2026.key /war/jenkins-key.pub\nCOPY nodesource.gpg.key /etc/apt/keyrings/nodesource.asc\nCOPY docker-release.key /tmp/\nCOPY cosign.pub /etc/cosign.pub\n' },
    { name: 'certificates are not keys', path: D, text: 'FROM alpine:3.20\nCOPY ca.pem /usr/local/share/ca-certificates/ca.crt\nCOPY rds-combined-ca-bundle.pem cert.pem /certs/\nCOPY server.crt /tls/\n' },
    { name: '.env templates', path: D, text: 'FROM node:20\nCOPY .env.example .env.sample .env.template ./\nCOPY environment.ts ./\n' },
    { name: 'ssh config and known hosts, .npmrc-like names', path: D, text: 'FROM alpine:3.20\nCOPY .ssh/known_hosts .ssh/config /root/.ssh/\nCOPY npmrc.md docs/\n' },
    { name: 'URLs are df-add-url-no-checksum\'s', path: D, text: 'FROM alpine:3.20\nADD https://example.com/server.key /x\n' },
    { name: 'heredoc body naming a key', path: D, text: 'FROM alpine:3.20\nCOPY <<EOF /notes.txt\nid_rsa\nEOF\n' },
    { name: 'hadolint-style pragma of our own id', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-copy-credentials -- throwaway key for the integration test image\nCOPY test.key /tls/\n' },
  ],
  invalid: [
    {
      name: 'TLS private key copied into the image',
      path: D,
      text: 'FROM golang:1.22\nCOPY tls.key tls.key\n',
      errors: [{ messageId: 'credential', at: 'tls.key', data: { instruction: 'COPY', source: 'tls.key', what: 'a private key (*.key)' }, fix: null }],
    },
    {
      name: 'SSH keys, .ssh, git credentials, .netrc, registry and cloud logins, kubeconfig',
      path: D,
      text: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nCOPY --chown=1000 ~/.ssh /home/app/.ssh\nCOPY .git-credentials .netrc /root/\nCOPY .docker/config.json /root/.docker/\nCOPY .aws/credentials /root/.aws/\nCOPY kubeconfig /root/.kube/config\nADD id_ed25519 /k\n',
      errors: [
        { messageId: 'credential', at: 'id_rsa', occurrence: 0, data: { what: 'an SSH private key' }, fix: null },
        { messageId: 'credential', at: '~/.ssh', data: { what: 'an SSH key directory' }, fix: null },
        { messageId: 'credential', at: '.git-credentials', fix: null },
        { messageId: 'credential', at: '.netrc', fix: null },
        { messageId: 'credential', at: '.docker/config.json', occurrence: 0, data: { what: 'a Docker registry login' }, fix: null },
        { messageId: 'credential', at: '.aws/credentials', data: { what: 'AWS credentials' }, fix: null },
        { messageId: 'credential', at: 'kubeconfig', data: { what: 'a kubeconfig (cluster credentials)' }, fix: null },
        { messageId: 'credential', at: 'id_ed25519', data: { instruction: 'ADD' }, fix: null },
      ],
    },
    {
      name: '.env, .pypirc, .npmrc, private-key .pem, key store, JSON form and --from',
      path: D,
      text: 'FROM python:3.12\nCOPY ["./.env", "./backend/.env"]\nCOPY .pypirc /root/\nCOPY --chown=node:node .npmrc .npmrc\nCOPY --from=certs /certs/privkey.pem /tls/\nCOPY keystore.p12 /app/\nCOPY .env.production /app/\n',
      errors: [
        { messageId: 'credential', at: '"./.env"', data: { what: 'an environment file (.env)' }, fix: null },
        { messageId: 'credential', at: '.pypirc', fix: null },
        { messageId: 'credential', at: '.npmrc', occurrence: 0, fix: null },
        { messageId: 'credential', at: '/certs/privkey.pem', data: { what: 'a private key (*.pem)' }, fix: null },
        { messageId: 'credential', at: 'keystore.p12', data: { what: 'a key store' }, fix: null },
        { messageId: 'credential', at: '.env.production', fix: null },
      ],
    },
    {
      name: 'a glob of keys',
      path: D,
      text: 'FROM nginx:1.27\nCOPY certs/*.key /etc/nginx/tls/\n',
      errors: [{ messageId: 'credential', at: 'certs/*.key', fix: null }],
    },
    {
      name: 'build stages: one step milder; the stages the final stage is built on count as shipped',
      path: D,
      text: 'FROM node:20 AS deps\nCOPY .npmrc .env.production ./\nCOPY id_rsa /root/.ssh/\nFROM node:20 AS base\nCOPY server.key /tls/\nFROM base\nCOPY --from=deps /app/node_modules ./node_modules\n',
      errors: [
        { messageId: 'buildStage', at: '.npmrc', data: { stage: 'deps' }, fix: null },
        { messageId: 'buildStage', at: '.env.production', fix: null },
        { messageId: 'buildStage', at: 'id_rsa', fix: null },
        { messageId: 'credential', at: 'server.key', fix: null },
      ],
    },
  ],
});

test('df-copy-credentials: a build stage lowers the severity one step', () => {
  const text = 'FROM alpine:3.20 AS build\nCOPY id_rsa /k\nCOPY .env /e\nCOPY .npmrc /n\nFROM alpine:3.20\n';
  assert.deepEqual(lintFile({ path: D, text }, {}, [rule]).findings.map((f) => f.severity), ['warning', 'info', 'info']);
});

test('df-copy-credentials: severity follows how surely the file is a credential', () => {
  const text = 'FROM alpine:3.20\nCOPY id_rsa /k\nCOPY .env /e\nCOPY .npmrc /n\n';
  assert.deepEqual(lintFile({ path: D, text }, {}, [rule]).findings.map((f) => f.severity), ['error', 'warning', 'info']);
  assert.equal(credentialFile('server.key', '/etc/apt/trusted.gpg.d/server.asc'), null);
  assert.equal(credentialFile('.kube/config')?.severity, 'error');
  assert.equal(credentialFile('config.json'), null);
});
