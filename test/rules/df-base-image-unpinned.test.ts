import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { unpinnedKind } from '../../server/src/engine/rules/dockerfile/df-base-image-unpinned.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const DIGEST = 'sha256:' + 'a'.repeat(64);

runRuleTests(rule, {
  valid: [
    { name: 'version tag', path: D, text: 'FROM alpine:3.20\n' },
    { name: 'registry with port and tag', path: D, text: 'FROM registry.example.com:5000/team/app:1.2.3\n' },
    { name: 'digest', path: D, text: `FROM alpine@${DIGEST}\n` },
    { name: 'latest pinned by digest', path: D, text: `FROM alpine:latest@${DIGEST}\n` },
    { name: 'scratch', path: D, text: 'FROM scratch\n' },
    { name: 'earlier stage alias', path: D, text: 'FROM golang:1.22 AS build\nFROM build AS test\nFROM BUILD\n' },
    { name: 'ARG with a pinned default', path: D, text: 'ARG BASE=node:20-alpine\nFROM ${BASE}\n' },
    { name: 'ARG tag with a default', path: D, text: 'ARG V=3.20\nFROM alpine:$V\n' },
    { name: '${VAR:-x} default for an ARG without value: unknown, not guessed', path: D, text: 'ARG V\nFROM alpine:${V:-latest}\n' },
    { name: 'ARG without default: unknown', path: D, text: 'ARG BASE_IMAGE\nFROM $BASE_IMAGE\n' },
    { name: 'ARG resolving to an empty value is not judged', path: D, text: 'ARG BASE_IMAGE=""\nFROM ${BASE_IMAGE}\n' },
    { name: 'platform flag', path: D, text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n' },
    { name: 'platform ARGs are unknown', path: D, text: 'FROM example/base:${TARGETARCH}\n' },
    { name: 'ARG resolving to a stage alias', path: D, text: 'ARG FROM_STAGE=build\nFROM golang:1.22 AS build\nFROM ${FROM_STAGE}\n' },
    { name: 'COPY --from stage alias, index and pinned image', path: D, text: 'FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nCOPY --from=nginx:1.27 /c /c\n' },
    { name: 'COPY --from a later stage', path: D, text: 'FROM alpine:3.20\nCOPY --from=tools /x /x\nFROM busybox:1.36 AS tools\n' },
    { name: 'COPY --from with an unknown ARG', path: D, text: 'FROM alpine:3.20\nARG SRC\nCOPY --from=$SRC /x /x\n' },
    { name: 'half-typed', path: D, text: 'FROM\nCOPY --from= /a /b\nFROM ${\n' },
    { name: 'hadolint DL3006 pragma', path: D, text: '# hadolint ignore=DL3006\nFROM ubuntu\n' },
    { name: 'hadolint DL3007 pragma', path: D, text: '# hadolint ignore=DL3007\nFROM ubuntu:latest\n' },
    { name: 'daemonless trailing pragma', path: D, text: 'FROM ubuntu # daemonless ignore=df-base-image-unpinned\n' },
  ],
  invalid: [
    { name: 'untagged', path: D, text: 'FROM ubuntu\n', errors: [{ messageId: 'untagged', at: 'ubuntu', data: { image: 'ubuntu' }, fix: null }] },
    {
      name: 'a hadolint DL3007 pragma does not cover an untagged image, which hadolint reports as DL3006',
      path: D,
      text: '# hadolint ignore=DL3007\nFROM ubuntu\n',
      errors: [{ messageId: 'untagged', at: 'ubuntu', data: { image: 'ubuntu' }, fix: null }],
    },
    { name: 'latest', path: D, text: 'FROM ubuntu:latest\n', errors: [{ messageId: 'latest', at: 'ubuntu:latest', data: { image: 'ubuntu:latest' }, fix: null }] },
    {
      name: 'registry with port but no tag',
      path: D,
      text: 'FROM registry.example.com:5000/team/app\n',
      errors: [{ messageId: 'untagged', at: 'registry.example.com:5000/team/app', fix: null }],
    },
    {
      name: 'platform flag and alias',
      path: D,
      text: 'FROM --platform=$BUILDPLATFORM golang AS build\n',
      errors: [{ messageId: 'untagged', at: 'golang', fix: null }],
    },
    {
      name: 'after ARG substitution',
      path: D,
      text: 'ARG BASE=python\nFROM ${BASE}\nFROM node:${NODE:-latest}\n',
      errors: [
        { messageId: 'untagged', at: '${BASE}', data: { image: 'python' }, fix: null },
        { messageId: 'latest', at: 'node:${NODE:-latest}', data: { image: 'node:latest' }, fix: null },
      ],
    },
    {
      name: 'tag from an ARG default',
      path: D,
      text: 'ARG TAG=latest\nFROM alpine:$TAG\n',
      errors: [{ messageId: 'latest', at: 'alpine:$TAG', data: { image: 'alpine:latest' }, fix: null }],
    },
    {
      name: 'every stage counts, not only the final one',
      path: D,
      text: 'FROM golang AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\n',
      errors: [{ messageId: 'untagged', at: 'golang', fix: null }],
    },
    {
      name: 'a stage alias declared later is an image',
      path: D,
      text: 'FROM build\nFROM alpine:3.20 AS build\n',
      errors: [{ messageId: 'untagged', range: [0, 5, 0, 10], fix: null }],
    },
    {
      name: 'COPY --from an external image',
      path: D,
      text: 'FROM alpine:3.20\nCOPY --from=nginx /etc/nginx /etc/nginx\nCOPY --from=docker.io/library/busybox:latest /bin/busybox /bin/\n',
      errors: [
        { messageId: 'untagged', at: 'nginx', data: { image: 'nginx' }, fix: null },
        { messageId: 'latest', at: 'docker.io/library/busybox:latest', fix: null },
      ],
    },
    {
      name: 'COPY --from through a stage ARG',
      path: D,
      text: 'FROM alpine:3.20\nARG TOOLS=example/tools:latest\nCOPY --from=${TOOLS} /t /t\n',
      errors: [{ messageId: 'latest', at: '${TOOLS}', data: { image: 'example/tools:latest' }, fix: null }],
    },
    {
      name: 'lowercase from, continuation line',
      path: D,
      text: 'from \\\n  ubuntu\n',
      errors: [{ messageId: 'untagged', at: 'ubuntu', fix: null }],
    },
    {
      name: 'a pragma above one FROM does not cover the next',
      path: D,
      text: '# hadolint ignore=DL3006\nFROM ubuntu AS a\nFROM debian\n',
      errors: [{ messageId: 'untagged', at: 'debian', fix: null }],
    },
  ],
});

test('df-base-image-unpinned: reference parsing', () => {
  assert.equal(unpinnedKind('alpine'), 'untagged');
  assert.equal(unpinnedKind('localhost:5000/x'), 'untagged');
  assert.equal(unpinnedKind('localhost:5000/x:latest'), 'latest');
  assert.equal(unpinnedKind('x:Latest'), null);
  assert.equal(unpinnedKind('x@sha256:00'), null);
  assert.equal(unpinnedKind('SCRATCH'), null);
  assert.equal(unpinnedKind(''), null);
});
