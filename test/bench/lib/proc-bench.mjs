// Whole-process runs: wall time from hrtime around the spawn, peak RSS from /usr/bin/time (or, where
// it is missing, by polling VmHWM in /proc/<pid>/status).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const TIME = '/usr/bin/time';

function runOnce(argv, cwd) {
  return new Promise((resolve, reject) => {
    const useTime = existsSync(TIME);
    const out = join(tmpdir(), `daemonless-bench-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
    const cmd = useTime ? TIME : argv[0];
    const args = useTime ? ['-f', '%M', '-o', out, ...argv] : argv.slice(1);
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let polledKb = 0;
    child.stderr.on('data', (c) => {
      stderr = (stderr + c).slice(-2000);
    });
    const poll = useTime
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s*(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polledKb = Math.max(polledKb, Number(m[1]));
          } catch {
            // exited
          }
        }, 10);
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (poll) clearInterval(poll);
      let rssKb = polledKb;
      if (useTime) {
        const lines = readFileSync(out, 'utf8').trim().split('\n');
        rssKb = Number(lines[lines.length - 1]);
        rmSync(out, { force: true });
      }
      resolve({ code, wallMs, peakRssMiB: rssKb / 1024, stderr });
    });
  });
}

/** Runs the commands alternately (A B A B …), `runs` times each. */
export async function abab(commands, runs, cwd) {
  const names = Object.keys(commands);
  const out = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    for (const name of names) out[name].push(await runOnce(commands[name], cwd));
  }
  return out;
}
