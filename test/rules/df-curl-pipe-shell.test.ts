import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../server/src/engine/rules/dockerfile/df-curl-pipe-shell.js';
import { findRemoteExecution } from '../../server/src/engine/parse/shell/remote-execution.js';
import { fetchesToStdout, invocation, unwrap } from '../../server/src/engine/parse/shell/programs.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const F = 'FROM debian:12\n';

runRuleTests(rule, {
  valid: [
    { name: 'download, verify, run', path: D, text: F + 'RUN curl -fsSLo /tmp/i.sh https://x.example/i.sh \\\n && echo "abc  /tmp/i.sh" | sha256sum -c - \\\n && sh /tmp/i.sh\n' },
    { name: 'pipe into tar', path: D, text: F + 'RUN curl -fsSL https://x.example/a.tgz | tar -xz -C /opt\n' },
    { name: 'pipe into python -m json.tool', path: D, text: F + 'RUN curl -s https://api.example/v | python3 -m json.tool\n' },
    { name: 'pipe into python -c with local code', path: D, text: F + 'RUN curl -s https://api.example/v | python3 -c "import sys,json; print(json.load(sys.stdin))"\n' },
    { name: 'pipe into bash running a local script', path: D, text: F + 'RUN curl -s https://x.example/data | bash ./process.sh\n' },
    { name: 'pipe into sh -c with local code', path: D, text: F + 'RUN curl -s https://x.example/list | sh -c "xargs echo"\n' },
    { name: 'wget to a file is not piped', path: D, text: F + 'RUN wget https://x.example/i.sh | cat\nRUN wget -q https://x.example/i.sh | sh\n' },
    { name: 'curl -o file', path: D, text: F + 'RUN curl -fsSL -o i.sh https://x.example/i.sh | sh\nRUN curl -O https://x.example/i.sh | sh\n' },
    { name: 'fetched value as an argument, not as code', path: D, text: F + 'RUN bash install.sh --version "$(curl -s https://x.example/latest)"\n' },
    { name: 'sh -c with local code that reads a variable', path: D, text: F + 'RUN sh -c "echo $(cat /etc/os-release)"\n' },
    { name: 'heredoc written to a file is data', path: D, text: F + 'RUN cat <<EOF > /usr/local/bin/update\ncurl -fsSL https://x.example/i.sh | sh\nEOF\n' },
    { name: 'heredoc fed to python is not shell', path: D, text: F + 'RUN python3 <<EOF\nimport os\nos.system("x")\nEOF\n' },
    { name: 'comment line inside a continued RUN', path: D, text: F + 'RUN apt-get update \\\n# curl https://x | sh\n && apt-get install -y curl\n' },
    { name: 'non-POSIX SHELL', path: D, text: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN curl.exe https://x.example/i.ps1 | sh\n' },
    { name: 'ONBUILD is not run in this build', path: D, text: F + 'ONBUILD RUN curl https://x.example | sh\n' },
    { name: 'command -v', path: D, text: F + 'RUN curl --version | command -v bash\n' },
    { name: 'half-typed RUN', path: D, text: F + 'RUN\nRUN curl |\nRUN | sh\nRUN <<EOF\n' },
    { name: 'daemonless pragma above a multi-line RUN', path: D, text: F + '# daemonless ignore=df-curl-pipe-shell -- vendor installer, checked upstream\nRUN apt-get update \\\n && curl -fsSL https://x.example/i.sh | sh\n' },
  ],
  invalid: [
    {
      name: 'curl | sh',
      path: D,
      text: F + 'RUN curl -fsSL https://get.example.com | sh\n',
      errors: [{ messageId: 'pipe', at: 'curl -fsSL https://get.example.com | sh', data: { fetcher: 'curl', interpreter: 'sh' }, fix: null }],
    },
    {
      name: 'wget -O- | bash',
      path: D,
      text: F + 'RUN wget -O- https://x.example/i.sh | bash\n',
      errors: [{ messageId: 'pipe', at: 'wget -O- https://x.example/i.sh | bash', data: { fetcher: 'wget', interpreter: 'bash' }, fix: null }],
    },
    {
      name: 'wget -qO - | sudo -E bash -s -- args',
      path: D,
      text: F + 'RUN wget -qO - https://x.example/i.sh | sudo -E bash -s -- --yes\n',
      errors: [{ messageId: 'pipe', at: 'wget -qO - https://x.example/i.sh | sudo -E bash -s -- --yes', data: { interpreter: 'bash' }, fix: null }],
    },
    {
      name: 'through env and an absolute path; python, perl, ruby, node',
      path: D,
      text: F + 'RUN curl -sSL https://install.python-poetry.org | env POETRY_HOME=/opt/poetry /usr/bin/python3 -\nRUN curl -L https://cpanmin.us | perl - App::cpanminus\nRUN curl -fsSL https://x.example/r | ruby\nRUN curl -fsSL https://x.example/n.js | node\n',
      errors: [
        { messageId: 'pipe', at: 'curl -sSL https://install.python-poetry.org | env POETRY_HOME=/opt/poetry /usr/bin/python3 -', data: { interpreter: 'python3' }, fix: null },
        { messageId: 'pipe', at: 'curl -L https://cpanmin.us | perl - App::cpanminus', data: { interpreter: 'perl' }, fix: null },
        { messageId: 'pipe', at: 'curl -fsSL https://x.example/r | ruby', data: { interpreter: 'ruby' }, fix: null },
        { messageId: 'pipe', at: 'curl -fsSL https://x.example/n.js | node', data: { interpreter: 'node' }, fix: null },
      ],
    },
    {
      name: 'through tee',
      path: D,
      text: F + 'RUN curl -s https://x.example/i.sh | tee /tmp/i.sh | sh\n',
      errors: [{ messageId: 'pipe', at: 'curl -s https://x.example/i.sh | tee /tmp/i.sh | sh', fix: null }],
    },
    {
      name: 'bash <(curl …)',
      path: D,
      text: F + 'RUN bash <(curl -s https://x.example/i.sh)\n',
      errors: [{ messageId: 'substitution', at: 'bash <(curl -s https://x.example/i.sh)', data: { fetcher: 'curl', interpreter: 'bash' }, fix: null }],
    },
    {
      name: 'sh -c "$(curl …)" and the oh-my-zsh form',
      path: D,
      text: F + 'RUN sh -c "$(curl -fsSL https://raw.example/install.sh)"\nRUN sh -c "$(wget https://raw.example/install.sh -O -)"\n',
      errors: [
        { messageId: 'substitution', at: 'sh -c "$(curl -fsSL https://raw.example/install.sh)"', data: { interpreter: 'sh' }, fix: null },
        { messageId: 'substitution', at: 'sh -c "$(wget https://raw.example/install.sh -O -)"', data: { fetcher: 'wget' }, fix: null },
      ],
    },
    {
      name: '. <(curl …), source, eval and backticks',
      path: D,
      text: F + 'RUN . <(curl -s https://x.example/env)\nRUN source <(curl -s https://x.example/env)\nRUN eval "$(curl -s https://x.example/env)"\nRUN bash -c "`curl -s https://x.example/i.sh`"\n',
      errors: [
        { messageId: 'substitution', at: '. <(curl -s https://x.example/env)', data: { interpreter: '.' }, fix: null },
        { messageId: 'substitution', at: 'source <(curl -s https://x.example/env)', fix: null },
        { messageId: 'substitution', at: 'eval "$(curl -s https://x.example/env)"', data: { interpreter: 'eval' }, fix: null },
        { messageId: 'substitution', at: 'bash -c "`curl -s https://x.example/i.sh`"', fix: null },
      ],
    },
    {
      name: 'continuation lines: range covers the RUN arguments',
      path: D,
      text: F + 'RUN apt-get update \\\n    && apt-get install -y curl \\\n    && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \\\n    && apt-get install -y nodejs\n',
      errors: [{ messageId: 'pipe', range: [1, 4, 4, 32], fix: null }],
    },
    {
      name: 'heredoc body: range covers the body',
      path: D,
      text: F + 'RUN <<EOF\nset -eux\ncurl -fsSL https://x.example/i.sh | sh\nEOF\n',
      errors: [{ messageId: 'pipe', at: 'set -eux\ncurl -fsSL https://x.example/i.sh | sh', fix: null }],
    },
    {
      name: 'heredoc fed to bash',
      path: D,
      text: F + 'RUN <<EOT bash\n  wget -qO- https://x.example/i.sh | sh\nEOT\n',
      errors: [{ messageId: 'pipe', at: '  wget -qO- https://x.example/i.sh | sh', fix: null }],
    },
    {
      name: 'exec form with sh -c',
      path: D,
      text: F + 'RUN ["/bin/sh", "-c", "curl -fsSL https://x.example/i.sh | sh"]\n',
      errors: [{ messageId: 'pipe', at: '["/bin/sh", "-c", "curl -fsSL https://x.example/i.sh | sh"]', fix: null }],
    },
    {
      name: 'nested sh -c, RUN flags, lowercase',
      path: D,
      text: F + "run --mount=type=cache,target=/var/cache sh -c 'curl -fsSL https://x.example/i.sh | bash'\n",
      errors: [{ messageId: 'pipe', at: "sh -c 'curl -fsSL https://x.example/i.sh | bash'", fix: null }],
    },
    {
      name: 'build stage counts: code runs during the build',
      path: D,
      text: 'FROM golang:1.22 AS build\nRUN curl -sSfL https://x.example/lint.sh | sh -s -- -b /usr/local/bin v1.59.0\nFROM alpine:3.20\n',
      errors: [{ messageId: 'pipe', at: 'curl -sSfL https://x.example/lint.sh | sh -s -- -b /usr/local/bin v1.59.0', fix: null }],
    },
    {
      name: 'escape directive',
      path: D,
      text: '# escape=`\nFROM debian:12\nRUN curl -fsSL https://x.example/i.sh `\n  | sh\n',
      errors: [{ messageId: 'pipe', range: [2, 4, 3, 6], fix: null }],
    },
    {
      name: 'a pragma on another instruction does not cover',
      path: D,
      text: F + '# daemonless ignore=df-curl-pipe-shell\nRUN echo ok\nRUN curl https://x.example | sh\n',
      errors: [{ messageId: 'pipe', at: 'curl https://x.example | sh', fix: null }],
    },
  ],
});

test('df-curl-pipe-shell: helpers', () => {
  assert.deepEqual(unwrap(['sudo', '-u', 'root', '-E', 'env', 'A=1', '-i', 'bash', '-s']), ['bash', '-s']);
  assert.deepEqual(invocation('bash', ['-e', '-o', 'pipefail']), { script: null, code: null, stdin: true });
  assert.deepEqual(invocation('bash', ['-ec', 'echo hi']), { script: null, code: 'echo hi', stdin: false });
  assert.deepEqual(invocation('python', ['-c', 'x']), { script: null, code: 'x', stdin: false });
  assert.deepEqual(invocation('python', ['-u', 'app.py']), { script: 'app.py', code: null, stdin: false });
  assert.equal(fetchesToStdout(['curl', '-fsSLo-', 'u']), true);
  assert.equal(fetchesToStdout(['curl', '-fsSLo', 'f', 'u']), false);
  assert.equal(fetchesToStdout(['curl', '-H', 'X-O: 1', 'u']), true);
  assert.equal(fetchesToStdout(['wget', '--output-document=-', 'u']), true);
  assert.equal(fetchesToStdout(['wget', '-O/dev/stdout', 'u']), true);
  assert.equal(fetchesToStdout(['wget', 'u']), false);
  assert.equal(findRemoteExecution('echo curl | sh'), null);
  assert.deepEqual(findRemoteExecution('curl -s u | sudo sh'), { kind: 'pipe', fetcher: 'curl', interpreter: 'sh' });
});
