// Headless Neovim 0.7.2, a real third-party LSP client, drives `node dist/server.js --stdio`
// through the Lua cases in test/e2e/neovim (each prints `N passed, N failed` last and exits 0/1).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SETUP_HINT, fixturesDir, repoRoot, serverJs } from './lib/env.js';

const CASES = ['dockerfile', 'gitlab-ci', 'k8s', 'config'];
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const skip = nvim.status !== 0 ? `nvim not found: ${SETUP_HINT}` : !existsSync(serverJs) ? 'dist/server.js missing: run `npm run build`' : false;

for (const name of CASES) {
  test(`neovim: ${name}`, { skip }, (t) => {
    const dir = mkdtempSync(join(tmpdir(), `daemonless-nvim-${name}-`));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(join(fixturesDir, 'neovim', name), dir, { recursive: true });
    const script = join(repoRoot, 'test', 'e2e', 'neovim', `${name}.lua`);
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`], {
      cwd: dir,
      env: { ...process.env, DAEMONLESS_SERVER: serverJs },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    const output = `${run.stdout}${run.stderr ? `\n[stderr]\n${run.stderr}` : ''}`;
    for (const line of run.stdout.trim().split('\n')) t.diagnostic(line);
    assert.equal(run.error, undefined, `nvim did not finish within 60 s:\n${output}`);
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    const m = /^(\d+) passed, (\d+) failed$/.exec(last);
    assert.ok(m, `the last line is not "N passed, N failed":\n${output}`);
    assert.equal(Number(m[2]), 0, `Neovim checks failed:\n${output}`);
    assert.ok(Number(m[1]) > 0, 'no Neovim check ran');
    assert.equal(run.status, 0, `nvim exited ${run.status}:\n${output}`);
  });
}

/** The README's Neovim snippet, exactly as written, with its placeholder path pointing at this build. */
function readmeSnippet(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Editor setup\n');
  assert.ok(start >= 0, 'README has an "Editor setup" section');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 1, 'one Lua block in Editor setup');
  const placeholder = '/path/to/daemonless/dist/server.js';
  assert.equal(blocks[0].split(placeholder).length, 2, `the snippet names ${placeholder} once`);
  return blocks[0].replace(placeholder, serverJs);
}

test('neovim: the README snippet as init.lua attaches daemonless to Dockerfile and YAML buffers', { skip }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'daemonless-nvim-readme-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(fixturesDir, 'neovim', 'readme'), dir, { recursive: true });
  mkdirSync(join(dir, '.git'));
  const init = join(dir, 'init.lua');
  writeFileSync(init, readmeSnippet());
  const script = join(repoRoot, 'test', 'e2e', 'neovim', 'readme.lua');
  const run = spawnSync('nvim', ['--headless', '-u', init, '-i', 'NONE', '-n', '-c', `luafile ${script}`], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  const output = `${run.stdout}${run.stderr ? `\n[stderr]\n${run.stderr}` : ''}`;
  for (const line of run.stdout.trim().split('\n')) t.diagnostic(line);
  t.diagnostic(nvim.stdout.split('\n')[0]);
  assert.equal(run.error, undefined, `nvim did not finish within 60 s:\n${output}`);
  const m = /^(\d+) passed, (\d+) failed$/.exec(run.stdout.trim().split('\n').at(-1) ?? '');
  assert.ok(m, `the last line is not "N passed, N failed":\n${output}`);
  assert.equal(Number(m[2]), 0, `Neovim checks failed:\n${output}`);
  assert.equal(run.status, 0, `nvim exited ${run.status}:\n${output}`);
});
