import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Scope,
  dockerfileModel,
  effectiveUser,
  isRootUser,
  rootStage,
} from '../../server/src/engine/model/dockerfile.js';
import { joinContinuations } from '../../server/src/engine/parse/dockerfile-continuations.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';

const model = (text: string) => dockerfileModel(new ParsedFile({ path: 'Dockerfile', text }, 'dockerfile'));
const covered = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

test('stages: aliases, parents by alias (case-insensitive), final stage is the last FROM', () => {
  const text = 'FROM golang:1.22 AS Build\nFROM build AS test\nFROM gcr.io/distroless/static:nonroot\n';
  const m = model(text);
  assert.deepEqual(m.stages.map((s) => [s.alias, s.parent?.alias ?? null]), [['Build', null], ['test', 'Build'], [null, null]]);
  assert.equal(m.finalStage, m.stages[2]);
  assert.equal(rootStage(m.stages[1]), m.stages[0]);
  assert.equal(covered(text, m.stages[1].image!.range), 'build');
});

test('global ARGs substitute into FROM; no default or unsupported forms stay unknown', () => {
  const text = [
    'ARG REG=docker.io',
    'ARG BASE=${REG}/library/alpine:3.20',
    'ARG UNSET',
    'FROM ${BASE}',
    'FROM $UNSET',
    'FROM alpine:${UNSET:-3.19}',
    'FROM alpine:${NEVER_DECLARED:-3.18}',
    'FROM alpine:${NEVER_DECLARED}',
    'FROM alpine:${REG#docker}',
    'FROM alpine:${REG:+x}',
    'FROM alpine:\\$REG',
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    'FROM alpine:${TARGETARCH:-amd64}',
  ].join('\n');
  const m = model(text);
  assert.deepEqual(m.globalArgs.map((a) => [a.name, a.resolved]), [
    ['REG', 'docker.io'],
    ['BASE', 'docker.io/library/alpine:3.20'],
    ['UNSET', null],
  ]);
  assert.deepEqual(m.stages.map((s) => s.image?.resolved ?? null), [
    'docker.io/library/alpine:3.20',
    null,
    null,
    'alpine:3.18',
    null,
    null,
    'alpine:x',
    'alpine:$REG',
    'golang:1.22',
    null,
  ]);
  assert.equal(covered(text, m.stages[8].image!.range), 'golang:1.22');
});

test('Scope.substitute handles the escape character and unterminated braces', () => {
  const scope = new Scope(false, '\\');
  scope.set('A', 'a');
  scope.set('EMPTY', '');
  assert.equal(scope.substitute('x\\$A'), 'x$A');
  assert.equal(scope.substitute('${A}-$A-${EMPTY:-d}-${EMPTY-d}-${MISSING+y}'), null);
  assert.equal(scope.substitute('${A}-$A-${EMPTY:-d}-${EMPTY-d}'), 'a-a-d-');
  assert.equal(scope.substitute('${A'), null);
  assert.equal(scope.substitute('$ cost'), '$ cost');
});

test('USER values resolve through stage ARG/ENV; inherited stages carry ENV and the effective user', () => {
  const text = [
    'ARG APP_UID=10001',
    'FROM alpine:3.20 AS base',
    'ENV RUNAS=root',
    'USER $RUNAS',
    'FROM base',
    'ARG APP_UID',
    'USER ${APP_UID}:${APP_UID}',
    'FROM base AS other',
    'ARG WHO',
    'USER $WHO',
  ].join('\n');
  const m = model(text);
  const [base, second, other] = m.stages;
  assert.deepEqual(base.users.map((u) => [u.raw, u.resolved, u.isRoot]), [['$RUNAS', 'root', true]]);
  assert.deepEqual(second.users.map((u) => [u.resolved, u.user, u.isRoot]), [['10001:10001', '10001', false]]);
  assert.deepEqual(other.users.map((u) => [u.resolved, u.isRoot]), [[null, null]]);
  assert.equal(covered(text, second.users[0].range), '${APP_UID}:${APP_UID}');
  assert.equal(effectiveUser(model('FROM a:1 AS a\nUSER root\nFROM a\nRUN x').finalStage!)?.raw, 'root');
  assert.equal(effectiveUser(model('FROM a:1\nRUN x').finalStage!), null);
});

test('root detection covers names, UIDs and groups', () => {
  for (const v of ['root', '0', 'root:root', '0:0', 'root:wheel', '0:1000', '000']) assert.equal(isRootUser(v), true, v);
  for (const v of ['app', '1000', '1000:0', 'nobody:root', 'rootless', '10']) assert.equal(isRootUser(v), false, v);
});

test('RUN bodies: continuations (with comment and blank lines), exec form, flags, heredocs, SHELL', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN apt-get update \\  ',
    '# dropped comment && rm -rf /',
    '',
    '  && curl -fsSL https://x.example/i.sh | sh',
    'RUN ["/bin/bash", "-c", "echo hi | cat"]',
    'RUN ["python3", "-c", "print(1)"]',
    'RUN --mount=type=cache,target=/root/.cache pip install x',
    'RUN <<EOF',
    'echo one',
    'echo two',
    'EOF',
    'RUN cat <<EOF > /etc/motd',
    'curl not | sh',
    'EOF',
    'RUN python3 <<EOF',
    'import os',
    'EOF',
    'SHELL ["powershell", "-Command"]',
    'RUN iex (iwr https://x.example)',
  ].join('\n');
  const m = model(text);
  const runs = m.stages[0].runs;
  assert.deepEqual(runs.map((r) => r.form), ['shell', 'exec', 'exec', 'shell', 'heredoc', 'heredoc', 'heredoc', 'shell']);
  assert.deepEqual(runs[0].scripts.map((s) => s.text), ['apt-get update   && curl -fsSL https://x.example/i.sh | sh']);
  assert.deepEqual(runs[1].scripts.map((s) => s.text), ['echo hi | cat']);
  assert.deepEqual(runs[1].exec, ['/bin/bash', '-c', 'echo hi | cat']);
  assert.deepEqual(runs[2].scripts.map((s) => s.text), ["python3 -c 'print(1)'"]);
  assert.deepEqual(runs[3].scripts.map((s) => s.text), ['pip install x']);
  assert.equal(covered(text, runs[3].range), 'pip install x');
  assert.deepEqual(runs[4].scripts.map((s) => s.text), ['echo one\necho two']);
  assert.equal(covered(text, runs[4].scripts[0].range), 'echo one\necho two');
  assert.deepEqual(runs[5].scripts.map((s) => s.text), ['cat <<EOF > /etc/motd']);
  assert.deepEqual(runs[6].scripts.map((s) => s.text), ['python3 <<EOF']);
  assert.deepEqual(runs[7].scripts, []);
});

test('the escape directive changes the continuation character', () => {
  const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n  b\n';
  const m = model(text);
  assert.equal(m.escape, '`');
  assert.deepEqual(m.stages[0].runs[0].scripts.map((s) => s.text), ['echo a   b']);
  assert.equal(joinContinuations('a \\\r\n  b\r\nc', '\\'), 'a   b');
});

test('COPY --from resolves stage aliases and indexes, otherwise it names an image', () => {
  const text = 'FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=BUILD /a /a\nCOPY --from=0 /b /b\nCOPY --from=nginx:latest /c /c\nCOPY --from=later /d /d\nFROM scratch AS later\n';
  const m = model(text);
  assert.deepEqual(m.stages[1].copyFroms.map((c) => [c.raw, c.stage?.index ?? null]), [
    ['BUILD', 0],
    ['0', 0],
    ['nginx:latest', null],
    ['later', 2],
  ]);
  assert.equal(covered(text, m.stages[1].copyFroms[2].range), 'nginx:latest');
});

test('ARG/ENV declarations keep name ranges and values; ENV wins over a later ARG of the same name', () => {
  const text = 'FROM a:1\nENV A=1 B="two words"\nENV LEGACY value with spaces\nARG A=9\nUSER $A\n';
  const m = model(text);
  const s = m.stages[0];
  assert.deepEqual(s.envs.map((e) => [e.name, e.value, covered(text, e.nameRange)]), [
    ['A', '1', 'A'],
    ['B', 'two words', 'B'],
    ['LEGACY', 'value with spaces', 'LEGACY'],
  ]);
  assert.equal(s.users[0].resolved, '1');
});

test('half-typed files build a model without throwing', () => {
  for (const text of ['', 'FROM', 'FROM\nUSER', 'USER\nENV\nARG', 'FROM a AS', 'FROM a\nUSER\nENV\nARG =x\nRUN\nCOPY --from= a b\nRUN <<EOF', 'FROM ${', 'FROM a\nUSER ${X']) {
    assert.doesNotThrow(() => model(text), text);
  }
  assert.equal(model('FROM').stages[0].image, null);
  assert.equal(model('').finalStage, null);
});

test('the model is built once per file', () => {
  const file = new ParsedFile({ path: 'Dockerfile', text: 'FROM a:1' }, 'dockerfile');
  assert.equal(dockerfileModel(file), dockerfileModel(file));
});
