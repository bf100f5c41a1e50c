// The tools the editor tests need are installed (scripts/e2e-setup.sh). The other e2e files skip
// when a tool is missing; this one fails, so a missing install step cannot pass as a green run.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { SETUP_HINT, chromiumPath, codeServerBin, e2eDir, missingTools, node24Bin } from './lib/env.js';
import { join } from 'node:path';

test('the editor-test tools are installed', () => {
  assert.deepEqual(missingTools(), [], SETUP_HINT);
});

test('versions match what the editor tests were written against', () => {
  const nvim = execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  assert.match(nvim, /^NVIM v0\.(7|8|9|1\d)\./, `Neovim 0.7 or later (got ${nvim})`);
  assert.equal(execFileSync(join(node24Bin, 'node'), ['--version'], { encoding: 'utf8' }).trim(), 'v24.21.0');
  const cs = execFileSync(codeServerBin, ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${node24Bin}:${process.env.PATH}`, XDG_CONFIG_HOME: join(e2eDir, 'xdg-config') },
  });
  assert.match(cs, /^4\.139\.1 .* with Code 1\.139\.1$/m);
  const chromium = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' });
  assert.match(chromium, /^Chromium \d+\./);
});
