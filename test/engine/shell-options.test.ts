// The option reader and the nested-command walk that the Dockerfile security rules share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locate, runCommands, runScripts } from '../../server/src/engine/parse/dockerfile-run-commands.js';
import { hasOption, optionValue, parseOptions } from '../../server/src/engine/parse/shell/options.js';
import { CURL_VALUE } from '../../server/src/engine/parse/shell/programs.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import { lintFile } from '../../server/src/engine/index.js';
import { dockerfileModel } from '../../server/src/engine/model/dockerfile.js';
import { instructionWords, scopeAt, stageAt } from '../../server/src/engine/model/dockerfile-instructions.js';

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
  const text = `FROM alpine\nRUN sudo env A=1 curl -k x && su app -s /bin/sh -c "wget -q y" && bash -lc 'NODE_TLS=0 npm ci'\n`;
  const cmds = runCommands(new ParsedFile({ path: 'Dockerfile', text }, 'dockerfile'));
  assert.deepEqual(cmds.map((c) => [c.depth, c.argv[0], c.assignments]), [
    [0, 'curl', ['A=1']],
    [0, 'su', []],
    [1, 'wget', []],
    [0, 'bash', []],
    [1, 'npm', ['NODE_TLS=0']],
  ]);
});

test('runCommands: nested code is read to depth 3, its spans cover the code argument, one parse per script', () => {
  const code = `sh -c "sh -c 'sh -c \\"sh -c id\\"'"`;
  const text = `FROM alpine\nRUN apt-get \\\n  install -y curl && ${code}\nRUN echo hi\n`;
  const file = new ParsedFile({ path: 'Dockerfile', text }, 'dockerfile');
  const cmds = runCommands(file);
  assert.deepEqual(cmds.map((c) => [c.depth, c.argv.join(' ')]), [
    [0, 'apt-get install -y curl'],
    [0, `sh -c sh -c 'sh -c "sh -c id"'`],
    [1, `sh -c sh -c "sh -c id"`],
    [2, 'sh -c sh -c id'],
    [3, 'sh -c id'],
    [0, 'echo hi'],
  ]);
  const [apt, outer, inner] = cmds;
  assert.ok(apt.exact && !apt.nested);
  const install = apt.span(1);
  assert.equal(text.slice(install.start, install.end), 'install');
  assert.ok(inner.nested && !inner.exact);
  assert.equal(text.slice(inner.span().start, inner.span().end), `"sh -c 'sh -c \\"sh -c id\\"'"`);
  assert.deepEqual(cmds[4].span(), inner.span());
  assert.equal(outer.offsetAt(outer.command.start), text.indexOf('sh -c'));
  assert.equal(inner.offsetAt(0), null);
  // The security rules' per-script view and the flat view share one parse.
  const [first] = runScripts(file, (t) => t.includes('apt-get'));
  assert.equal(first.commands[0], runCommands(file)[0]);
  assert.equal(runScripts(file, (t) => t.includes('echo')).length, 1);
});

test('runCommands: the per-script cap applies to every lint, a file read before or not', () => {
  const text = 'FROM alpine\nRUN sudo apt-get install -y curl\n';
  const whole = lintFile({ path: 'Dockerfile', text }).findings;
  assert.ok(whole.some((f) => f.ruleId === 'df-package-unpinned') && !whole.some((f) => f.messageId === 'scriptTooLong'));
  for (let i = 0; i < 2; i++) {
    const cut = lintFile({ path: 'Dockerfile', text }, { maxScriptLength: 12 }).findings.filter((f) => f.messageId === 'scriptTooLong');
    assert.equal(cut.length, 1, `lint ${i}`);
  }
  const findings = lintFile({ path: 'Dockerfile', text }, { maxScriptLength: 12 }).findings;
  assert.ok(!findings.some((f) => f.ruleId === 'df-package-unpinned'), 'only `sudo apt-get` was read');
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
