import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-package-unpinned.js';
import { packageInstall } from '../../server/src/engine/parse/shell/packages.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const F = 'FROM debian:12\n';

runRuleTests(rule, {
  valid: [
    { name: 'apt pinned, with -t release and -o option values', path: D, text: F + 'RUN apt-get update && apt-get install -y -o Dpkg::Options::=--force-confnew -t bookworm-backports curl=7.88.1-10 git=1:2.39.*\n' },
    { name: 'apt-get install ./local.deb', path: D, text: F + 'RUN apt-get install -y ./wkhtmltox_0.12.6.bookworm_amd64.deb /tmp/other.deb\n' },
    { name: 'apt packages from a variable are not judged', path: D, text: F + 'ARG PKGS\nRUN apt-get install -y $PKGS "${EXTRA}"\n' },
    { name: 'apt-get update, upgrade, remove', path: D, text: F + 'RUN apt-get update && apt-get remove -y curl && apt-get purge wget\n' },
    { name: 'pip install -r and --requirement', path: D, text: F + 'RUN pip install --no-cache-dir -r requirements.txt && pip install --requirement=dev.txt\n' },
    { name: 'pip --no-cache-dir forms are flags, not values', path: D, text: F + 'RUN pip install --no-cache-dir flask==3.0.0 && pip3 install --no-cache-dir=1 gunicorn==22.0.0\n' },
    { name: 'pip constraints file pins', path: D, text: F + 'RUN pip install -c constraints.txt flask\nRUN pip install --constraint=c.txt gunicorn\n' },
    { name: 'pip ranges and compatible releases', path: D, text: F + "RUN pip install 'flask>=3,<4' 'gunicorn~=22.0' 'x!=1.0' 'y===2'\n" },
    { name: 'pip local paths, wheels, archives and editable installs', path: D, text: F + 'RUN pip install . ./pkg dist/app-1.0-py3-none-any.whl https://x.example/a.zip -e ./lib\n' },
    { name: 'pip VCS with a ref', path: D, text: F + 'RUN pip install git+https://github.com/o/r.git@v1.2#egg=r\n' },
    { name: 'pip option values: index, target, trusted host', path: D, text: F + 'RUN pip install -i https://pypi.example/simple --target /opt/x --trusted-host pypi.example x==1\n' },
    { name: 'python -m pip pinned', path: D, text: F + 'RUN python3 -m pip install --upgrade pip==24.0\n' },
    { name: 'pipenv and poetry read lockfiles', path: D, text: F + 'RUN pipenv install --deploy && poetry install\n' },
    { name: 'npm install from package.json and npm ci', path: D, text: F + 'RUN npm ci && npm install && npm install --omit dev\n' },
    { name: 'npm pinned, scoped, ranges, git refs, tarballs', path: D, text: F + 'RUN npm install -g express@4.1.1 @scope/pkg@">=1 <2" git+https://github.com/o/r.git#v1 ./local ../pkg.tgz\n' },
    { name: 'npm option values', path: D, text: F + 'RUN npm install --registry https://r.example --loglevel verbose sax@0.1.1\n' },
    { name: 'npm run is not an install', path: D, text: F + 'RUN npm run build -- install\n' },
    { name: 'gem pinned by name:version and -v', path: D, text: F + "RUN gem install bundler:2.5.6 && gem install rails -v '7.1.3' && gem install nokogiri:1.16.0 -- --use-system-libraries\n" },
    { name: 'gem extension options', path: D, text: F + 'RUN gem install nokogiri:1.16.0 --use-system-libraries true\n' },
    { name: 'apk pinned, fuzzy and ranges; apk files; repository values', path: D, text: 'FROM alpine:3.20\nRUN apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/testing --virtual .deps git=2.45.2-r0 "curl~8" "zlib>=1.3" ./pkg-1.0.apk\n' },
    { name: 'dnf and yum versions, groups and local rpms', path: D, text: 'FROM fedora:40\nRUN dnf install -y tomcat-9.0.1 openssl-1:1.1.1k ./x.rpm @core && dnf -y group install "Development Tools" && yum module install -y nodejs:20\n' },
    { name: 'zypper versions', path: D, text: 'FROM opensuse/leap:15.6\nRUN zypper install -y tomcat\\>=9.0 curl=8.6.0\n' },
    { name: 'go install with a version, a local path, or go.mod', path: D, text: 'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.15.3 && go install ./cmd/app && go install example.com/tool && go run example.com/gen@v1.0.0 latest\n' },
    { name: 'package version from an ARG is not judged', path: D, text: 'FROM fedora:40\nARG V=1.2\nRUN dnf install -y git-core-${V}\n' },
    { name: 'a heredoc that only writes a file', path: D, text: F + 'RUN cat <<EOF > /tmp/notes\napt-get install curl\nEOF\n' },
    { name: 'a comment line inside a continued RUN', path: D, text: F + 'RUN apt-get update \\\n# apt-get install curl\n && apt-get install -y curl=7.88.1-10\n' },
    { name: 'non-POSIX SHELL', path: D, text: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN choco install git; pip install flask\n' },
  ],
  invalid: [
    {
      name: 'apt-get install without versions',
      path: D,
      text: F + 'RUN apt-get update && apt-get install -y --no-install-recommends curl git=1:2.39.2-1.1 ca-certificates\n',
      errors: [{ messageId: 'unpinned', at: 'curl git=1:2.39.2-1.1 ca-certificates', data: { program: 'apt-get', packages: 'curl, ca-certificates' }, fix: null }],
    },
    {
      name: 'continuation lines: the span covers the packages as written',
      path: D,
      text: F + 'RUN apt-get update \\\n && apt-get install -y \\\n      curl \\\n      wget\n',
      errors: [{ messageId: 'unpinned', at: 'curl \\\n      wget', data: { packages: 'curl, wget' }, fix: null }],
    },
    {
      name: 'sudo apt-get, apt, and a long list',
      path: D,
      text: F + 'RUN sudo apt install -y a b c d e f\n',
      errors: [{ messageId: 'unpinned', at: 'a b c d e f', data: { program: 'apt', packages: 'a, b, c, d and 2 more' }, fix: null }],
    },
    {
      name: 'pip, pip3, python -m pip, pipx, uv pip',
      path: D,
      text: F + 'RUN pip install flask\nRUN pip3 install --no-cache-dir gunicorn\nRUN python3 -m pip install --upgrade pip\nRUN pipx install black\nRUN uv pip install --system httpx\n',
      errors: [
        { messageId: 'unpinned', at: 'flask', data: { program: 'pip' }, fix: null },
        { messageId: 'unpinned', at: 'gunicorn', data: { program: 'pip3' }, fix: null },
        { messageId: 'unpinned', at: 'pip', occurrence: 3, data: { program: 'pip', packages: 'pip' }, fix: null },
        { messageId: 'unpinned', at: 'black', fix: null },
        { messageId: 'unpinned', at: 'httpx', fix: null },
      ],
    },
    {
      name: 'pip -r with a named package besides it',
      path: D,
      text: F + 'RUN pip install -r requirements.txt gunicorn\n',
      errors: [{ messageId: 'unpinned', at: 'gunicorn', fix: null }],
    },
    {
      name: 'pip VCS without a ref; credentials in the URL are not shown',
      path: D,
      text: F + 'RUN pip install git+https://user:s3cr3t-token@github.com/o/r.git#egg=r\n',
      errors: [{ messageId: 'unpinned', at: 'git+https://user:s3cr3t-token@github.com/o/r.git#egg=r', data: { packages: 'git+https://****@github.com/o/r.git#egg=r' }, fix: null }],
    },
    {
      name: 'npm, yarn global add, pnpm add; @latest is not a version',
      path: D,
      text: F + 'RUN npm install -g express @scope/pkg npm@latest\nRUN yarn global add typescript\nRUN pnpm add -D vite\n',
      errors: [
        { messageId: 'unpinned', at: 'express @scope/pkg npm@latest', data: { program: 'npm', packages: 'express, @scope/pkg, npm@latest' }, fix: null },
        { messageId: 'unpinned', at: 'typescript', data: { program: 'yarn' }, fix: null },
        { messageId: 'unpinned', at: 'vite', data: { program: 'pnpm' }, fix: null },
      ],
    },
    {
      name: 'gem, apk, dnf, microdnf, zypper',
      path: D,
      text: F + 'RUN gem install bundler\nRUN apk add --no-cache curl\nRUN dnf install -y rpm-sign\nRUN microdnf module install -y tomcat\nRUN zypper -n install tomcat\n',
      errors: [
        { messageId: 'unpinned', at: 'bundler', data: { program: 'gem' }, fix: null },
        { messageId: 'unpinned', at: 'curl', data: { program: 'apk' }, fix: null },
        { messageId: 'unpinned', at: 'rpm-sign', data: { program: 'dnf' }, fix: null },
        { messageId: 'unpinned', at: 'tomcat', data: { program: 'microdnf' }, fix: null },
        { messageId: 'unpinned', at: 'tomcat', occurrence: 1, data: { program: 'zypper' }, fix: null },
      ],
    },
    {
      name: 'go install @latest and go get',
      path: D,
      text: 'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest\nRUN go get -u example.com/lib\n',
      errors: [
        { messageId: 'unpinned', at: 'golang.org/x/tools/gopls@latest', data: { program: 'go' }, fix: null },
        { messageId: 'unpinned', at: 'example.com/lib', fix: null },
      ],
    },
    {
      name: 'heredoc body, exec form and sh -c code',
      path: D,
      text: F + 'RUN <<EOF\nset -e\napt-get install -y jq\nEOF\nRUN ["apt-get", "install", "-y", "vim"]\nRUN sh -c "pip install requests"\n',
      errors: [
        { messageId: 'unpinned', at: 'jq', fix: null },
        { messageId: 'unpinned', at: '["apt-get", "install", "-y", "vim"]', fix: null },
        { messageId: 'unpinned', at: '"pip install requests"', fix: null },
      ],
    },
    {
      name: 'a build stage counts: what it installs shapes the output',
      path: D,
      text: 'FROM node:20 AS build\nRUN npm install -g typescript\nFROM node:20-slim\nCOPY --from=build /out /app\n',
      errors: [{ messageId: 'unpinned', at: 'typescript', fix: null }],
    },
    {
      name: 'escape directive: backtick continuations',
      path: D,
      text: '# escape=`\nFROM debian:12\nRUN apt-get install -y `\n    curl\n',
      errors: [{ messageId: 'unpinned', at: 'curl', fix: null }],
    },
  ],
});

test('packageInstall: subcommand, option values and pins', () => {
  const apt = packageInstall(['apt-get', '-y', 'install', '-t', 'stable', 'curl=1', 'git']);
  assert.equal(apt?.manager, 'apt');
  assert.equal(apt?.subcommandIndex, 2);
  assert.deepEqual(apt?.packages.map((p) => [p.value, p.pinned]), [['curl=1', true], ['git', false]]);
  assert.equal(packageInstall(['apt-get', 'update']), null);
  assert.equal(packageInstall(['dnf', 'group', 'install', 'x']), null);
  assert.equal(packageInstall(['npm', 'run', 'install']), null);
  assert.equal(packageInstall(['pip', 'install', '-c', 'c.txt', 'x'])?.pinnedByOption, true);
  assert.equal(packageInstall(['gem', 'install', 'x', '--version=1'])?.pinnedByOption, true);
  const go = packageInstall(['go', 'run', 'example.com/x@v1.0.0', 'extra']);
  assert.deepEqual(go?.packages.map((p) => p.value), ['example.com/x@v1.0.0']);
  assert.equal(packageInstall(['sudo', '-u', 'app', 'pip', 'install', 'x'])?.packages[0].index, 5);
});
