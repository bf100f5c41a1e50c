import { runRuleTests } from './rule-tester.js';
import rule from '../../server/src/engine/rules/dockerfile/df-secret-arg-in-run.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'secret mount with env=', path: D, text: 'FROM node:20\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci\n' },
    { name: 'secret mount read from the file', path: D, text: 'FROM node:20\nRUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\n' },
    { name: 'ordinary build arguments', path: D, text: 'FROM alpine:3.20\nARG VERSION=1.2 TOKEN_URL=https://x\nRUN echo $VERSION ${TOKEN_URL}\n' },
    { name: 'a global ARG is not visible in RUN until redeclared', path: D, text: 'ARG GITHUB_TOKEN\nFROM alpine:3.20\nRUN echo "$GITHUB_TOKEN"\n' },
    { name: 'an ARG of another stage', path: D, text: 'FROM alpine:3.20 AS a\nARG NPM_TOKEN\nFROM alpine:3.20\nRUN echo $NPM_TOKEN\n' },
    { name: 'declared after the RUN', path: D, text: 'FROM alpine:3.20\nRUN echo $API_KEY\nARG API_KEY\n' },
    { name: 'longer names that only start with the ARG name', path: D, text: 'FROM alpine:3.20\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN_FILE ${NPM_TOKENS}\n' },
    { name: 'commented-out RUN (uptime-kuma)', path: D, text: 'FROM alpine:3.20\nARG GITHUB_TOKEN\n# RUN upload.sh github_api_token=$GITHUB_TOKEN\n' },
    { name: 'daemonless pragma', path: D, text: 'FROM alpine:3.20\nARG NPM_TOKEN\n# daemonless ignore=df-secret-arg-in-run -- CI-only throwaway token\nRUN echo $NPM_TOKEN\n' },
  ],
  invalid: [
    {
      name: 'npm token written to .npmrc (the common case)',
      path: D,
      text: 'FROM node:20\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm -f .npmrc\n',
      errors: [{ messageId: 'secretArg', at: '$NPM_TOKEN', occurrence: 0, data: { name: 'NPM_TOKEN', id: 'npm-token' }, fix: null }],
    },
    {
      name: 'braced and defaulted references, continuation lines, one finding per ARG and RUN',
      path: D,
      text: 'FROM alpine:3.20\nARG GITHUB_TOKEN\nARG DB_PASSWORD\nRUN curl -H "Authorization: token ${GITHUB_TOKEN}" https://api/x \\\n && echo ${DB_PASSWORD:-none} ${GITHUB_TOKEN}\n',
      errors: [
        { messageId: 'secretArg', at: '${GITHUB_TOKEN}', occurrence: 0, data: { name: 'GITHUB_TOKEN' }, fix: null },
        { messageId: 'secretArg', at: '${DB_PASSWORD:-none}', data: { name: 'DB_PASSWORD' }, fix: null },
      ],
    },
    {
      name: 'a redeclared global ARG, a secret mount for a different name, a heredoc',
      path: D,
      text: 'ARG AWS_SECRET_ACCESS_KEY\nFROM amazon/aws-cli:2.17.0\nARG AWS_SECRET_ACCESS_KEY\nRUN --mount=type=secret,id=x,env=OTHER <<EOF\naws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"\nEOF\n',
      errors: [{ messageId: 'secretArg', at: '$AWS_SECRET_ACCESS_KEY', data: { name: 'AWS_SECRET_ACCESS_KEY' }, fix: null }],
    },
  ],
});
