// Moving `${{ }}` expressions out of the Kaniko step's script: which names, which quoting, and that
// the script behaves as GitHub's substituted original did for ordinary values while a hostile value
// stays data.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { expressionEnd, moveExpressions as moveOrRefuse, type MovedExpressions } from '../../server/src/engine/rewrite/expression-env.js';
import { isRefused } from '../../server/src/engine/rewrite/refusal.js';
import { kaniko } from '../../server/src/engine/rewrite/builders/kaniko.js';

/** The moved script with Kaniko's env names, failing the test when it is refused. */
function moveExpressions(script: string, known: ReadonlyMap<string, string>, reserved: ReadonlySet<string>): MovedExpressions {
  const moved = moveOrRefuse(script, known, reserved, kaniko.envPrefix);
  assert.ok(!isRefused(moved), isRefused(moved) ? moved.refused : '');
  return moved as MovedExpressions;
}

const none = new Map<string, string>();
const reserved = new Set(['KANIKO_SCRIPT']);

/** What GitHub does to a step's text: each expression replaced by its value. */
function substitute(script: string, values: Record<string, string>): string {
  return script.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, inner: string) => {
    assert.ok(inner in values, `no value for ${inner}`);
    return values[inner];
  });
}

function run(script: string, env: Record<string, string> = {}): string {
  return execFileSync('sh', ['-c', `eval "$SCRIPT"`], { env: { PATH: process.env.PATH, SCRIPT: script, ...env }, encoding: 'utf8' });
}

function runMoved(script: string, values: Record<string, string>): string {
  const moved = moveExpressions(script, none, reserved);
  assert.ok(!moved.script.includes('${{'), moved.script);
  const env: Record<string, string> = {};
  for (const e of moved.env) env[e.name] = values[e.value.slice(3, -2).trim()];
  return run(moved.script, env);
}

test('names: secrets, vars and env drop their context, other property paths keep it, anything else is numbered', () => {
  const { env } = moveExpressions(
    'echo "${{ secrets.REGISTRY_PASSWORD }}" "${{ vars.registry-user }}" "${{ github.actor }}" "${{ env.IMAGE }}" "${{ steps.meta.outputs.tags }}" "${{ github.ref == \'refs/heads/main\' }}" "${{ fromJSON(x)[0] }}"',
    none,
    reserved,
  );
  assert.deepEqual(env, [
    { name: 'KANIKO_REGISTRY_PASSWORD', value: '${{ secrets.REGISTRY_PASSWORD }}' },
    { name: 'KANIKO_REGISTRY_USER', value: '${{ vars.registry-user }}' },
    { name: 'KANIKO_GITHUB_ACTOR', value: '${{ github.actor }}' },
    { name: 'KANIKO_IMAGE', value: '${{ env.IMAGE }}' },
    { name: 'KANIKO_STEPS_META_OUTPUTS_TAGS', value: '${{ steps.meta.outputs.tags }}' },
    { name: 'KANIKO_EXPR_1', value: "${{ github.ref == 'refs/heads/main' }}" },
    { name: 'KANIKO_EXPR_2', value: '${{ fromJSON(x)[0] }}' },
  ]);
});

test('one entry per expression however it is spaced; known expressions reuse their entry; taken names get a suffix', () => {
  const moved = moveExpressions(
    'echo "${{github.sha}}" "${{  github.sha }}" "${{ secrets.GITHUB_TOKEN }}" "${{ github.token }}" "${{ github.actor }}" "$KANIKO_TAGS" "${{ env.TAGS }}"',
    new Map([['github.actor', 'KANIKO_USERNAME']]),
    new Set(['KANIKO_SCRIPT', 'KANIKO_USERNAME']),
  );
  assert.equal(moved.script, 'echo "$KANIKO_GITHUB_SHA" "$KANIKO_GITHUB_SHA" "$KANIKO_GITHUB_TOKEN" "$KANIKO_GITHUB_TOKEN_2" "$KANIKO_USERNAME" "$KANIKO_TAGS" "$KANIKO_TAGS_2"');
  assert.deepEqual(moved.env.map((e) => e.name), ['KANIKO_GITHUB_SHA', 'KANIKO_GITHUB_TOKEN', 'KANIKO_GITHUB_TOKEN_2', 'KANIKO_TAGS_2']);
});

test('quoting follows the shell context of each expression', () => {
  const cases: [string, string][] = [
    ['--destination ghcr.io/${{ github.repository }}:${{ github.sha }}', '--destination "ghcr.io/$KANIKO_GITHUB_REPOSITORY:$KANIKO_GITHUB_SHA"'],
    ['--destination $IMAGE:${{ github.sha }}', '--destination $IMAGE:"$KANIKO_GITHUB_SHA"'],
    ['TAG=${{ github.sha }}_x', 'TAG="${KANIKO_GITHUB_SHA}_x"'],
    ['echo "a ${{ github.sha }}b"', 'echo "a ${KANIKO_GITHUB_SHA}b"'],
    ["echo 'a ${{ github.sha }} b'", `echo 'a '"$KANIKO_GITHUB_SHA"' b'`],
    ["echo '${{ github.sha }}'", 'echo "$KANIKO_GITHUB_SHA"'],
    ['# ref ${{ github.ref }}', '# ref $KANIKO_GITHUB_REF'],
    ['echo "$(printf %s ${{ github.sha }})"', 'echo "$(printf %s "$KANIKO_GITHUB_SHA")"'],
    ['echo ${X:-${{ github.sha }}}', 'echo ${X:-"$KANIKO_GITHUB_SHA"}'],
    ['echo "${X:-${{ github.sha }}}"', 'echo "${X:-$KANIKO_GITHUB_SHA}"'],
    ['echo \\${{ github.sha }}', 'echo "$KANIKO_GITHUB_SHA"'],
    ["echo ${{ format('{0}}}', github.sha) }}", 'echo "$KANIKO_EXPR_1"'],
    ['cat <<EOF\nv=${{ github.sha }}\nEOF\necho ${{ github.ref }}', 'cat <<EOF\nv=$KANIKO_GITHUB_SHA\nEOF\necho "$KANIKO_GITHUB_REF"'],
  ];
  for (const [input, expected] of cases) assert.equal(moveExpressions(input, none, reserved).script, expected, input);
  assert.deepEqual(moveExpressions('echo "$HOME" # nothing', none, reserved), { script: 'echo "$HOME" # nothing', env: [] });
});

test('a quoted heredoc with an expression cannot be moved', () => {
  const quoted = moveOrRefuse("cat <<'EOF'\n${{ github.sha }}\nEOF", none, reserved, kaniko.envPrefix);
  assert.ok(isRefused(quoted) && /quoted heredoc \(<<'EOF'\) contains a \$\{\{ \}\} expression/.test(quoted.refused));
  assert.ok(!isRefused(moveOrRefuse("cat <<'EOF'\nplain\nEOF\necho ${{ github.sha }}", none, reserved, kaniko.envPrefix)));
});

test('expressionEnd skips }} inside expression strings', () => {
  const s = "${{ format('}}{0}', a) }} rest";
  assert.equal(s.slice(0, expressionEnd(s, 0)), "${{ format('}}{0}', a) }}");
  assert.equal(expressionEnd('${{ open', 0), -1);
});

const SCRIPT = [
  'echo "{\\"auth\\":\\"$(printf \'%s:%s\' "${{ github.actor }}" "${{ secrets.PW }}")\\"}"',
  '# on ${{ github.ref_name }}',
  "echo 'title: ${{ github.event.pull_request.title }}'",
  'TAG=${{ github.ref_name }}-${{ github.run_number }}',
  'echo --destination ghcr.io/${{ github.repository }}:$TAG "--label=x=${{ github.sha }}x"',
  'cat <<EOF',
  'ref ${{ github.ref_name }}',
  'EOF',
].join('\n');

test('with ordinary values the moved script prints what the substituted original printed', () => {
  const values = { 'github.actor': 'octo', 'secrets.PW': 's3cr3t', 'github.ref_name': 'main', 'github.event.pull_request.title': 'Fix build', 'github.run_number': '42', 'github.repository': 'acme/app', 'github.sha': 'abc123' };
  const expected = run(substitute(SCRIPT, values));
  assert.match(expected, /ghcr\.io\/acme\/app:main-42/);
  assert.equal(runMoved(SCRIPT, values), expected);
});

test('a hostile value stays data in the moved script', () => {
  const hostile = '$(echo INJECTED)`echo INJECTED`"; echo INJECTED; \'';
  const values = { 'github.actor': hostile, 'secrets.PW': hostile, 'github.ref_name': `x\necho INJECTED`, 'github.event.pull_request.title': `'; echo INJECTED; '`, 'github.run_number': hostile, 'github.repository': hostile, 'github.sha': hostile };
  const output = runMoved(SCRIPT, values);
  assert.doesNotMatch(output, /^INJECTED$/m);
  assert.ok(output.includes("'; echo INJECTED; '"), output);
  // Substituted into the original, the same title runs as code.
  const benign = { 'github.actor': 'octo', 'secrets.PW': 'pw', 'github.ref_name': 'main', 'github.run_number': '1', 'github.repository': 'acme/app', 'github.sha': 'abc' };
  assert.match(run(substitute(SCRIPT, { ...benign, 'github.event.pull_request.title': values['github.event.pull_request.title'] })), /^INJECTED$/m);
});
