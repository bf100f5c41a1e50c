import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenize } from '../../server/src/engine/parse/shell/tokens.js';
import { parseScript } from '../../server/src/engine/parse/shell/commands.js';
import { substitutionBodies, unwrap } from '../../server/src/engine/parse/shell/programs.js';

const words = (text: string) =>
  tokenize(text).tokens.flatMap((t) => (t.kind === 'word' && t.body === -1 ? [[t.word.raw, t.word.value, t.word.start, t.word.end]] : []));

test('top-level words keep raw text, quote-removed value and span', () => {
  const table: [string, (string | number)[][]][] = [
    ['echo "a b" c', [['echo', 'echo', 0, 4], ['"a b"', 'a b', 5, 10], ['c', 'c', 11, 12]]],
    ["x='y z'$V", [["x='y z'$V", 'x=y z${V}', 0, 9]]],
    ['a\\\n b', [['a\\\n', 'a', 0, 3], ['b', 'b', 4, 5]]],
    ['do\\\ncker run', [['do\\\ncker', 'docker', 0, 8], ['run', 'run', 9, 12]]],
    ['a\r\nb', [['a', 'a', 0, 1], ['b', 'b', 3, 4]]],
    ['-t ghcr.io/${{ github.repository }}:${{ github.sha }}', [['-t', '-t', 0, 2], ['ghcr.io/${{ github.repository }}:${{ github.sha }}', 'ghcr.io/${{ github.repository }}:${{ github.sha }}', 3, 53]]],
    ['echo "$(dirname "$(pwd)")"', [['echo', 'echo', 0, 4], ['"$(dirname "$(pwd)")"', '$(dirname $(pwd))', 5, 26]]],
    ['echo `date`', [['echo', 'echo', 0, 4], ['`date`', '`date`', 5, 11]]],
    ['echo "unterminated more', [['echo', 'echo', 0, 4], ['"unterminated more', 'unterminated more', 5, 23]]],
    ["echo 'open", [['echo', 'echo', 0, 4], ["'open", 'open', 5, 10]]],
    ["$'\\x64ocker' run", [["$'\\x64ocker'", 'docker', 0, 12], ['run', 'run', 13, 16]]],
    ['echo a#b # c', [['echo', 'echo', 0, 4], ['a#b', 'a#b', 5, 8]]],
  ];
  for (const [input, expected] of table) assert.deepEqual(words(input), expected, input);
});

test('heredocs: bodies are not commands, the line spans them, quoted delimiters are marked', () => {
  const text = "cat > f <<'EOF'\ndocker run x\nEOF\necho done";
  const parsed = parseScript(text);
  assert.deepEqual(parsed.commands.map((c) => c.argv.join(' ')), ['cat', 'echo done']);
  assert.deepEqual(parsed.heredocs.map((h) => [h.delimiter, h.quoted, text.slice(h.bodyStart, h.bodyEnd), h.closed]), [['EOF', true, 'docker run x\n', true]]);
  assert.deepEqual(parsed.lines.map((l) => text.slice(l.start, l.end)), ["cat > f <<'EOF'\ndocker run x\nEOF", 'echo done']);
  const strip = parseScript('cat <<-X\n\tbody\n\tX\nls');
  assert.deepEqual(strip.commands.map((c) => c.argv[0]), ['cat', 'ls']);
});

test('commands: spans, connectors, pipelines, redirects, substitutions, case arms', () => {
  const text = 'A=1 docker run --privileged x 2>&1 | tee log && echo "$(id -u)"';
  const cmds = parseScript(text).commands;
  assert.deepEqual(cmds.map((c) => [c.argv.join(' '), c.assignments, c.connector, c.pipeline, c.pipeIndex, c.substitution, text.slice(c.start, c.end)]), [
    ['docker run --privileged x', ['A=1'], null, 0, 0, false, 'A=1 docker run --privileged x 2>&1'],
    ['tee log', [], '|', 0, 1, false, 'tee log'],
    ['id -u', [], null, 1, 0, true, 'id -u'],
    ['echo $(id -u)', [], '&&', 1, 0, false, 'echo "$(id -u)"'],
  ]);
  assert.deepEqual(cmds[0].redirects.map((r) => [r.fd, r.op, r.target, text.slice(r.start, r.end)]), [['2', '>&', '1', '2>&1']]);
  assert.deepEqual(cmds[0].words.map((w) => text.slice(w.start, w.end)), ['docker', 'run', '--privileged', 'x']);
  const arms = parseScript('case "$X" in\n  a|b) docker push a ;;\n  *) echo other ;;\nesac\nls');
  assert.deepEqual(arms.commands.map((c) => [c.argv.join(' '), c.depth]), [['docker push a', 1], ['echo other', 1], ['ls', 0]]);
  const sub = parseScript('(cd x && make) | sh');
  assert.deepEqual(sub.commands.map((c) => [c.argv.join(' '), c.pipeIndex, c.substitution]), [['cd x', 0, false], ['make', 0, false], ['sh', 1, false]]);
});

test('commands: the subshell each is written in, innermost, with the enclosing ones through its parent', () => {
  const text = 'a; (b; (c) ; d); (e) && f; echo "$( (g) )"';
  const { commands, bodies } = parseScript(text);
  const groups = (g: number): string[] => {
    const out: string[] = [];
    for (let b = g; b >= 0 && bodies[b].kind === '('; b = bodies[b].parent) out.unshift(text.slice(bodies[b].start, bodies[b].end));
    return out;
  };
  assert.deepEqual(commands.map((c) => [c.argv[0], ...groups(c.group)]), [
    ['a'],
    ['b', '(b; (c) ; d)'],
    ['c', '(b; (c) ; d)', '(c)'],
    ['d', '(b; (c) ; d)'],
    ['e', '(e)'],
    ['f'],
    ['g', '(g)'],
    ['echo'],
  ]);
});

test('programs: wrappers come off; substitution bodies come from the tokenizer', () => {
  assert.deepEqual(unwrap(['sudo', '-u', 'root', 'env', 'A=1', 'nohup', 'bash', '-c', 'x']), ['bash', '-c', 'x']);
  assert.deepEqual(substitutionBodies('a $(curl -s x) `b` <(c) "$(d $(e))"'), ['curl -s x', 'b', 'c', 'd $(e)']);
});

test('linear time: 200 KB of unclosed `$(` costs about what a plain 200 KB script costs', () => {
  const plain = 'echo hello world && ls -la /tmp | grep x\n'.repeat(5000).slice(0, 200_000);
  const base = tokenize(plain).work;
  for (const hostile of ['$('.repeat(100_000), '('.repeat(200_000), '"$('.repeat(66_000), '`$(`'.repeat(50_000), '${'.repeat(100_000), "$'".repeat(100_000)]) {
    const { work } = tokenize(hostile);
    assert.ok(work <= 4 * base, `${hostile.slice(0, 6)}…: ${work} vs ${base}`);
    assert.doesNotThrow(() => parseScript(hostile));
  }
  // Doubling the input doubles the work.
  const a = tokenize('$('.repeat(50_000)).work;
  const b = tokenize('$('.repeat(100_000)).work;
  assert.ok(b <= 2.2 * a, `${a} → ${b}`);
});

test('container flags carry the span of the word they were read from', async () => {
  const { containerRuns, optionWordSpans, parseContainerArgs } = await import('../../server/src/engine/model/facts/container-args.js');
  const text = 'echo hi && sudo docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock alpine';
  const [run] = containerRuns({ section: 'script', text, range: { start: 0, end: text.length } } as never);
  const w = run.args.privilegedWords[0];
  assert.equal(text.slice(w.start, w.end), '--privileged');
  const m = run.args.socketMounts[0];
  assert.equal(text.slice(m.start, m.end), '/var/run/docker.sock:/var/run/docker.sock');
  const options = '--privileged --volume=/var/run/docker.sock:/var/run/docker.sock';
  const args = parseContainerArgs(optionWordSpans(options), false);
  assert.equal(options.slice(args.socketMounts[0].start, args.socketMounts[0].end), '--volume=/var/run/docker.sock:/var/run/docker.sock');
  assert.deepEqual(parseContainerArgs(['--privileged'], false).privileged, ['--privileged']);
});
