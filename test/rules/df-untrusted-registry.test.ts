import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { isTrustedRegistry } from '../../server/src/engine/rules/dockerfile/df-untrusted-registry.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const CORP = { trustedRegistries: ['registry.corp.example', '*.mirror.corp.example'] };
const HUB = { trustedRegistries: ['docker.io'] };

runRuleTests(rule, {
  valid: [
    { name: 'no list: silent even when switched on', path: D, text: 'FROM random.com/debian:12\n' },
    { name: 'empty list: silent', path: D, text: 'FROM random.com/debian:12\n', options: { trustedRegistries: [] } },
    { name: 'blank entries only: silent', path: D, text: 'FROM random.com/debian:12\n', options: { trustedRegistries: [' '] } },
    { name: 'trusted host', path: D, text: 'FROM registry.corp.example/base/debian:12\n', options: CORP },
    { name: 'trusted host, upper case', path: D, text: 'FROM Registry.Corp.Example/base/debian:12\n', options: CORP },
    { name: 'wildcard subdomain', path: D, text: 'FROM eu.mirror.corp.example/debian:12\n', options: CORP },
    { name: 'wildcard matches deeper subdomains', path: D, text: 'FROM a.b.mirror.corp.example/debian:12\n', options: CORP },
    { name: 'host entry covers any port', path: D, text: 'FROM registry.corp.example:5000/debian:12\n', options: CORP },
    { name: '* trusts everything', path: D, text: 'FROM quay.io/x/y:1\nFROM ubuntu:24.04\n', options: { trustedRegistries: ['*'] } },
    {
      name: 'every spelling of Docker Hub is docker.io',
      path: D,
      text: 'FROM ubuntu:18.04 AS a\nFROM zemanlx/ubuntu:18.04 AS b\nFROM docker.io/zemanlx/ubuntu:18.04 AS c\nFROM index.docker.io/library/alpine:3 AS d\nFROM registry-1.docker.io/library/alpine:3\n',
      options: HUB,
    },
    { name: 'index.docker.io in the list means Docker Hub', path: D, text: 'FROM alpine:3.20\n', options: { trustedRegistries: ['index.docker.io'] } },
    { name: 'scratch is no registry', path: D, text: 'FROM scratch\nCOPY app /app\n', options: CORP },
    {
      name: 'a stage used as a base is no registry',
      path: D,
      text: 'FROM registry.corp.example/golang:1.22 AS build\nFROM build AS test\nFROM Build\n',
      options: CORP,
    },
    {
      name: 'ARG default resolves to a trusted registry',
      path: D,
      text: 'ARG REGISTRY=registry.corp.example\nFROM ${REGISTRY}/debian:12\n',
      options: CORP,
    },
    { name: 'unknown build argument: not judged', path: D, text: 'ARG BASE\nFROM ${BASE}\n', options: CORP },
    {
      name: 'ARG naming a stage',
      path: D,
      text: 'ARG FROM_STAGE=build\nFROM registry.corp.example/golang:1.22 AS build\nFROM ${FROM_STAGE}\n',
      options: CORP,
    },
    {
      name: 'COPY --from a stage (by name and by index)',
      path: D,
      text: 'FROM registry.corp.example/golang:1.22 AS build\nFROM registry.corp.example/static:1\nCOPY --from=build /app /app\nCOPY --from=0 /app /app2\n',
      options: CORP,
    },
    {
      name: 'COPY --from an image in a trusted registry',
      path: D,
      text: 'FROM registry.corp.example/static:1\nCOPY --from=eu.mirror.corp.example/tools/jq:1.7 /usr/bin/jq /usr/bin/jq\n',
      options: CORP,
    },
    {
      name: 'RUN --mount from a stage and from a trusted image',
      path: D,
      text: 'FROM registry.corp.example/golang:1.22 AS build\nFROM registry.corp.example/static:1\nRUN --mount=type=bind,from=build,target=/src true\nRUN --mount=type=cache,from=registry.corp.example/cache:1,target=/c true\n',
      options: CORP,
    },
    { name: 'off unless switched on', path: D, text: 'FROM random.com/debian:12\n', options: { ...CORP, rules: { 'df-untrusted-registry': 'off' } } },
    { name: 'not a Dockerfile', path: 'notes.txt', text: 'FROM random.com/debian:12\n', options: CORP },
  ],
  invalid: [
    {
      name: 'untrusted registry',
      path: D,
      text: 'FROM random.com/debian:12\n',
      options: CORP,
      errors: [
        {
          messageId: 'from',
          at: 'random.com/debian:12',
          data: { image: 'random.com/debian:12', registry: 'random.com', trusted: 'registry.corp.example, *.mirror.corp.example' },
          fix: null,
        },
      ],
    },
    {
      name: 'wildcard does not cover the domain itself',
      path: D,
      text: 'FROM mirror.corp.example/debian:12\n',
      options: CORP,
      errors: [{ messageId: 'from', at: 'mirror.corp.example/debian:12', data: { registry: 'mirror.corp.example' }, fix: null }],
    },
    {
      name: 'a host that merely ends like the trusted one',
      path: D,
      text: 'FROM evilmirror.corp.example.attacker.io/debian:12\n',
      options: CORP,
      errors: [{ messageId: 'from', at: 'evilmirror.corp.example.attacker.io/debian:12', fix: null }],
    },
    {
      name: 'an entry with a port trusts that port only',
      path: D,
      text: 'FROM localhost:5001/app:1\n',
      options: { trustedRegistries: ['localhost:5000'] },
      errors: [{ messageId: 'from', at: 'localhost:5001/app:1', data: { registry: 'localhost:5001' }, fix: null }],
    },
    {
      name: 'Docker Hub in every spelling, when only another registry is trusted',
      path: D,
      text: 'FROM ubuntu:18.04 AS a\nFROM zemanlx/ubuntu:18.04 AS b\nFROM docker.io/zemanlx/ubuntu:18.04\n',
      options: CORP,
      errors: [
        { messageId: 'from', at: 'ubuntu:18.04', data: { registry: 'docker.io' }, fix: null },
        { messageId: 'from', at: 'zemanlx/ubuntu:18.04', data: { registry: 'docker.io' }, fix: null },
        { messageId: 'from', at: 'docker.io/zemanlx/ubuntu:18.04', data: { registry: 'docker.io' }, fix: null },
      ],
    },
    {
      name: 'ARG default substituted before judging',
      path: D,
      text: 'ARG BASE=ghcr.io/acme/base:1\nFROM ${BASE}\n',
      options: CORP,
      errors: [{ messageId: 'from', at: '${BASE}', data: { image: 'ghcr.io/acme/base:1', registry: 'ghcr.io' }, fix: null }],
    },
    {
      name: 'build stages count too: their files reach the image',
      path: D,
      text: 'FROM quay.io/acme/builder:1 AS build\nRUN make\nFROM registry.corp.example/static:1\nCOPY --from=build /out /out\n',
      options: CORP,
      errors: [{ messageId: 'from', at: 'quay.io/acme/builder:1', fix: null }],
    },
    {
      name: 'COPY --from an untrusted image',
      path: D,
      text: 'FROM registry.corp.example/static:1\nCOPY --from=untrusted.com/repo/image:tag /foo /bar\n',
      options: CORP,
      errors: [{ messageId: 'copyFrom', at: 'untrusted.com/repo/image:tag', data: { registry: 'untrusted.com' }, fix: null }],
    },
    {
      name: 'COPY --from beside other flags',
      path: D,
      text: 'FROM registry.corp.example/golang:1.22 AS build\nFROM registry.corp.example/static:1\nCOPY --chown=1000:1000 --from=build /app /app\nCOPY --link --chown=1000 --from=quay.io/acme/tools:1 /jq /jq\n',
      options: CORP,
      errors: [{ messageId: 'copyFrom', at: 'quay.io/acme/tools:1', data: { registry: 'quay.io' }, fix: null }],
    },
    {
      name: 'COPY --from a Docker Hub image by ARG',
      path: D,
      text: 'FROM registry.corp.example/static:1\nARG JQ=stedolan/jq:1.6\nCOPY --from=${JQ} /usr/bin/jq /jq\n',
      options: CORP,
      errors: [{ messageId: 'copyFrom', at: '${JQ}', data: { image: 'stedolan/jq:1.6', registry: 'docker.io' }, fix: null }],
    },
    {
      name: 'RUN --mount from untrusted images (bind and cache)',
      path: D,
      text: 'FROM registry.corp.example/static:1\nRUN --mount=type=bind,from=untrusted.com/repo/image:tag,target=/foo foobar\nRUN --mount=type=cache,from=untrusted.com/repo/image:tag,target=/foo foobar\n',
      options: CORP,
      errors: [
        { messageId: 'mountFrom', at: 'untrusted.com/repo/image:tag', occurrence: 0, fix: null },
        { messageId: 'mountFrom', at: 'untrusted.com/repo/image:tag', occurrence: 1, fix: null },
      ],
    },
    {
      name: 'the severity the user sets is kept',
      path: D,
      text: 'FROM random.com/debian:12\nFROM registry.corp.example/static:1\n',
      options: { ...CORP, rules: { 'df-untrusted-registry': 'warning' } },
      errors: [{ messageId: 'from', at: 'random.com/debian:12', fix: null }],
    },
  ],
});

test('df-untrusted-registry is off by default, even with a list', () => {
  const { findings } = lintFile({ path: D, text: 'FROM random.com/debian:12\n' }, CORP, [rule]);
  assert.deepEqual(findings.map((f) => f.ruleId), []);
  const on = lintFile({ path: D, text: 'FROM random.com/debian:12\n' }, { ...CORP, rules: { 'df-untrusted-registry': 'warning' } }, [rule]);
  assert.deepEqual(on.findings.map((f) => [f.ruleId, f.severity]), [['df-untrusted-registry', 'warning']]);
});

test('trusted registry patterns', () => {
  assert.equal(isTrustedRegistry('docker.io', ['registry-1.docker.io']), true);
  assert.equal(isTrustedRegistry('ghcr.io', ['GHCR.IO']), true);
  assert.equal(isTrustedRegistry('foo.random.com', ['*.random.com']), true);
  assert.equal(isTrustedRegistry('random.com', ['*.random.com']), false);
  assert.equal(isTrustedRegistry('notrandom.com', ['*.random.com']), false);
  assert.equal(isTrustedRegistry('r.corp:5000', ['r.corp']), true);
  assert.equal(isTrustedRegistry('r.corp:5000', ['r.corp:5001']), false);
  assert.equal(isTrustedRegistry('anything.example', ['*']), true);
  assert.equal(isTrustedRegistry('x.com', []), false);
});
