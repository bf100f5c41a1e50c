// The in-editor suite (test/e2e/suite) run inside a real VS Code workbench: a fresh code-server with
// daemonless and the harness extension installed, opened in Chromium so that the extension host starts.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openBrowser, type BrowserSession } from './lib/browser.js';
import { makeRunDir, startCodeServer, type CodeServer } from './lib/code-server.js';
import { SETUP_HINT, missingTools, repoRoot, resultsPath } from './lib/env.js';
import { bundleSuite } from './lib/suite-bundle.js';
import type { CaseResult } from './suite/framework.js';
import { packageDaemonless, packageHarness } from './lib/vsix.js';
import { waitUntil } from './lib/wait.js';

/** Longest time the extension host may go without finishing a case (each case bounds its own waits to 30 s). */
const STALL_MS = 60_000;

interface Report {
  results?: CaseResult[];
  fatal?: string;
}

function findFile(dir: string, match: (path: string) => boolean): string | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      const found = findFile(path, match);
      if (found) return found;
    } else if (match(path)) return path;
  }
  return undefined;
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined; // not written yet, or being renamed into place
  }
}

/** Waits for the final results, failing when no case finished within STALL_MS. */
async function waitForReport(resultsFile: string, server: CodeServer): Promise<Report> {
  const progressFile = `${resultsFile}.progress`;
  let lastChange = Date.now();
  let lastSeen = -1;
  for (;;) {
    const report = existsSync(resultsFile) ? readJson<Report>(resultsFile) : undefined;
    if (report) return report;
    const seen = existsSync(progressFile) ? statSync(progressFile).mtimeMs : -1;
    if (seen !== lastSeen) {
      lastSeen = seen;
      lastChange = Date.now();
    }
    if (Date.now() - lastChange > STALL_MS) {
      const done = readJson<CaseResult[]>(progressFile);
      const stage = done ? `after ${done.length} finished case(s)` : 'before the harness started';
      throw new Error(`the in-editor suite made no progress for ${STALL_MS} ms ${stage}; code-server log:\n${server.log().slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const missing = missingTools();
let server: CodeServer | undefined;
let browser: BrowserSession | undefined;
let failed = false;

after(async () => {
  if (browser) {
    if (failed) await browser.page.screenshot({ path: resultsPath('vscode', 'failure.png') }).catch(() => undefined);
    await browser.close();
  }
  if (server) {
    await server.stop();
    if (failed) console.error(`kept for inspection (code-server log, workspace): ${server.runDir}`);
    else rmSync(server.runDir, { recursive: true, force: true });
  }
});

test('VS Code (code-server) in-editor suite', { skip: missing.length > 0 && `${missing.join(', ')} missing: ${SETUP_HINT}` }, async (t) => {
  let report: Report;
  try {
    const runDir = makeRunDir('vscode');
    const suite = await bundleSuite(join(runDir, 'suite', 'index.js'));
    const resultsFile = join(runDir, 'results.json');
    server = await startCodeServer(runDir, {
      fixture: 'workspace',
      extensions: [packageDaemonless(runDir), packageHarness(runDir)],
      env: { DAEMONLESS_E2E_SUITE: suite, DAEMONLESS_E2E_RESULTS: resultsFile },
    });
    browser = await openBrowser(server.url());
    report = await waitForReport(resultsFile, server);
  } catch (err) {
    failed = true;
    throw err;
  }

  await t.test('the suite ran inside the extension host', () => {
    assert.equal(report.fatal, undefined, `the suite could not run: ${report.fatal}`);
    assert.ok(report.results && report.results.length > 0, 'the suite reported no cases');
  });
  await t.test('the output channel logs the version, the folders and the scan summary', async () => {
    const logFile = () => findFile(join(server!.runDir, 'user-data', 'logs'), (p) => /daemonless\.daemonless[\\/]daemonless\.log$/.test(p));
    const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
    let text = '';
    const deadline = Date.now() + 15_000;
    for (;;) {
      const file = logFile();
      text = file ? readFileSync(file, 'utf8') : '';
      if (/\d+ files?, \d+ findings? in \d+\.\d s/.test(text) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(text, 'the daemonless log file exists under user-data/logs');
    assert.match(text, new RegExp(`daemonless ${version.replace(/\./g, '\\.')}; workspace folders: .*workspace`));
    assert.match(text, /Workspace scan: \d+ files, \d+ findings? in \d+\.\d s/);
  });
  for (const r of report.results ?? []) {
    await t.test(r.name, (st) => {
      st.diagnostic(`${r.status} in ${r.durationMs} ms${r.detail ? `: ${r.detail}` : ''}`);
      if (r.status === 'failed') {
        failed = true;
        assert.fail(r.error ?? 'failed');
      }
    });
  }
});
