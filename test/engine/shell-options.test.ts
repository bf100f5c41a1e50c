// The option reader and the nested-command walk that the Dockerfile security rules share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCommands } from '../../server/src/engine/parse/shell/nested.js';
import { hasOption, optionValue, parseOptions } from '../../server/src/engine/parse/shell/options.js';
import { CURL_VALUE } from '../../server/src/engine/parse/shell/programs.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { dockerfileModel } from '../../server/src/engine/model/dockerfile.js';
import { instructionWords, scopeAt, stageAt } from '../../server/src/engine/model/dockerfile-instructions.js';
import { locate } from '../../server/src/engine/model/dockerfile-runs.js';

test('parseOptions: bundles, attached and separate values, long options, --', () => {
  const p = parseOptions(['-fsSLo', 'out', '--retry', '3', '--url=https://x', '-H', 'X: -k', '--', '-k'], {
    shortValue: CURL_VALUE,
    longValue: new Set(['--retry']),
  });
  assert.deepEqual(p.options.map((o) => [o.name, o.value]), [
    ['-f', null], ['-s', null], ['-S', null], ['-L', null], ['-o', 'out'], ['--retry', '3'], ['--url', 'https://x'], ['-H', 'X: -k'],
  ]);
  assert.deepEqual(p.positionals.map((w) => w.value), ['-k']);
  assert.ok(!hasOption(p, '-k'));
  assert.equal(optionValue(p, '-o', '--output'), 'out');
  assert.equal(optionValue(p, '-O'), undefined);
});

test('runCommands: wrappers removed, sh -c and su -c read, env assignments kept', () => {
  const cmds = runCommands(`sudo env A=1 curl -k x && su app -s /bin/sh -c "wget -q y" && bash -lc 'NODE_TLS=0 npm ci'`);
  assert.deepEqual(cmds.map((c) => [c.depth, c.argv[0], c.assignments]), [
    [0, 'curl', ['A=1']],
    [0, 'su', []],
    [1, 'wget', []],
    [0, 'bash', []],
    [1, 'npm', ['NODE_TLS=0']],
  ]);
});

test('dockerfile instruction helpers: JSON and shell words, stage lookup, scope at an offset, locate', () => {
  const text = 'ARG G=g\nFROM alpine AS a\nARG G\nARG U=https://x\nVOLUME ["/a", "/b"]\nENV U=later\nFROM a\nRUN echo  $U \\\n  $U\n';
  const file = new ParsedFile({ path: 'Dockerfile', text }, 'dockerfile');
  const model = dockerfileModel(file);
  const volume = file.dockerfile.getInstructions()[4];
  assert.deepEqual(instructionWords(file, volume).map((w) => [w.value, text.slice(w.range.start, w.range.end)]), [['/a', '"/a"'], ['/b', '"/b"']]);
  assert.equal(stageAt(model, 0), null);
  assert.equal(stageAt(model, text.indexOf('VOLUME'))?.alias, 'a');
  const first = model.stages[0];
  assert.equal(scopeAt(model, first, text.indexOf('VOLUME')).substitute('$G $U'), 'g https://x');
  assert.equal(scopeAt(model, first, text.length).substitute('$U'), 'later');
  assert.equal(scopeAt(model, model.stages[1], text.length).substitute('$U'), 'later');
  const run = model.stages[1].runs[0];
  const at = locate(file, run.range, '$U', run.range.start + 10);
  assert.equal(at.start, text.lastIndexOf('$U'));
  assert.deepEqual(locate(file, run.range, 'absent'), run.range);
});
