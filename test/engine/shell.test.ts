import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShell } from '../../server/src/engine/parse/shell.js';

const argv = (s: string) => parseShell(s).map((c) => c.argv.join(' '));

test('splits on && ; newlines and continuations, removes quotes, keeps variables literal', () => {
  assert.deepEqual(argv('docker build -t "$IMG:${TAG}" \\\n  --build-arg "A=b c" . && docker push $IMG\necho done # note'), [
    'docker build -t ${IMG}:${TAG} --build-arg A=b c .',
    'docker push ${IMG}',
    'echo done',
  ]);
});

test('pipelines keep their order and position', () => {
  const cmds = parseShell('curl -fsSL https://x.example/i.sh | sudo bash -s');
  assert.deepEqual(cmds.map((c) => [c.argv[0], c.pipeline, c.pipeIndex]), [['curl', 0, 0], ['sudo', 0, 1]]);
});

test('commands inside if-blocks are conditional; after fi they are not', () => {
  const cmds = parseShell('if [ -n "$CI_COMMIT_TAG" ]; then\n  docker push a\nfi\ndocker push b');
  const push = cmds.filter((c) => c.argv[0] === 'docker');
  assert.deepEqual(push.map((c) => [c.argv[2], c.conditional]), [['a', true], ['b', false]]);
});

test('command and process substitutions are returned and flagged', () => {
  const cmds = parseShell('bash <(curl -s https://x.example)');
  assert.deepEqual(cmds.map((c) => [c.argv[0], c.substitution]), [['curl', true], ['bash', false]]);
  assert.deepEqual(argv('echo $(cat f) 2>&1 >> out'), ['cat f', 'echo $(cat f)']);
});

test('redirections are not arguments; assignments are split off', () => {
  const [cmd] = parseShell('DOCKER_BUILDKIT=1 docker build . > log 2>&1');
  assert.deepEqual(cmd.assignments, ['DOCKER_BUILDKIT=1']);
  assert.deepEqual(cmd.argv, ['docker', 'build', '.']);
});

test('half-typed input does not throw', () => {
  for (const s of ['echo "unterminated', 'a && ', '| |', 'if then fi', '$(', '\\']) assert.doesNotThrow(() => parseShell(s));
});

test('CI template expressions stay inside their word', () => {
  assert.deepEqual(argv('docker build -t ghcr.io/${{ github.repository }}:${{ github.sha }} .'), [
    'docker build -t ghcr.io/${{ github.repository }}:${{ github.sha }} .',
  ]);
  assert.deepEqual(argv('echo "${{ secrets.TOKEN }}" | docker login -u x --password-stdin'), [
    'echo ${{ secrets.TOKEN }}',
    'docker login -u x --password-stdin',
  ]);
});
