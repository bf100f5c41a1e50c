import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-apt-install-recommends.js';
import { fixedText } from './fix-output.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const F = 'FROM debian:12\n';

runRuleTests(rule, {
  valid: [
    { name: '--no-install-recommends', path: D, text: F + 'RUN apt-get update && apt-get install -y --no-install-recommends curl\n' },
    { name: 'the flag before the subcommand', path: D, text: F + 'RUN apt-get --no-install-recommends -y install curl\n' },
    { name: '-o APT::Install-Recommends=false', path: D, text: F + 'RUN apt-get -o APT::Install-Recommends=false install python3\nRUN apt-get install -o APT::Install-Recommends=0 -y git\n' },
    { name: 'apt configuration written earlier', path: D, text: F + "RUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/90norecommends\nRUN apt-get install -y curl\n" },
    { name: 'apt configuration copied in', path: D, text: F + 'COPY apt.conf /etc/apt/apt.conf.d/90local\nRUN apt-get install -y curl\n' },
    { name: 'no package named (apt-get install -f)', path: D, text: F + 'RUN apt-get install -f -y\n' },
    { name: 'only in a build stage', path: D, text: 'FROM debian:12 AS build\nRUN apt-get install -y build-essential\nFROM gcr.io/distroless/cc\nCOPY --from=build /out /out\n' },
    { name: 'apt-get update and remove', path: D, text: F + 'RUN apt-get update && apt-get remove -y vim\n' },
  ],
  invalid: [
    {
      name: 'apt-get install: the flag goes after install',
      path: D,
      text: F + 'RUN apt-get update && apt-get install -y curl\n',
      errors: [{ messageId: 'recommends', at: 'install', data: { program: 'apt-get' }, fix: 'quickfix' }],
    },
    {
      name: 'apt, sudo, continuation lines',
      path: D,
      text: F + 'RUN apt-get update \\\n && sudo apt install -y \\\n      git\n',
      errors: [{ messageId: 'recommends', at: 'install', data: { program: 'apt' }, fix: 'quickfix' }],
    },
    {
      name: 'in sh -c code: no fix (the span is the whole code argument)',
      path: D,
      text: F + 'RUN sh -c "apt-get install -y vim"\n',
      errors: [{ messageId: 'recommends', at: '"apt-get install -y vim"', fix: null }],
    },
    {
      name: 'in the stage the final stage is built on',
      path: D,
      text: 'FROM ubuntu:24.04 AS base\nRUN apt-get install -y ca-certificates\nFROM base\n',
      errors: [{ messageId: 'recommends', at: 'install', fix: 'quickfix' }],
    },
  ],
});

test('df-apt-install-recommends fix: inserted after install, the rest unchanged', () => {
  assert.equal(
    fixedText(rule, D, F + 'RUN apt-get update \\\n && apt-get install -y \\\n      git\n'),
    F + 'RUN apt-get update \\\n && apt-get install --no-install-recommends -y \\\n      git\n',
  );
});
