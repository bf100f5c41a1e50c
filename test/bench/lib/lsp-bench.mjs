// LSP measurements: keystroke latency with the same client and edit script for every server, fresh
// spawn → initialize → didOpen timings, and the background workspace scan.
import { readFileSync } from 'node:fs';
import { fileUri, LspClient, PublishTracker } from './lsp-client.mjs';
import { median, quantile } from './stats.mjs';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const msSince = (t0, t1 = process.hrtime.bigint()) => Number(t1 - t0) / 1e6;

/**
 * Single-character insertions typed at the end of lines matching `pattern`, in `bursts` places spread
 * over the file (each place gets the next run of letters), so every edit keeps the file valid.
 */
export function editScript(text, pattern, count, bursts = 4) {
  const lines = text.split('\n');
  const candidates = lines.flatMap((l, i) => (pattern.test(l) ? [i] : []));
  if (candidates.length === 0) throw new Error(`no line matches ${pattern}`);
  const perBurst = Math.ceil(count / bursts);
  const edits = [];
  for (let b = 0; b < bursts && edits.length < count; b++) {
    const line = candidates[Math.floor((candidates.length * (b + 0.5)) / bursts)];
    const col = lines[line].length;
    for (let k = 0; k < perBurst && edits.length < count; k++) edits.push({ line, character: col + k, text: LETTERS[k % 26] });
  }
  return edits;
}

export function latencySummary(values) {
  return { n: values.length, p50: quantile(values, 0.5), p90: quantile(values, 0.9), p99: quantile(values, 0.99), max: Math.max(...values) };
}

function languageId(path) {
  return /Dockerfile$/.test(path) ? 'dockerfile' : 'yaml';
}

function spawnServer(server) {
  return new LspClient(process.execPath, [...(server.nodeArgs ?? []), server.script, ...server.args], { cwd: server.cwd });
}

/**
 * Opens `file` in every server and types the edit script, edit by edit, into each server in turn
 * (rotating the order), waiting for the publish of each version before the next send.
 */
export async function keystrokes(servers, file, edits, warmup) {
  const text = readFileSync(file, 'utf8');
  const uri = fileUri(file);
  const sessions = [];
  for (const server of servers) {
    const client = spawnServer(server);
    await client.initialize(null);
    const tracker = new PublishTracker(client, uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: languageId(file), version: 1, text } });
    await tracker.waitFor(1, 60000);
    sessions.push({ server, client, tracker, latencies: [] });
  }
  for (let i = 0; i < edits.length; i++) {
    const version = i + 2;
    const e = edits[i];
    const order = sessions.map((_, k) => sessions[(k + i) % sessions.length]);
    for (const s of order) {
      const t0 = process.hrtime.bigint();
      s.client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character } }, text: e.text }],
      });
      const got = await s.tracker.waitFor(version);
      if (i >= warmup) s.latencies.push(msSince(t0, got.at));
    }
  }
  await sleep(500);
  // One publish per edit; the didOpen version is reported separately (a settings reload right after
  // initialize may legitimately re-publish it).
  const versions = Array.from({ length: edits.length }, (_, i) => i + 2);
  const result = {};
  for (const s of sessions) {
    const bad = s.tracker.unversioned > 0 ? null : s.tracker.badVersions(versions);
    const openPublishes = s.tracker.byVersion.get(1) ?? 0;
    result[s.server.name] = {
      ...latencySummary(s.latencies),
      peakRssMiB: s.client.peakRssMiB(),
      publishes: s.tracker.total - openPublishes,
      openPublishes,
      versions: versions.length,
      unversioned: s.tracker.unversioned,
      badVersions: bad,
      lastCount: s.tracker.last?.count,
      onePerVersion: bad === null ? s.tracker.total === versions.length : bad.length === 0,
    };
    await s.client.close();
  }
  return result;
}

/** Fresh servers, in alternating order: ms from spawn to the initialize response, and didOpen → publish. */
export async function freshOpen(servers, file, rounds) {
  const text = readFileSync(file, 'utf8');
  const uri = fileUri(file);
  const out = Object.fromEntries(servers.map((s) => [s.name, { initMs: [], openMs: [] }]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      const client = spawnServer(server);
      out[server.name].initMs.push(await client.initialize(null));
      const tracker = new PublishTracker(client, uri);
      const t0 = process.hrtime.bigint();
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: languageId(file), version: 1, text } });
      const got = await tracker.waitFor(1, 60000);
      out[server.name].openMs.push(msSince(t0, got.at));
      await client.close();
    }
  }
  return out;
}

/**
 * Starts the server on a workspace folder and waits until publishing goes quiet. With `typing`, opens
 * `typing.file` right away and types the edit script while the scan runs.
 */
export async function workspaceScan(server, folder, { quietMs = 2000, timeoutMs = 180000, typing } = {}) {
  const client = spawnServer(server);
  let publishes = 0;
  let lastAt = 0n;
  const uris = new Set();
  client.on('textDocument/publishDiagnostics', (params, at) => {
    publishes++;
    lastAt = at;
    uris.add(params.uri);
  });
  await client.initialize([{ uri: fileUri(folder), name: 'tree' }]);
  const t0 = process.hrtime.bigint();
  const latencies = [];
  if (typing) {
    const text = readFileSync(typing.file, 'utf8');
    const uri = fileUri(typing.file);
    const tracker = new PublishTracker(client, uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await tracker.waitFor(1, 60000);
    for (let i = 0; i < typing.edits.length; i++) {
      const e = typing.edits[i];
      const s = process.hrtime.bigint();
      client.notify('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ range: { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character } }, text: e.text }],
      });
      const got = await tracker.waitFor(i + 2);
      latencies.push({ at: msSince(t0, s), ms: msSince(s, got.at) });
    }
  }
  const started = Date.now();
  for (;;) {
    await sleep(250);
    const sinceLast = lastAt === 0n ? Infinity : msSince(lastAt);
    if (publishes > 0 && sinceLast >= quietMs) break;
    if (publishes === 0 && Date.now() - started > 15000) break;
    if (Date.now() - started > timeoutMs) break;
  }
  const scanMs = lastAt === 0n ? NaN : msSince(t0, lastAt);
  const peakRssMiB = client.peakRssMiB();
  await client.close();
  const during = latencies.filter((l) => l.at < scanMs).map((l) => l.ms);
  return { publishes, uris: uris.size, scanMs, peakRssMiB, typing: latencies.length ? { during: during.length ? latencySummary(during) : null, all: latencySummary(latencies.map((l) => l.ms)) } : null };
}

export { median };
