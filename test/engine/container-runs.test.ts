import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerRuns, mayRunContainer, TextCache } from '../../server/src/engine/model/facts/container-args.js';
import type { CiScript } from '../../server/src/engine/dialects/ci-model.js';
import { parseShell } from '../../server/src/engine/parse/shell.js';

const script = (text: string) => ({ section: 'script', text, range: { start: 0, end: text.length } }) as unknown as CiScript;
const flags = (text: string) => containerRuns(script(text)).map((r) => [r.tool, ...r.args.privileged]);

test('quoting, escapes and ANSI-C strings that spell a runtime are still read', () => {
  assert.deepEqual(flags('"dock"er run --privileged alpine'), [['docker', '--privileged']]);
  assert.deepEqual(flags("pod'man' run --privileged alpine"), [['podman', '--privileged']]);
  assert.deepEqual(flags('d\\ocker run --privileged alpine'), [['docker', '--privileged']]);
  assert.deepEqual(flags("$'\\x64ocker' run --privileged alpine"), [['docker', '--privileged']]);
  assert.deepEqual(flags('echo $(dock\\\ner run --privileged alpine)'), [['docker', '--privileged']]);
  assert.deepEqual(flags('make test'), []);
});

test('the same text gives the same runs, and a scalar that is not a script gives none', () => {
  const text = 'sudo docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock alpine';
  assert.deepEqual(flags(text), [['docker', '--privileged']]);
  assert.deepEqual(containerRuns(script(text)), containerRuns(script(`${text}`)));
  assert.equal(containerRuns(script(text))[0].args.socketMounts[0].hostPath, '/var/run/docker.sock');
});

test('a script skipped without parsing never has a word naming a runtime (generated scripts)', () => {
  const parts = ['docker', 'dock', 'er', 'd', 'ocker', 'run', '--privileged', ' ', '"', "'", '\\', '$', '$(', ')', '${', '}',
    '\n', '\r', '\\x64', '\\144', '#', ';', '|', 'sudo', 'pod', 'man', 'nerd', 'ctl', '`', '${{', '}}', "$'", '\\\n', '<(', '\t'];
  let seed = 1337;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let skipped = 0;
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    for (let j = 1 + next(10); j > 0; j--) text += parts[next(parts.length)];
    if (mayRunContainer(text)) continue;
    skipped += 1;
    const words = parseShell(text).flatMap((c) => [...c.assignments, ...c.argv]);
    assert.ok(!words.some((w) => /docker|podman|nerdctl/.test(w)), JSON.stringify(text));
  }
  assert.ok(skipped > 1000);
});

test('the script cache keeps at most its character budget, dropping the least recently used first', () => {
  const cache = new TextCache<number>(10);
  cache.set('aaaa', 1);
  cache.set('bbbb', 2);
  assert.equal(cache.get('aaaa'), 1); // now the most recently used
  cache.set('cccc', 3); // 12 characters: the least recently used (bbbb) goes
  assert.equal(cache.get('bbbb'), undefined);
  assert.equal(cache.get('aaaa'), 1);
  assert.equal(cache.get('cccc'), 3);
  cache.set('x'.repeat(11), 4); // larger than the budget on its own: nothing stays
  assert.equal(cache.get('aaaa'), undefined);
  assert.equal(cache.get('cccc'), undefined);
  assert.equal(cache.get('x'.repeat(11)), undefined);
  cache.set('dd', 5);
  cache.set('dd', 6); // replacing a key does not count it twice
  cache.set('eeeeeeee', 7);
  assert.equal(cache.get('dd'), 6);
});
