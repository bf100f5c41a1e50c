// Runs the in-editor suite inside code-server's extension host, where `extensionTestsPath` has no effect.
// The suite path and results path come from the environment code-server was started with.
'use strict';
const fs = require('node:fs');

async function activate() {
  const suitePath = process.env.DAEMONLESS_E2E_SUITE;
  const resultsPath = process.env.DAEMONLESS_E2E_RESULTS;
  if (!suitePath || !resultsPath) return;
  // Every browser connection starts an extension host; only the first one runs the suite.
  try {
    fs.closeSync(fs.openSync(`${resultsPath}.lock`, 'wx'));
  } catch {
    return;
  }
  // Progress after each case lets the driver bound each case's time, not only the whole run.
  const progress = (results) => fs.writeFileSync(`${resultsPath}.progress`, JSON.stringify(results));
  let report;
  try {
    const suite = require(suitePath);
    const done = [];
    progress(done);
    report = {
      results: await suite.runAll((result) => {
        done.push(result);
        progress(done);
      }),
    };
  } catch (err) {
    report = { fatal: err instanceof Error ? err.stack || err.message : String(err) };
  }
  const partial = `${resultsPath}.partial`;
  fs.writeFileSync(partial, JSON.stringify(report, null, 2));
  fs.renameSync(partial, resultsPath);
}

function deactivate() {}

module.exports = { activate, deactivate };
