#!/usr/bin/env node
// The performance benchmark: measures daemonless and its floors side by side in one run and prints
// one line per target (T1–T9) with the measured ratio and PASS/FAIL, or n/a when its subject does not
// exist yet. A benchmark, not a test. Targets and method: ../shared/design/performance.md.
// Usage: node test/bench/run.mjs [--quick] [--only T1,T4] [--json <file>]
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildAll, corpusDir, ensureCorpus, ensureQuickTree, repoRoot, benchDir } from './lib/setup.mjs';
import { editScript, freshOpen, keystrokes, workspaceScan } from './lib/lsp-bench.mjs';
import { abab } from './lib/proc-bench.mjs';
import { median, pairedRatio, quantile } from './lib/stats.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? (argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined);
const only = onlyArg ? new Set(onlyArg.split(',').map((s) => s.trim().toUpperCase())) : null;
const jsonOut = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : join(benchDir, quick ? 'results-quick.json' : 'results.json');
const wanted = (id) => !only || only.has(id);

const P = {
  edits: quick ? 8 : 200,
  warmupEdits: quick ? 2 : 10,
  freshRounds: quick ? 2 : 6,
  processRuns: quick ? 1 : 5,
  scanTypingEdits: quick ? 5 : 50,
};

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
const results = { quick, targets: {} };

function ratioText(r, target) {
  return `ratio ${f2(r.ratio)} (p25 ${f2(r.p25)}–p75 ${f2(r.p75)}, min-ratio ${f2(r.minRatio)}; target ≤ ${target.toFixed(2)})`;
}

function emit(id, title, parts, info = []) {
  const na = parts.find((p) => p.na);
  let line;
  let status;
  if (na) {
    status = 'n/a';
    line = `${id} ${title}  n/a (${na.na})`;
  } else {
    const ok = parts.every((p) => p.ok);
    status = verdict(ok);
    line = `${id} ${title}  ${parts.map((p) => `${p.text} ${verdict(p.ok)}`).join(' | ')}${parts.length > 1 ? ` => ${status}` : ''}`;
  }
  console.log(line);
  for (const i of info) console.log(`    ${i}`);
  results.targets[id] = { status, line, info };
}

function guard(id, title, fn) {
  return fn().catch((error) => emit(id, title, [{ na: `error: ${String(error?.message ?? error).split('\n')[0].slice(0, 200)}` }]));
}

function inproc(task, enginePath) {
  const r = spawnSync(process.execPath, ['--expose-gc', join(repoRoot, 'test/bench/inproc.mjs'), task, enginePath, corpusDir, ...(quick ? ['--quick'] : [])], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`inproc ${task} failed: ${(r.stderr || '').trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const byRule = (s) => Object.entries(s.byRule ?? {}).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

// ---- setup
const t0 = Date.now();
const notes = ensureCorpus();
const tree = quick ? ensureQuickTree() : join(corpusDir, 'tree');
const build = await buildAll();
const machine = `${cpus().length} cpus (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`;
results.machine = machine;
console.log(`daemonless benchmark${quick ? ' (--quick)' : ''}: ${machine}`);
for (const n of notes) console.log(`note: ${n}`);

let rulesByKind = {};
if (build.engine.path) {
  const engine = createRequire(import.meta.url)(build.engine.path);
  for (const rule of engine.allRules) for (const k of rule.targets) rulesByKind[k] = (rulesByKind[k] ?? 0) + 1;
}
const noRules = (kind) => (build.engine.error ? `engine: ${build.engine.error}` : !rulesByKind[kind] ? `no ${kind} rules registered yet` : null);

const floorServer = build.floorServer.path;
const L_doc = { name: 'L_doc', script: floorServer, args: ['--stdio'] };
const L_parse = { name: 'L_parse', script: floorServer, args: ['--stdio', '--parse'] };
const ours = build.server.path ? { name: 'daemonless', script: build.server.path, args: ['--stdio'], cwd: repoRoot } : null;
const serverNa = build.server.error ? `LSP server: ${build.server.error}` : null;
const k8sFile = join(corpusDir, 'k8s-big.yaml');
const gitlabFile = join(corpusDir, 'gitlab/.gitlab-ci.yml');

// ---- T1
if (wanted('T1')) {
  await guard('T1', 'full lint k8s-big / P_yaml', async () => {
    const na = noRules('k8s');
    if (na) return emit('T1', 'full lint k8s-big / P_yaml', [{ na }]);
    const r = inproc('k8s', build.engine.path);
    emit('T1', 'full lint k8s-big / P_yaml', [{ text: ratioText(r.vsPyaml, 1.3), ok: r.vsPyaml.ratio <= 1.3 }], [
      `lint ${f1(r.vsPyaml.subjectMs)} ms, P_yaml ${f1(r.vsPyaml.floorMs)} ms, CST ${f1(r.vsCst.floorMs)} ms (CST/P_yaml ${f2(r.cstVsPyaml.ratio)}); lint/CST ${f2(r.vsCst.ratio)}; stretch ≤ 0.80 × P_yaml ${r.vsPyaml.ratio <= 0.8 ? 'met' : 'not met'}`,
      `findings ${r.subject.findings} (${byRule(r.subject)})`,
    ]);
  });
}

// ---- T2
if (wanted('T2')) {
  await guard('T2', 'full lint GitLab file / P_yaml', async () => {
    const na = noRules('gitlab-ci');
    if (na) return emit('T2', 'full lint GitLab file / P_yaml', [{ na }]);
    const r = inproc('gitlab', build.engine.path);
    emit('T2', 'full lint GitLab file / P_yaml', [
      { text: ratioText(r.vsPyaml, 1.5), ok: r.vsPyaml.ratio <= 1.5 },
      { text: `linearity lint(${r.lines.full} lines)/lint(${r.lines.half}) ${ratioText(r.linear, 2.3)}`, ok: r.linear.ratio <= 2.3 },
    ], [
      `lint ${f1(r.vsPyaml.subjectMs)} ms, first ${r.lines.half} lines ${f1(r.linear.floorMs)} ms, P_yaml ${f1(r.vsPyaml.floorMs)} ms; P_yaml(full)/P_yaml(half) ${f2(r.parseLinear.ratio)}`,
      `findings ${r.subject.findings} (${byRule(r.subject)})`,
    ]);
  });
}

// ---- T3
if (wanted('T3')) {
  await guard('T3', 'Dockerfile lint over the tree / P_df', async () => {
    const na = noRules('dockerfile');
    if (na) return emit('T3', 'Dockerfile lint over the tree / P_df', [{ na }]);
    const r = inproc('dockerfiles', build.engine.path);
    emit('T3', 'Dockerfile lint over the tree / P_df', [
      { text: ratioText(r.vsPdf, 1.3), ok: r.vsPdf.ratio <= 1.3 },
      { text: `vs dockerfile-utils validate() ${ratioText(r.vsValidate, 0.7)}`, ok: r.vsValidate.ratio <= 0.7 },
    ], [
      `${r.files} Dockerfiles: lint ${f1(r.vsPdf.subjectMs)} ms, P_df ${f1(r.vsPdf.floorMs)} ms, validate() ${f1(r.vsValidate.floorMs)} ms (validate/P_df ${f2(r.validateVsPdf.ratio)})`,
      `findings ${r.subject.findings} (${byRule(r.subject)})`,
    ]);
  });
}

// ---- T7 (CLI vs W; the scan half runs with the LSP measurements below)
let wWallMs = NaN;
let cliPart = null;
let cliInfo = [];
if (wanted('T7')) {
  await guard('T7', 'CLI over the tree / W', async () => {
    const runs = await abab(
      {
        W: [process.execPath, build.floorWalk.path, tree],
        ...(build.cli.path ? { cli: [process.execPath, build.cli.path, 'lint', tree, '--fail-on', 'never', '--format', 'json'] } : {}),
      },
      P.processRuns,
      dirname(tree),
    );
    for (const r of runs.W) if (r.code !== 0) throw new Error(`floor walk exited ${r.code}: ${r.stderr}`);
    wWallMs = median(runs.W.map((r) => r.wallMs));
    const wRss = median(runs.W.map((r) => r.peakRssMiB));
    if (!runs.cli) {
      cliPart = { na: `CLI: ${build.cli.error}` };
      cliInfo = [`W ${f1(wWallMs)} ms wall, ${f1(wRss)} MiB peak RSS`];
      return;
    }
    for (const r of runs.cli) if (r.code !== 0 && r.code !== 1) throw new Error(`CLI exited ${r.code}: ${r.stderr.slice(-300)}`);
    const wall = pairedRatio(runs.cli.map((r) => r.wallMs), runs.W.map((r) => r.wallMs));
    const rss = pairedRatio(runs.cli.map((r) => r.peakRssMiB), runs.W.map((r) => r.peakRssMiB));
    cliPart = [
      { text: `wall ${ratioText(wall, 1.25)}`, ok: wall.ratio <= 1.25 },
      { text: `peak RSS ratio ${f2(rss.ratio)} (target ≤ 1.50)`, ok: rss.ratio <= 1.5 },
    ];
    cliInfo = [
      `${quick ? 'quick tree (a tenth)' : 'tree'}: CLI ${f1(wall.subjectMs)} ms wall, ${f1(rss.subjectMs)} MiB; W ${f1(wall.floorMs)} ms, ${f1(rss.floorMs)} MiB (ABAB × ${P.processRuns})`,
    ];
  });
}

// ---- LSP targets
let idle = null;
let t8Edit = null;
if (wanted('T9') || wanted('T6')) {
  await guard('T9', 'spawn → initialize / trivial server', async () => {
    if (serverNa) {
      emit('T9', 'spawn → initialize / trivial server', [{ na: serverNa }]);
      if (wanted('T6')) emit('T6', 'didOpen → diagnostics k8s-big, fresh server / L_parse', [{ na: serverNa }]);
      return;
    }
    const r = await freshOpen([L_doc, L_parse, ours], k8sFile, P.freshRounds);
    const init = pairedRatio(r.daemonless.initMs, r.L_doc.initMs);
    const open = pairedRatio(r.daemonless.openMs, r.L_parse.openMs);
    if (wanted('T9')) {
      emit('T9', 'spawn → initialize / trivial server', [{ text: ratioText(init, 1.5), ok: init.ratio <= 1.5 }], [
        `daemonless ${f1(init.subjectMs)} ms, L_doc ${f1(init.floorMs)} ms (median of ${P.freshRounds}, alternating)`,
      ]);
    }
    if (wanted('T6')) {
      emit('T6', 'didOpen → diagnostics k8s-big, fresh server / L_parse', [{ text: ratioText(open, 1.3), ok: open.ratio <= 1.3 }], [
        `daemonless ${f1(open.subjectMs)} ms, L_parse ${f1(open.floorMs)} ms, L_doc ${f1(median(r.L_doc.openMs))} ms`,
      ]);
    }
  });
}

function publishCheck(s) {
  if (s.onePerVersion) return null;
  return s.unversioned > 0
    ? `${s.publishes} publishes without version for ${s.versions} versions`
    : `versions without exactly one publish: ${s.badVersions.slice(0, 5).join(', ')}${s.badVersions.length > 5 ? ', …' : ''}`;
}

if (wanted('T4') || wanted('T8')) {
  await guard('T4', 'keystroke → diagnostics k8s-big', async () => {
    if (serverNa) {
      emit('T4', 'keystroke → diagnostics k8s-big', [{ na: serverNa }]);
      return;
    }
    const text = readFileSync(k8sFile, 'utf8');
    const edits = editScript(text, /^    team: [a-z]+$/, P.edits + P.warmupEdits);
    const r = await keystrokes([L_doc, L_parse, ours], k8sFile, edits, P.warmupEdits);
    const d = r.daemonless;
    idle = d;
    t8Edit = { ours: d.peakRssMiB, floor: r.L_parse.peakRssMiB };
    const bad = publishCheck(d);
    if (wanted('T4')) {
      emit('T4', 'keystroke → diagnostics k8s-big', [
        { text: `p50 ${f1(d.p50)} ms / L_parse p50 ratio ${f2(d.p50 / r.L_parse.p50)} (target ≤ 0.10)`, ok: d.p50 <= 0.1 * r.L_parse.p50 },
        { text: `p50 − L_doc p50 = ${f1(d.p50 - r.L_doc.p50)} ms (target ≤ 10)`, ok: d.p50 <= r.L_doc.p50 + 10 },
        { text: `p90 ${f1(d.p90)} ms / L_parse p90 ratio ${f2(d.p90 / r.L_parse.p90)} (target ≤ 0.25)`, ok: d.p90 <= 0.25 * r.L_parse.p90 },
        { text: `one publish per version: ${bad ?? 'yes'}`, ok: bad === null },
      ], [
        `${d.n} edits (after ${P.warmupEdits} warm-up): daemonless p50 ${f1(d.p50)} / p90 ${f1(d.p90)} / p99 ${f1(d.p99)} ms; L_doc ${f1(r.L_doc.p50)} / ${f1(r.L_doc.p90)} / ${f1(r.L_doc.p99)}; L_parse ${f1(r.L_parse.p50)} / ${f1(r.L_parse.p90)} / ${f1(r.L_parse.p99)}`,
        `diagnostics in the last publish: ${d.lastCount}; publishes for the didOpen version: ${d.openPublishes}`,
      ]);
    }
  });
}

if (wanted('T5')) {
  await guard('T5', 'keystroke → diagnostics GitLab file / L_parse', async () => {
    if (serverNa) return emit('T5', 'keystroke → diagnostics GitLab file / L_parse', [{ na: serverNa }]);
    const text = readFileSync(gitlabFile, 'utf8');
    const edits = editScript(text, /^    SERVICE: [a-z]+$/, P.edits + P.warmupEdits);
    const r = await keystrokes([L_doc, L_parse, ours], gitlabFile, edits, P.warmupEdits);
    const d = r.daemonless;
    const bad = publishCheck(d);
    emit('T5', 'keystroke → diagnostics GitLab file / L_parse', [
      { text: `p50 ratio ${f2(d.p50 / r.L_parse.p50)} (target ≤ 1.30)`, ok: d.p50 <= 1.3 * r.L_parse.p50 },
      { text: `one publish per version: ${bad ?? 'yes'}`, ok: bad === null },
    ], [
      `${d.n} edits: daemonless p50 ${f1(d.p50)} / p90 ${f1(d.p90)} / p99 ${f1(d.p99)} ms; L_parse ${f1(r.L_parse.p50)} / ${f1(r.L_parse.p90)} / ${f1(r.L_parse.p99)}; L_doc ${f1(r.L_doc.p50)} / ${f1(r.L_doc.p90)} / ${f1(r.L_doc.p99)}`,
      `diagnostics in the last publish: ${d.lastCount}; publishes for the didOpen version: ${d.openPublishes}`,
    ]);
  });
}

let scan = null;
let scanError = null;
if ((wanted('T7') || wanted('T8')) && ours) {
  try {
    const quiet = await workspaceScan(ours, tree);
    const typing = idle
      ? await workspaceScan(ours, tree, {
          typing: { file: k8sFile, edits: editScript(readFileSync(k8sFile, 'utf8'), /^    team: [a-z]+$/, P.scanTypingEdits) },
        })
      : null;
    scan = { quiet, typing };
  } catch (error) {
    scanError = String(error?.message ?? error).split('\n')[0];
  }
}

if (wanted('T7')) {
  const parts = Array.isArray(cliPart) ? [...cliPart] : cliPart ? [cliPart] : [{ na: 'not measured' }];
  const info = [...cliInfo];
  if (!ours) info.push(`server scan: n/a (${serverNa})`);
  else if (scanError) info.push(`server scan: n/a (error: ${scanError})`);
  else if (scan && scan.quiet.publishes === 0) info.push('server scan: n/a (the server published nothing for the workspace folder within 15 s)');
  else if (scan) {
    const scanRatio = scan.quiet.scanMs / wWallMs;
    parts.push({ text: `server scan ${f1(scan.quiet.scanMs)} ms / W ratio ${f2(scanRatio)} (target ≤ 1.50)`, ok: scanRatio <= 1.5 });
    info.push(`server scan: ${scan.quiet.publishes} publishes for ${scan.quiet.uris} files; time from initialized to the last publish`);
    const during = scan.typing?.typing?.during;
    if (during && idle) {
      const k = during.p90 / idle.p90;
      parts.push({ text: `keystroke p90 during scan / idle ratio ${f2(k)} (target ≤ 2.00)`, ok: k <= 2 });
      info.push(`typing during scan: ${during.n} edits while scanning, p50 ${f1(during.p50)} / p90 ${f1(during.p90)} ms; idle p90 ${f1(idle.p90)} ms`);
    } else {
      info.push('typing during scan: no edit completed while the scan was running');
    }
  }
  if (!parts.some((p) => p.na)) emit('T7', 'CLI over the tree / W', parts, info);
  else emit('T7', 'CLI over the tree / W', parts, info);
}

if (wanted('T8')) {
  if (serverNa) emit('T8', 'server peak RSS', [{ na: serverNa }]);
  else if (!t8Edit) emit('T8', 'server peak RSS', [{ na: 'the k8s-big keystroke session did not run' }]);
  else {
    const parts = [{ text: `after k8s-big + ${P.edits} edits ${f1(t8Edit.ours)} MiB / L_parse ${f1(t8Edit.floor)} MiB ratio ${f2(t8Edit.ours / t8Edit.floor)} (target ≤ 1.20)`, ok: t8Edit.ours <= 1.2 * t8Edit.floor }];
    const info = [];
    if (scan && scan.quiet.publishes > 0) parts.push({ text: `after a workspace scan ${f1(scan.quiet.peakRssMiB)} MiB (target ≤ 250)`, ok: scan.quiet.peakRssMiB <= 250 });
    else info.push(`after a workspace scan: n/a (${scanError ?? 'no workspace scan observed'})`);
    emit('T8', 'server peak RSS', parts, info);
  }
}

results.elapsedS = (Date.now() - t0) / 1000;
console.log(`done in ${results.elapsedS.toFixed(0)} s`);
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify(results, null, 2));
void quantile;
