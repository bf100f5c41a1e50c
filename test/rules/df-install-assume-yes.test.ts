import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-install-assume-yes.js';
import { fixedText } from './fix-output.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const F = 'FROM debian:12\n';
const R = 'FROM rockylinux:9\n';
const S = 'FROM opensuse/leap:15\n';

runRuleTests(rule, {
  valid: [
    { name: '-y after install', path: D, text: F + 'RUN apt-get update && apt-get install -y curl\n' },
    { name: '-y before install', path: D, text: F + 'RUN apt-get -y install curl\n' },
    { name: '--yes and --assume-yes', path: D, text: F + 'RUN apt-get install --yes curl\nRUN apt install --assume-yes git\n' },
    { name: '-qy, -yq and --quiet --yes', path: D, text: F + 'RUN apt-get install -qy curl\nRUN apt-get -yq install git\nRUN apt-get install --quiet --yes vim\n' },
    { name: 'quiet level 2 implies -y', path: D, text: F + 'RUN apt-get -qq install curl\nRUN apt-get install -q=2 git\nRUN apt-get --quiet --quiet install vim\n' },
    { name: '-o APT::Get::Assume-Yes=true', path: D, text: F + 'RUN apt-get -o APT::Get::Assume-Yes=true install curl\nRUN apt-get install -oAPT::Get::Assume-Yes=1 git\n' },
    { name: 'apt configuration written earlier', path: D, text: F + "RUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n" },
    { name: 'apt configuration copied in', path: D, text: F + 'COPY 90yes /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n' },
    { name: 'a dry run asks nothing', path: D, text: F + 'RUN apt-get install -s curl\nRUN apt-get install --simulate git\n' },
    { name: 'yes piped in', path: D, text: F + 'RUN yes | apt-get install curl\n' },
    { name: 'not an install', path: D, text: F + 'RUN apt-get update && apt-get remove -y vim && apt-cache policy curl\n' },
    { name: 'yum and dnf -y, --assumeyes, -qy', path: D, text: R + 'RUN yum install -y git\nRUN yum -y install vim\nRUN dnf install --assumeyes make\nRUN dnf -qy install gcc\n' },
    { name: 'dnf --setopt=assumeyes=1, dnf.conf written earlier', path: D, text: R + 'RUN dnf --setopt=assumeyes=1 install git\nRUN echo "assumeyes=1" >> /etc/dnf/dnf.conf\nRUN dnf install make\n' },
    { name: 'microdnf never asks', path: D, text: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install git\n' },
    { name: 'zypper -n / --non-interactive before install, -y / --no-confirm after', path: D, text: S + 'RUN zypper -n install git\nRUN zypper --non-interactive in vim\nRUN zypper install -y make\nRUN zypper in --no-confirm gcc\n' },
    { name: 'apk never asks', path: D, text: 'FROM alpine:3\nRUN apk add curl\n' },
  ],
  invalid: [
    {
      name: 'apt-get install without -y: the fix goes after install',
      path: D,
      text: F + 'RUN apt-get update && apt-get install --no-install-recommends curl\n',
      errors: [{ messageId: 'aptGet', at: 'install', data: { subcommand: 'install' }, fix: 'quickfix' }],
    },
    {
      name: 'DEBIAN_FRONTEND=noninteractive answers no prompt; -q is only quiet level 1',
      path: D,
      text: F + 'ENV DEBIAN_FRONTEND=noninteractive\nRUN DEBIAN_FRONTEND=noninteractive apt-get -q install curl\n',
      errors: [{ messageId: 'aptGet', at: 'install', fix: 'quickfix' }],
    },
    {
      name: 'apt through sudo over continuation lines; -o with another setting',
      path: D,
      text: F + 'RUN sudo apt install \\\n    -o Dpkg::Options::=--force-confold git\n',
      errors: [{ messageId: 'apt', at: 'install', data: { subcommand: 'install' }, fix: 'quickfix' }],
    },
    {
      name: 'yum and dnf, dnf module install',
      path: D,
      text: R + 'RUN yum install git\nRUN dnf module install nodejs:18\n',
      errors: [
        { messageId: 'yum', at: 'install', fix: 'quickfix' },
        { messageId: 'dnf', at: 'install', occurrence: 1, fix: 'quickfix' },
      ],
    },
    {
      name: 'zypper: -n after install is --name, not --non-interactive',
      path: D,
      text: S + 'RUN zypper in -n git\n',
      errors: [{ messageId: 'zypper', at: 'in', data: { subcommand: 'in' }, fix: 'quickfix' }],
    },
    {
      name: 'in sh -c code: reported on the code, no fix',
      path: D,
      text: F + 'RUN sh -c "apt-get install curl"\n',
      errors: [{ messageId: 'aptGet', at: '"apt-get install curl"', fix: null }],
    },
    {
      name: 'every stage: a build stage fails the build too',
      path: D,
      text: 'FROM debian:12 AS build\nRUN apt-get install build-essential\nFROM scratch\nCOPY --from=build /out /out\n',
      errors: [{ messageId: 'aptGet', at: 'install', fix: 'quickfix' }],
    },
  ],
});

test('df-install-assume-yes fix: " -y" inserted right after the subcommand, the rest unchanged', () => {
  assert.equal(
    fixedText(rule, D, F + 'RUN apt-get update \\\n && apt-get install \\\n      git\n'),
    F + 'RUN apt-get update \\\n && apt-get install -y \\\n      git\n',
  );
  assert.equal(fixedText(rule, D, S + 'RUN zypper --quiet in git\n'), S + 'RUN zypper --quiet in -y git\n');
  assert.equal(fixedText(rule, D, R + 'RUN dnf module install nodejs:18\n'), R + 'RUN dnf module install -y nodejs:18\n');
  const once = fixedText(rule, D, F + 'RUN apt-get install curl\n');
  assert.equal(once, F + 'RUN apt-get install -y curl\n');
  assert.throws(() => fixedText(rule, D, once), /no finding/);
});
