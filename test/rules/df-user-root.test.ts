import rule from '../../server/src/engine/rules/dockerfile/df-user-root.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'no USER at all (df-missing-user covers it)', path: D, text: 'FROM alpine:3.20\nRUN apk add curl\n' },
    { name: 'non-root user', path: D, text: 'FROM alpine:3.20\nUSER app\n' },
    { name: 'numeric non-root uid:gid', path: D, text: 'FROM alpine:3.20\nUSER 10001:10001\n' },
    { name: 'root then app', path: D, text: 'FROM alpine:3.20\nUSER root\nRUN apk add curl\nUSER app\n' },
    {
      name: 'root only in the build stage',
      path: D,
      text: 'FROM golang:1.22 AS build\nUSER root\nRUN go build -o /app .\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n',
    },
    {
      name: 'final stage built FROM a stage that switched away from root',
      path: D,
      text: 'FROM alpine:3.20 AS base\nUSER root\nRUN apk add tini\nUSER 1000\nFROM base\nRUN echo ok\n',
    },
    {
      name: 'final stage overrides the inherited root user',
      path: D,
      text: 'FROM alpine:3.20 AS base\nUSER root\nFROM base\nUSER nobody\n',
    },
    { name: 'group root is not user root', path: D, text: 'FROM alpine:3.20\nUSER 1000:0\n' },
    { name: 'user named like root', path: D, text: 'FROM alpine:3.20\nUSER rootless\n' },
    { name: 'unknown build arg: do not guess', path: D, text: 'FROM alpine:3.20\nARG RUNAS\nUSER $RUNAS\n' },
    { name: 'variable from the base image env: unknown', path: D, text: 'FROM alpine:3.20\nUSER ${APP_USER}\n' },
    { name: 'ARG default that is not root', path: D, text: 'FROM alpine:3.20\nARG UID=10001\nUSER ${UID}\n' },
    {
      name: 'a later FROM image is not a stage just because an alias comes after it',
      path: D,
      text: 'FROM base\nFROM alpine:3.20 AS base\nUSER root\nFROM alpine:3.20\nUSER app\n',
    },
    { name: 'half-typed USER', path: D, text: 'FROM alpine:3.20\nUSER\n' },
    { name: 'half-typed FROM', path: D, text: 'FROM\nUSER\n' },
    { name: 'empty file', path: D, text: '' },
    { name: 'USER before any FROM is ignored', path: D, text: 'USER root\nFROM alpine:3.20\nUSER app\n' },
    { name: 'daemonless pragma', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-user-root -- needs to bind :80\nUSER root\n' },
    { name: 'hadolint pragma', path: D, text: 'FROM alpine:3.20\n# hadolint ignore=DL3002\nUSER root\n' },
    { name: 'file-wide pragma', path: D, text: '# daemonless ignore-file=df-user-root\nFROM alpine:3.20\nUSER 0\n' },
    { name: 'not a Dockerfile', path: 'notes.txt', text: 'FROM alpine\nUSER root\n' },
  ],
  invalid: [
    { name: 'USER root', path: D, text: 'FROM alpine:3.20\nUSER root\n', errors: [{ messageId: 'root', at: 'root', data: { user: 'root' }, fix: null }] },
    { name: 'USER 0', path: D, text: 'FROM alpine:3.20\nUSER 0\n', errors: [{ messageId: 'root', range: [1, 5, 1, 6], data: { user: '0' }, fix: null }] },
    { name: 'USER root:root', path: D, text: 'FROM alpine:3.20\nUSER root:root\n', errors: [{ messageId: 'root', at: 'root:root', fix: null }] },
    { name: 'USER 0:0', path: D, text: 'FROM alpine:3.20\nUSER 0:0\n', errors: [{ messageId: 'root', at: '0:0', fix: null }] },
    { name: 'USER root:<group>', path: D, text: 'FROM alpine:3.20\nUSER root:staff\n', errors: [{ messageId: 'root', at: 'root:staff', fix: null }] },
    { name: 'USER 0:<group>', path: D, text: 'FROM alpine:3.20\nUSER 0:1000\n', errors: [{ messageId: 'root', at: '0:1000', fix: null }] },
    {
      name: 'app then back to root: only the last USER counts',
      path: D,
      text: 'FROM alpine:3.20\nUSER app\nRUN id\nUSER root\n',
      errors: [{ messageId: 'root', range: [3, 5, 3, 9], fix: null }],
    },
    {
      name: 'root in the final stage of a multi-stage build',
      path: D,
      text: 'FROM golang:1.22 AS build\nUSER app\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER root\n',
      errors: [{ messageId: 'root', range: [4, 5, 4, 9], fix: null }],
    },
    {
      name: 'inherited from the parent stage',
      path: D,
      text: 'FROM alpine:3.20 AS base\nUSER root\nFROM base\nRUN echo hi\n',
      errors: [{ messageId: 'inherited', at: 'root', data: { user: 'root', stage: 'base' }, fix: null }],
    },
    {
      name: 'inherited through two stages, alias matched case-insensitively',
      path: D,
      text: 'FROM alpine:3.20 AS Base\nUSER 0\nFROM base AS mid\nRUN x\nFROM MID\nRUN y\n',
      errors: [{ messageId: 'inherited', range: [1, 5, 1, 6], data: { stage: 'Base' }, fix: null }],
    },
    {
      name: 'substituted from ENV',
      path: D,
      text: 'FROM alpine:3.20\nENV RUNAS=root\nUSER $RUNAS\n',
      errors: [{ messageId: 'root', at: '$RUNAS', data: { user: '$RUNAS', resolved: 'root' }, fix: null }],
    },
    {
      name: 'substituted from an ARG default and ${VAR:-x}',
      path: D,
      text: 'FROM alpine:3.20\nARG UID=0\nUSER ${UID}:${GID:-0}\n',
      errors: [{ messageId: 'root', at: '${UID}:${GID:-0}', fix: null }],
    },
    {
      name: 'in-stage ARG takes the global default',
      path: D,
      text: 'ARG RUNAS=root\nFROM alpine:3.20\nARG RUNAS\nUSER ${RUNAS}\n',
      errors: [{ messageId: 'root', at: '${RUNAS}', fix: null }],
    },
    {
      name: 'lowercase instructions and --platform',
      path: D,
      text: 'from --platform=$BUILDPLATFORM golang:1.22 as build\nuser root\n',
      errors: [{ messageId: 'root', at: 'root', fix: null }],
    },
    {
      name: 'USER argument on a continuation line',
      path: D,
      text: 'FROM alpine:3.20\nUSER \\\n  root\n',
      errors: [{ messageId: 'root', at: 'root', fix: null }],
    },
    {
      name: 'escape directive',
      path: D,
      text: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER root\n',
      errors: [{ messageId: 'root', at: 'root', occurrence: 0, fix: null }],
    },
    {
      name: 'CRLF line endings',
      path: D,
      text: 'FROM alpine:3.20\r\nUSER root\r\n',
      errors: [{ messageId: 'root', range: [1, 5, 1, 9], fix: null }],
    },
    {
      name: 'a pragma for another rule does not suppress',
      path: D,
      text: 'FROM alpine:3.20\n# daemonless ignore=df-missing-user\n# hadolint ignore=DL3006\nUSER root\n',
      errors: [{ messageId: 'root', range: [3, 5, 3, 9], fix: null }],
    },
    {
      name: 'Containerfile',
      path: 'build/Containerfile',
      text: 'FROM fedora:40\nUSER root\n',
      errors: [{ messageId: 'root', at: 'root', fix: null }],
    },
  ],
});
