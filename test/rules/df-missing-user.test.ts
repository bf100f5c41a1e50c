import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { isKnownNonRootImage } from '../../server/src/engine/rules/dockerfile/df-missing-user.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'sets a non-root USER', path: D, text: 'FROM alpine:3.20\nUSER app\n' },
    { name: 'sets USER root (df-user-root covers it)', path: D, text: 'FROM alpine:3.20\nUSER root\n' },
    { name: 'unknown USER still counts as set', path: D, text: 'FROM alpine:3.20\nARG U\nUSER $U\n' },
    {
      name: 'inherits a non-root USER from its parent stage',
      path: D,
      text: 'FROM node:20 AS base\nUSER node\nFROM base AS final\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'USER only matters in the final stage',
      path: D,
      text: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 65532\n',
    },
    { name: 'no FROM yet', path: D, text: 'ARG X=1\n' },
    { name: 'half-typed FROM', path: D, text: 'FROM\n' },
    { name: 'half-typed FROM after a stage', path: D, text: 'FROM alpine:3.20\nUSER app\nFROM\n' },
    { name: 'daemonless pragma on the FROM', path: D, text: '# daemonless ignore=df-missing-user\nFROM alpine:3.20\nRUN true\n' },
    { name: 'file-wide pragma', path: D, text: 'FROM alpine:3.20\n# daemonless ignore-file=df-missing-user\n' },
  ],
  invalid: [
    { name: 'no USER', path: D, text: 'FROM alpine:3.20\nRUN apk add curl\n', errors: [{ messageId: 'missing', at: 'alpine:3.20', data: { image: 'alpine:3.20' }, fix: null }] },
    {
      name: 'USER only in the build stage',
      path: D,
      text: 'FROM golang:1.22 AS build\nUSER app\nRUN go build\nFROM debian:12-slim\nCOPY --from=build /app /app\n',
      errors: [{ messageId: 'missing', at: 'debian:12-slim', fix: null }],
    },
    {
      name: 'final stage built on a stage without USER reports the external base',
      path: D,
      text: 'FROM python:3.12-slim AS base\nRUN pip install x\nFROM base\nCMD ["python"]\n',
      errors: [{ messageId: 'missing', range: [2, 5, 2, 9], data: { image: 'python:3.12-slim' }, fix: null }],
    },
    {
      name: 'resolved through a global ARG with --platform',
      path: D,
      text: 'ARG BASE=node:20-alpine\nFROM --platform=$TARGETPLATFORM ${BASE}\n',
      errors: [{ messageId: 'missing', at: '${BASE}', data: { image: 'node:20-alpine' }, fix: null }],
    },
    {
      name: 'unknown base image: still missing, shown as written',
      path: D,
      text: 'ARG BASE\nFROM $BASE\n',
      errors: [{ messageId: 'missing', at: '$BASE', data: { image: '$BASE' }, fix: null }],
    },
    { name: 'scratch runs as uid 0', path: D, text: 'FROM scratch\nCOPY app /app\n', errors: [{ messageId: 'missing', at: 'scratch', fix: null }] },
    {
      name: 'distroless nonroot tag: information',
      path: D,
      text: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n',
      errors: [{ messageId: 'nonRootBase', at: 'gcr.io/distroless/static-debian12:nonroot', fix: null }],
    },
    {
      name: 'distroless debug-nonroot tag with digest',
      path: D,
      text: 'FROM gcr.io/distroless/base:debug-nonroot@sha256:0000000000000000000000000000000000000000000000000000000000000000\n',
      errors: [{ messageId: 'nonRootBase', range: [0, 5, 0, 113], fix: null }],
    },
    {
      name: 'chainguard image via ARG',
      path: D,
      text: 'ARG IMG=cgr.dev/chainguard/python:latest\nFROM ${IMG}\n',
      errors: [{ messageId: 'nonRootBase', at: '${IMG}', data: { image: 'cgr.dev/chainguard/python:latest' }, fix: null }],
    },
    {
      name: 'distroless without the nonroot tag is root',
      path: D,
      text: 'FROM gcr.io/distroless/static-debian12\n',
      errors: [{ messageId: 'missing', at: 'gcr.io/distroless/static-debian12', fix: null }],
    },
    {
      name: 'lowercase, alias',
      path: D,
      text: 'from alpine:3.20 as runtime\nrun echo hi\n',
      errors: [{ messageId: 'missing', at: 'alpine:3.20', fix: null }],
    },
    {
      name: 'a pragma on the RUN does not cover the FROM',
      path: D,
      text: 'FROM alpine:3.20\n# daemonless ignore=df-missing-user\nRUN true\n',
      errors: [{ messageId: 'missing', at: 'alpine:3.20', fix: null }],
    },
  ],
});

test('df-missing-user: severity is information for known non-root bases, warning otherwise', () => {
  const sev = (text: string) => lintFile({ path: D, text }, {}, [rule]).findings.map((f) => f.severity);
  assert.deepEqual(sev('FROM gcr.io/distroless/java21:nonroot\n'), ['info']);
  assert.deepEqual(sev('FROM alpine:3.20\n'), ['warning']);
  assert.deepEqual(lintFile({ path: D, text: 'FROM cgr.dev/chainguard/go\n' }, { rules: { 'df-missing-user': 'error' } }, [rule]).findings.map((f) => f.severity), ['error']);
});

test('df-missing-user: known non-root images', () => {
  for (const image of ['gcr.io/distroless/static:nonroot', 'gcr.io/distroless/cc-debian12:debug-nonroot', 'gcr.io/distroless/base:nonroot-amd64', 'cgr.dev/chainguard/static:latest', 'cgr.dev/chainguard/nginx@sha256:abc']) {
    assert.equal(isKnownNonRootImage(image), true, image);
  }
  for (const image of ['gcr.io/distroless/static', 'gcr.io/distroless/static:latest', 'cgr.dev/chainguard/wolfi-base', 'alpine:3.20', 'example.com/nonroot:1', 'nonroot']) {
    assert.equal(isKnownNonRootImage(image), false, image);
  }
});
