import rule from '../../server/src/engine/rules/dockerfile/df-user-not-numeric.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'numeric uid', path: D, text: 'FROM alpine:3.20\nUSER 10001\n' },
    { name: 'numeric uid with a named group', path: D, text: 'FROM alpine:3.20\nUSER 10001:app\n' },
    { name: 'root is df-user-root', path: D, text: 'FROM alpine:3.20\nUSER root\n' },
    { name: 'unknown build argument', path: D, text: 'ARG APP_UID\nFROM alpine:3.20\nUSER ${APP_UID}\n' },
    { name: 'ARG default substituted: numeric', path: D, text: 'FROM alpine:3.20\nARG UID=10001\nUSER ${UID}\n' },
    { name: 'a name only in a build stage', path: D, text: 'FROM node:20 AS build\nUSER node\nFROM gcr.io/distroless/nodejs20\nUSER 65532\n' },
    { name: 'no USER (df-missing-user)', path: D, text: 'FROM alpine:3.20\n' },
  ],
  invalid: [
    {
      name: 'a user name',
      path: D,
      text: 'FROM node:20-slim\nUSER node\n',
      errors: [{ messageId: 'name', at: 'node', occurrence: 1, data: { user: 'node' }, fix: null }],
    },
    {
      name: 'name:group, and from an ARG default',
      path: D,
      text: 'FROM alpine:3.20\nARG user=app\nUSER ${user}:${user}\n',
      errors: [{ messageId: 'name', at: '${user}:${user}', data: { user: 'app' }, fix: null }],
    },
    {
      name: 'inherited from the stage the final stage is built on',
      path: D,
      text: 'FROM alpine:3.20 AS base\nUSER app\nFROM base\nRUN true\n',
      errors: [{ messageId: 'name', at: 'app', data: { user: 'app' }, fix: null }],
    },
  ],
});
