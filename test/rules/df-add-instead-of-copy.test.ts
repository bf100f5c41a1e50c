import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-add-instead-of-copy.js';
import { fixedText } from './fix-output.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const F = 'FROM alpine:3.20\n';

runRuleTests(rule, {
  valid: [
    { name: 'archives ADD unpacks', path: D, text: F + 'ADD rootfs.tar.xz /\nADD app.tgz /opt/\nADD "data.tar.gz" /d/\nADD x.bz2 /x\n' },
    { name: 'URLs and git sources', path: D, text: F + 'ADD https://x.example/a.bin /a\nADD "http://x.example/b" /b\nADD git@github.com:o/r.git /src\nADD https://github.com/o/r.git#v1 /r\n' },
    { name: 'ADD --checksum', path: D, text: F + 'ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 file /f\n' },
    { name: 'a source from a variable is not judged', path: D, text: F + 'ARG PKG\nADD ${PKG} /opt/\n' },
    { name: 'COPY', path: D, text: F + 'COPY app /app\n' },
    { name: 'ONBUILD ADD is not run in this build', path: D, text: F + 'ONBUILD ADD . /src\n' },
    { name: 'heredoc', path: D, text: F + 'ADD <<EOF /etc/motd\nhello\nEOF\n' },
  ],
  invalid: [
    {
      name: 'a local file',
      path: D,
      text: F + 'ADD main /app/main\n',
      errors: [{ messageId: 'add', at: 'ADD main /app/main', data: { source: 'main' }, fix: 'quickfix' }],
    },
    {
      name: 'the build context, lower-case keyword, a zip (not unpacked)',
      path: D,
      text: F + 'add . /src/\nADD "file.zip" /z/\n',
      errors: [
        { messageId: 'add', at: 'add . /src/', data: { source: '.' }, fix: 'quickfix' },
        { messageId: 'add', at: 'ADD "file.zip" /z/', data: { source: 'file.zip' }, fix: 'quickfix' },
      ],
    },
    {
      name: 'several sources, COPY flags kept, JSON form',
      path: D,
      text: F + 'ADD --chown=1000:1000 --chmod=644 a.conf b.conf /etc/app/\nADD ["my file", "/data/"]\n',
      errors: [
        { messageId: 'add', at: 'ADD --chown=1000:1000 --chmod=644 a.conf b.conf /etc/app/', data: { source: 'a.conf (and 1 more)' }, fix: 'quickfix' },
        { messageId: 'add', at: 'ADD ["my file", "/data/"]', data: { source: 'my file' }, fix: 'quickfix' },
      ],
    },
    {
      name: 'continuation lines and CRLF line ends',
      path: D,
      text: 'FROM alpine:3.20\r\nADD --chown=app \\\r\n    a.conf \\\r\n    /etc/app/\r\n',
      errors: [{ messageId: 'add', at: 'ADD --chown=app \\\r\n    a.conf \\\r\n    /etc/app/', data: { source: 'a.conf' }, fix: 'quickfix' }],
    },
    {
      name: 'ADD-only flag or a glob that may match an archive: refused',
      path: D,
      text: F + 'ADD --keep-git-dir=true src /src\nADD dist/* /app/\n',
      errors: [
        { messageId: 'add', at: 'ADD --keep-git-dir=true src /src', fix: { refused: /--keep-git-dir/ } },
        { messageId: 'add', at: 'ADD dist/* /app/', fix: { refused: /may match an archive/ } },
      ],
    },
  ],
});

test('df-add-instead-of-copy fix: only the keyword changes', () => {
  assert.equal(fixedText(rule, D, F + 'ADD --chown=app main /app/main\n'), F + 'COPY --chown=app main /app/main\n');
  assert.equal(fixedText(rule, D, F + 'add conf/*.json /etc/\n'), F + 'copy conf/*.json /etc/\n');
});
