import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { shownUrl } from '../../server/src/engine/rules/dockerfile/df-add-url-no-checksum.js';
import { remoteKind } from '../../server/src/engine/model/facts/sources.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'ADD with --checksum', path: D, text: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tgz /app/\n' },
    { name: 'ADD of local files and archives', path: D, text: 'FROM alpine:3.20\nADD rootfs.tar.xz /\nADD ["conf dir", "/etc/app/"]\nADD --chown=1000 src/ /src/\n' },
    { name: 'COPY never fetches', path: D, text: 'FROM alpine:3.20\nCOPY https-notes.txt /notes\n' },
    { name: 'git source pinned to a commit', path: D, text: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#7e3f1de8e5b3c4f7a4f8e1c2d3b4a5f6e7d8c9b0 /src\nADD git@github.com:me/repo.git#0123456789abcdef0123456789abcdef01234567:sub /s\n' },
    { name: 'heredoc source', path: D, text: 'FROM alpine:3.20\nADD <<EOF /etc/motd\nhttps://example.com is our site\nEOF\n' },
    { name: 'ARG that resolves to a local path', path: D, text: 'FROM alpine:3.20\nARG SRC=dist/app.tgz\nADD ${SRC} /app/\n' },
    { name: 'daemonless pragma', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-add-url-no-checksum -- file changes daily by design\nADD https://ftl.example/macvendor.db /macvendor.db\n' },
    { name: 'half-typed', path: D, text: 'FROM alpine:3.20\nADD\nADD https://x\n' },
  ],
  invalid: [
    {
      name: 'ADD of an https URL (peer trap: hadolint DL3020 does not cover URLs)',
      path: D,
      text: 'FROM alpine:3.20\nADD https://ftl.pi-hole.net/macvendor.db /macvendor.db\n',
      errors: [{ messageId: 'url', at: 'https://ftl.pi-hole.net/macvendor.db', data: { url: 'https://ftl.pi-hole.net/macvendor.db' }, fix: null }],
    },
    {
      name: 'flags before the URL, JSON form, lowercase keyword, variables in the URL',
      path: D,
      text: 'FROM alpine:3.20\nADD --link --chmod=0755 https://raw.githubusercontent.com/${FORK}/PADD/${BRANCH}/padd.sh /usr/local/bin/padd\nadd ["http://file.com", "/x"]\n',
      errors: [
        { messageId: 'url', at: 'https://raw.githubusercontent.com/${FORK}/PADD/${BRANCH}/padd.sh', fix: null },
        { messageId: 'url', at: '"http://file.com"', fix: null },
      ],
    },
    {
      name: 'URL from an ARG default',
      path: D,
      text: 'FROM alpine:3.20\nARG TINI_URL=https://github.com/krallin/tini/releases/download/v0.19.0/tini\nADD ${TINI_URL} /tini\n',
      errors: [{ messageId: 'url', at: '${TINI_URL}', occurrence: 0, data: { url: '${TINI_URL}' }, fix: null }],
    },
    {
      name: 'credentials and query strings are not shown',
      path: D,
      text: 'FROM alpine:3.20\nADD https://bot:s3cr3tpassword@artifacts.corp/app.tgz?token=abcdef123456 /app.tgz\n',
      errors: [{ messageId: 'url', at: 'https://bot:s3cr3tpassword@artifacts.corp/app.tgz?token=abcdef123456', data: { url: 'https://bot:****@artifacts.corp/app.tgz?…' }, fix: null }],
    },
    {
      name: 'git sources on a branch or tag',
      path: D,
      text: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.12.0 /src\nADD git@github.com:me/repo.git /repo\n',
      errors: [
        { messageId: 'git', at: 'https://github.com/moby/buildkit.git#v0.12.0', fix: null },
        { messageId: 'git', at: 'git@github.com:me/repo.git', fix: null },
      ],
    },
    {
      name: 'a --checksum flag without a value does not count',
      path: D,
      text: 'FROM alpine:3.20\nADD --checksum= https://example.com/a.tgz /a\n',
      errors: [{ messageId: 'url', at: 'https://example.com/a.tgz', fix: null }],
    },
  ],
});

test('df-add-url-no-checksum: source kinds and shown URLs', () => {
  assert.equal(remoteKind('https://x/y.tgz'), 'url');
  assert.equal(remoteKind('HTTP://x/y'), 'url');
  assert.equal(remoteKind('https://github.com/a/b.git'), 'git');
  assert.equal(remoteKind('ssh://git@host/repo'), 'git');
  assert.equal(remoteKind('./https/file'), null);
  assert.equal(shownUrl('https://u:longpassword@h/p?x=1'), 'https://u:l****@h/p?…');
});
