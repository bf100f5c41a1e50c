import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { imageHasBash, shellHasPipefail } from '../../server/src/engine/rules/dockerfile/df-pipefail.js';
import { fixedText } from './fix-output.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'no pipe', path: D, text: 'FROM debian:12\nRUN curl -fsSLo /tmp/a https://x.example/a && tar -xf /tmp/a\n' },
    { name: 'SHELL with pipefail', path: D, text: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x.example/a | tar -xz\n' },
    { name: 'SHELL -euxo pipefail, zsh, ash', path: D, text: 'FROM debian:12\nSHELL ["/bin/bash", "-euxo", "pipefail", "-c"]\nRUN curl -fsSL https://x.example/a | tar -xz\nFROM alpine:3.20\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nRUN wget -qO- https://x.example/a | tar -xz\n' },
    { name: 'SHELL inherited from the parent stage', path: D, text: 'FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN curl -fsSL https://x.example/a | tar -xz\n' },
    { name: 'set -o pipefail earlier in the RUN', path: D, text: 'FROM debian:12\nRUN set -eux -o pipefail; curl -fsSL https://x.example/a | tar -xz\nRUN set -euo pipefail && wget -qO- https://x.example/b | tar -xz\n' },
    { name: 'echo into a checksum check', path: D, text: 'FROM debian:12\nRUN echo "$SHA  /tmp/a" | sha256sum -c -\n' },
    { name: 'inspection pipes of official images', path: D, text: "FROM debian:12\nRUN find /usr/local -type f -executable -exec ldd '{}' ';' \\\n | awk '/=>/ { print $(NF-1) }' | sort -u | xargs -r dpkg-query --search | cut -d: -f1 | sort -u | xargs -r apt-mark manual\nRUN grep \" node.tar.xz\\$\" SHASUMS256.txt | sha256sum -c -\n" },
    { name: '|| and && are not pipes', path: D, text: 'FROM debian:12\nRUN curl -fsSL https://x.example/a -o a || wget https://x.example/a\n' },
    { name: 'a pipe inside quotes', path: D, text: "FROM debian:12\nRUN echo 'curl x | sh' > /notes\n" },
    { name: 'exec form runs no shell', path: D, text: 'FROM debian:12\nRUN ["/bin/sh", "-c", "curl https://x.example/a | tar -xz"]\n' },
    { name: 'PowerShell', path: D, text: 'FROM mcr.microsoft.com/powershell:lts\nSHELL ["pwsh", "-c"]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n' },
    { name: 'pipe inside a substitution', path: D, text: 'FROM debian:12\nRUN VERSION="$(curl -fsSL https://x.example/v | head -1)" && echo "$VERSION" > /v\n' },
  ],
  invalid: [
    {
      name: 'curl | tar on Debian: SHELL inserted above the RUN',
      path: D,
      text: 'FROM debian:12\nRUN curl -fsSL https://x.example/a.tgz | tar -xz -C /opt\n',
      errors: [{ messageId: 'pipe', at: 'curl -fsSL https://x.example/a.tgz | tar -xz -C /opt', data: { first: 'curl', last: 'tar' }, fix: 'rewrite' }],
    },
    {
      name: 'multi-line pipeline: the span covers it as written',
      path: D,
      text: 'FROM python:3.12-slim\nRUN apt-get update \\\n && wget -qO- https://x.example/key \\\n    | gpg --dearmor > /k.gpg\n',
      errors: [{ messageId: 'pipe', at: 'wget -qO- https://x.example/key \\\n    | gpg --dearmor > /k.gpg', data: { first: 'wget', last: 'gpg' }, fix: 'rewrite' }],
    },
    {
      name: 'Alpine has no bash: no fix',
      path: D,
      text: 'FROM alpine:3.20\nRUN wget -qO- https://x.example/a | tar -xz\n',
      errors: [{ messageId: 'pipe', at: 'wget -qO- https://x.example/a | tar -xz', fix: null }],
    },
    {
      name: 'SHELL sh -o pipefail is not trusted; a SHELL in the stage means no fix',
      path: D,
      text: 'FROM debian:12\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x.example/a | tar -xz\n',
      errors: [{ messageId: 'pipe', at: 'curl -fsSL https://x.example/a | tar -xz', fix: null }],
    },
    {
      name: 'a SHELL switched back to sh',
      path: D,
      text: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x.example/a | tar -xz\nSHELL ["/bin/sh", "-c"]\nRUN make | tee build.log\n',
      errors: [{ messageId: 'pipe', at: 'make | tee build.log', data: { first: 'make', last: 'tee' }, fix: null }],
    },
    {
      name: 'every stage counts; the base comes from an ARG default (debian, which has bash)',
      path: D,
      text: 'ARG BASE=debian:12\nFROM ${BASE} AS build\nRUN cat list.txt | xargs apt-get install -y\nFROM scratch\n',
      errors: [{ messageId: 'pipe', at: 'cat list.txt | xargs apt-get install -y', data: { first: 'cat', last: 'xargs' }, fix: 'rewrite' }],
    },
    {
      name: 'heredoc body',
      path: D,
      text: 'FROM ubuntu:24.04\nRUN <<EOF\nset -e\ncurl -fsSL https://x.example/a | tar -xz\nEOF\n',
      errors: [{ messageId: 'pipe', at: 'curl -fsSL https://x.example/a | tar -xz', fix: 'rewrite' }],
    },
  ],
});

test('df-pipefail fix: SHELL above the first piped RUN and its comments, one edit per stage', () => {
  const text = 'FROM debian:12\nRUN apt-get update\n# fetch the tool\nRUN curl -fsSL https://x.example/a | tar -xz\nRUN make | tee log\n';
  const expected = 'FROM debian:12\nRUN apt-get update\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n# fetch the tool\nRUN curl -fsSL https://x.example/a | tar -xz\nRUN make | tee log\n';
  assert.equal(fixedText(rule, D, text, 0), expected);
  assert.equal(fixedText(rule, D, text, 1), expected);
  assert.equal(fixedText(rule, D, 'FROM debian:12\r\nRUN curl x | tar -x\r\n'), 'FROM debian:12\r\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\r\nRUN curl x | tar -x\r\n');
});

test('df-pipefail helpers', () => {
  assert.equal(shellHasPipefail(['/bin/bash', '-o', 'pipefail', '-c']), true);
  assert.equal(shellHasPipefail(['/usr/bin/zsh', '-eo', 'pipefail', '-c']), true);
  assert.equal(shellHasPipefail(['/bin/sh', '-o', 'pipefail', '-c']), false);
  assert.equal(shellHasPipefail(['/bin/bash', '-c']), false);
  assert.equal(imageHasBash('debian:12'), true);
  assert.equal(imageHasBash('docker.io/library/python:3.12-slim'), true);
  assert.equal(imageHasBash('python:3.12-alpine'), false);
  assert.equal(imageHasBash('gcr.io/distroless/base'), false);
  assert.equal(imageHasBash('myorg/debian:12'), false);
});
