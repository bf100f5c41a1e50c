import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule, { downloadOf, useOf } from '../../server/src/engine/rules/dockerfile/df-download-unverified.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';

runRuleTests(rule, {
  valid: [
    { name: 'checksum checked (docker-library style)', path: D, text: 'FROM debian:12\nRUN wget -O redis.tar.gz "$URL"; echo "$SHA *redis.tar.gz" | sha256sum -c -; tar -xzf redis.tar.gz -C /usr/src\n' },
    { name: 'signature checked with gpg', path: D, text: 'FROM debian:12\nRUN curl -fsSLO https://x/yarn.tar.gz && curl -fsSLO https://x/yarn.tar.gz.asc && gpg --batch --verify yarn.tar.gz.asc yarn.tar.gz && tar -xzf yarn.tar.gz -C /opt\n' },
    { name: 'checksum inside su -c with openssl (nginx image)', path: D, text: 'FROM alpine:3.20\nRUN su nobody -s /bin/sh -c "curl -f -L -O https://x/pkg.tar.gz && [ \\"$(openssl sha512 -r pkg.tar.gz)\\" = \\"$SUM\\" ] && tar xzvf pkg.tar.gz"\n' },
    { name: 'download kept as data, not run or unpacked', path: D, text: 'FROM caddy:2\nRUN wget -O /etc/caddy/Caddyfile "https://github.com/caddyserver/dist/raw/abc/config/Caddyfile" && chmod 644 /etc/caddy/Caddyfile\n' },
    { name: 'unpacking a local archive', path: D, text: 'FROM alpine:3.20\nCOPY pepr.tgz /tmp/\nRUN tar -xzf /tmp/pepr.tgz -C /app\n' },
    { name: 'a different file is unpacked', path: D, text: 'FROM alpine:3.20\nRUN curl -o notes.txt https://x/notes.txt && tar -xf local.tar\n' },
    { name: 'curl | sh is df-curl-pipe-shell\'s (no double report)', path: D, text: 'FROM alpine:3.20\nRUN curl -fsSL https://x/a.tgz -o a.tgz && tar xzf a.tgz && curl -fsSL https://get.example | sh\n' },
    { name: 'downloads into a substitution or piped to jq', path: D, text: 'FROM alpine:3.20\nRUN TAG=$(curl -s https://api.github.com/repos/a/b/releases/latest | jq -r .tag_name) && echo $TAG\n' },
    { name: 'tar creating an archive', path: D, text: 'FROM alpine:3.20\nRUN curl -o app.bin https://x/app.bin && tar -czf app.tgz app.bin\n' },
    { name: 'daemonless pragma', path: D, text: 'FROM alpine:3.20\n# daemonless ignore=df-download-unverified -- vendor publishes no checksums\nRUN curl -o x.tgz https://x/x.tgz && tar xzf x.tgz\n' },
  ],
  invalid: [
    {
      name: 'curl > install.sh && bash install.sh (peer gap)',
      path: D,
      text: "FROM ubuntu:24.04\nRUN curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs > install.sh && bash install.sh -y\n",
      errors: [{ messageId: 'run', at: 'install.sh', data: { file: 'install.sh', fetcher: 'curl', how: 'run by bash' }, fix: null }],
    },
    {
      name: 'downloaded tarball unpacked (jenkins git-lfs), continuation lines',
      path: D,
      text: 'FROM debian:12\nRUN arch=$(uname -m) \\\n  && curl -L -s -o git-lfs.tgz "https://github.com/git-lfs/git-lfs/releases/download/v3/git-lfs-linux-${arch}.tar.gz" \\\n  && tar xzf git-lfs.tgz \\\n  && bash git-lfs-*/install.sh\n',
      errors: [{ messageId: 'unpack', at: 'git-lfs.tgz', data: { how: 'unpacked by tar' }, fix: null }],
    },
    {
      name: 'downloaded binary executed by path (pi-hole FTL)',
      path: D,
      text: 'FROM alpine:3.20\nRUN curl -sSL "${URL}/pihole-FTL-${ARCH}" -o /usr/bin/pihole-FTL && chmod +x /usr/bin/pihole-FTL && /usr/bin/pihole-FTL -vv\n',
      errors: [{ messageId: 'run', at: '/usr/bin/pihole-FTL', data: { how: 'executed' }, fix: null }],
    },
    {
      name: 'wget to the URL basename, then installed; -O into a path, then dpkg',
      path: D,
      text: 'FROM debian:12\nRUN wget -q https://x/releases/tool_1.0_amd64.deb && apt-get install -y ./tool_1.0_amd64.deb\nRUN wget -qO /tmp/pkg.deb https://x/pkg.deb && dpkg -i /tmp/pkg.deb\n',
      errors: [
        { messageId: 'install', at: 'tool_1.0_amd64.deb', data: { how: 'installed by apt-get' }, fix: null },
        { messageId: 'install', at: '/tmp/pkg.deb', data: { how: 'installed by dpkg' }, fix: null },
      ],
    },
    {
      name: 'download piped into tar; curl -O then unzip',
      path: D,
      text: 'FROM alpine:3.20\nRUN curl -fsSL https://x/node.tar.xz | tar -xJ -C /usr/local\nRUN curl -fsSLO https://x/tool.zip?dl=1 && unzip tool.zip\n',
      errors: [
        { messageId: 'pipeUnpack', at: 'curl', occurrence: 0, data: { fetcher: 'curl', how: 'unpacked by tar' }, fix: null },
        { messageId: 'unpack', at: 'tool.zip', data: { how: 'unpacked by unzip' }, fix: null },
      ],
    },
    {
      name: 'inside sh -c, and in a heredoc',
      path: D,
      text: 'FROM alpine:3.20\nRUN sh -c "wget -O /tmp/i.sh https://x/i.sh && sh /tmp/i.sh"\nRUN <<EOF\ncurl -o a.tgz https://x/a.tgz\ntar -xzf a.tgz\nEOF\n',
      errors: [
        { messageId: 'run', at: '/tmp/i.sh', data: { how: 'run by sh' }, fix: null },
        { messageId: 'unpack', at: 'a.tgz', fix: null },
      ],
    },
  ],
});

test('df-download-unverified: running a download is a warning, unpacking or installing it info', () => {
  const text = 'FROM alpine:3.20\nRUN curl -o i.sh https://x/i.sh && sh i.sh\nRUN curl -o a.tgz https://x/a.tgz && tar xzf a.tgz\n';
  assert.deepEqual(lintFile({ path: D, text }, {}, [rule]).findings.map((f) => f.severity), ['warning', 'info']);
});

test('df-download-unverified: where downloads go and what uses them', () => {
  assert.deepEqual(downloadOf(['curl', '-fsSLo', '/tmp/x', 'https://h/y'], null), { fetcher: 'curl', file: '/tmp/x' });
  assert.deepEqual(downloadOf(['curl', '-fsSL', 'https://h/y'], null), { fetcher: 'curl', file: null });
  assert.deepEqual(downloadOf(['wget', '-O-', 'https://h/y'], null), { fetcher: 'wget', file: null });
  assert.deepEqual(downloadOf(['wget', 'https://h/a/b.tar.gz?x=1'], null), { fetcher: 'wget', file: 'b.tar.gz' });
  assert.equal(useOf(['tar', '--extract', '--file=b.tar.gz'], 'b.tar.gz'), 'unpack');
  assert.equal(useOf(['tar', '-tzf', 'b.tar.gz'], 'b.tar.gz'), null);
  assert.equal(useOf(['python3', 'get-pip.py'], '/tmp/get-pip.py'), 'run');
});
