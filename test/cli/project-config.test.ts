// The shared reader of `.daemonless.json` (server/src/config/project-config.ts), which the CLI and the
// language server both use: what a valid file sets, where each problem is reported (the substring of
// the file the problem's range covers), that an invalid file sets nothing, how overrides layer on top,
// and that the CLI states each problem with its line and column.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJsonTree, type JsonNode } from '../../server/src/config/json-tree.js';
import { effectiveOptions, knownRuleIds, parseProjectConfig } from '../../server/src/config/project-config.js';
import { runCli, scratch } from './helpers.js';

describe('a valid config file', () => {
  test('sets rules, exclude, maxFileSize and the Kaniko image', () => {
    const text = JSON.stringify({
      $schema: 'https://example.invalid/schema.json',
      rules: { 'df-user-root': 'off', 'parse-error': 'error', 'file-skipped': 'hint' },
      exclude: ['vendor/**'],
      maxFileSize: 4096,
      kaniko: { image: ' registry.example.invalid/kaniko:v1 ' },
    });
    assert.deepEqual(parseProjectConfig(text), {
      config: {
        rules: { 'df-user-root': 'off', 'parse-error': 'error', 'file-skipped': 'hint' },
        exclude: ['vendor/**'],
        maxFileSize: 4096,
        kanikoImage: 'registry.example.invalid/kaniko:v1',
      },
      problems: [],
    });
  });

  test('sets the budgets: nesting depth, script length and time per file', () => {
    const text = JSON.stringify({ maxNestingDepth: 40, maxScriptLength: 5000, timeBudgetMs: 250 });
    assert.deepEqual(parseProjectConfig(text), {
      config: { rules: {}, exclude: [], maxNestingDepth: 40, maxScriptLength: 5000, timeBudgetMs: 250 },
      problems: [],
    });
  });

  test('an empty object sets nothing; a later duplicate key wins, as with JSON.parse', () => {
    assert.deepEqual(parseProjectConfig('{}'), { config: { rules: {}, exclude: [] }, problems: [] });
    const dup = parseProjectConfig('{"maxFileSize": 10, "maxFileSize": 20}');
    assert.equal(dup.config.maxFileSize, 20);
  });

  test('every registered rule and built-in finding may be named', () => {
    const ids = knownRuleIds();
    assert.ok(ids.includes('df-user-root') && ids.includes('parse-error') && ids.includes('file-skipped'));
    const all = parseProjectConfig(JSON.stringify({ rules: Object.fromEntries(ids.map((id) => [id, 'off'])) }));
    assert.deepEqual(all.problems, []);
    assert.equal(Object.keys(all.config.rules).length, ids.length);
  });
});

// [name, text, [message pattern, the text the range covers][]]
const PROBLEMS: [string, string, [RegExp, string][]][] = [
  ['unknown rule id, at the id', '{\n  "rules": { "df-user-roots": "off" }\n}', [[/^unknown rule 'df-user-roots' \(did you mean 'df-user-root'\?\)$/, '"df-user-roots"']]],
  ['bad severity, at the value', '{"rules": {"df-user-root": "fatal"}}', [[/^severity of 'df-user-root' must be one of error, warning, info, hint, off \(got 'fatal'\)$/, '"fatal"']]],
  ['severity of the wrong type', '{"rules": {"df-user-root": false}}', [[/\(got 'false'\)$/, 'false']]],
  ['unknown top-level key, with the closest', '{"exclud": []}', [[/^unknown key 'exclud' \(did you mean 'exclude'\?\)$/, '"exclud"']]],
  ['unknown key inside kaniko', '{"kaniko": {"imgae": "x"}}', [[/^unknown key 'kaniko.imgae' \(did you mean 'kaniko.image'\?\)$/, '"imgae"']]],
  ['rules not an object', '{"rules": ["df-user-root"]}', [[/"rules" must be an object/, '["df-user-root"]']]],
  ['exclude not an array', '{"exclude": "vendor/**"}', [[/"exclude" must be an array of globs/, '"vendor/**"']]],
  ['a non-string glob', '{"exclude": ["ok/**", 3]}', [[/"exclude" must be an array of globs/, '3']]],
  ['maxFileSize not a positive integer', '{"maxFileSize": 1.5}', [[/"maxFileSize" must be a positive integer/, '1.5']]],
  ['maxFileSize zero', '{"maxFileSize": 0}', [[/"maxFileSize" must be a positive integer/, '0']]],
  ['maxNestingDepth not a number', '{"maxNestingDepth": "deep"}', [[/^"maxNestingDepth" must be a positive integer$/, '"deep"']]],
  ['maxNestingDepth zero', '{"maxNestingDepth": 0}', [[/^"maxNestingDepth" must be a positive integer$/, '0']]],
  ['maxScriptLength a fraction', '{"maxScriptLength": 10.5}', [[/^"maxScriptLength" must be a positive integer$/, '10.5']]],
  ['timeBudgetMs negative', '{"timeBudgetMs": -100}', [[/^"timeBudgetMs" must be a positive integer$/, '-100']]],
  ['timeBudgetMs null', '{"timeBudgetMs": null}', [[/^"timeBudgetMs" must be a positive integer$/, 'null']]],
  ['a misspelt budget, with the closest', '{"maxScriptLenght": 10}', [[/^unknown key 'maxScriptLenght' \(did you mean 'maxScriptLength'\?\)$/, '"maxScriptLenght"']]],
  ['kaniko image not a string', '{"kaniko": {"image": 1}}', [[/"kaniko.image" must be a string/, '1']]],
  ['not an object', ' ["rules"] ', [[/^must hold a JSON object$/, '["rules"]']]],
  ['not JSON: a trailing comma', '{"rules": {},\n}', [[/^not valid JSON: /, '}']]],
  ['not JSON: cut short', '{"rules": ', [[/^not valid JSON: /, '']]],
  ['not JSON: a comment', '// mine\n{}', [[/^not valid JSON: /, '/']]],
  [
    'every problem is reported, not only the first',
    '{"rulez": {}, "rules": {"nope": "off", "df-user-root": "loud"}, "maxFileSize": -1}',
    [
      [/unknown key 'rulez'/, '"rulez"'],
      [/unknown rule 'nope'/, '"nope"'],
      [/severity of 'df-user-root'/, '"loud"'],
      [/"maxFileSize"/, '-1'],
    ],
  ],
];

describe('an invalid config file', () => {
  for (const [name, text, expected] of PROBLEMS) {
    test(name, () => {
      const { config, problems } = parseProjectConfig(text);
      assert.deepEqual(
        problems.map((p) => text.slice(p.start, p.end)),
        expected.map(([, covered]) => covered),
      );
      problems.forEach((p, i) => assert.match(p.message, expected[i][0]));
      assert.deepEqual(config, { rules: {}, exclude: [] }, 'nothing of an invalid file applies');
    });
  }
});

describe('the positioned JSON tree', () => {
  const plain = (node: JsonNode): unknown => {
    if (node.type === 'object') return Object.fromEntries(node.members.map((m) => [m.key, plain(m.value)]));
    if (node.type === 'array') return node.items.map(plain);
    return node.value;
  };
  const VALID = ['{}', ' [ ] ', '"a\\"b\\u00e9\\n"', '-0.5e+3', '{"a":[1,{"b":null}],"c":true,"d":false}', '\t{\r\n"x" : "y"\n}\n', '"\u2028"', '{"a":1,"a":2}'];
  const INVALID = ['', '{', '{"a":1,}', '[1,]', "{'a':1}", '{"a" 1}', '01', '1.', '.5', '+1', '"tab\there"', '"\\x"', 'nul', '{} {}', 'NaN', '\u00a0{}', '\ufeff{}'];
  for (const text of VALID) {
    test(`reads ${JSON.stringify(text)} as JSON.parse does`, () => assert.deepEqual(plain(parseJsonTree(text)), JSON.parse(text)));
  }
  for (const text of INVALID) {
    test(`rejects ${JSON.stringify(text)} as JSON.parse does`, () => {
      assert.throws(() => JSON.parse(text));
      assert.throws(() => parseJsonTree(text));
    });
  }
});

describe('overrides on top of the file', () => {
  const { config } = parseProjectConfig(
    JSON.stringify({ rules: { 'df-user-root': 'off', 'parse-error': 'error' }, exclude: ['vendor/**'], maxFileSize: 100, kaniko: { image: 'file/kaniko:1' } }),
  );
  test('no overrides: the file as it is', () => {
    assert.deepEqual(effectiveOptions(config), {
      lint: { rules: { 'df-user-root': 'off', 'parse-error': 'error' }, maxFileSize: 100, rewrite: { image: 'file/kaniko:1' } },
      exclude: ['vendor/**'],
    });
  });
  test('an override wins per rule id and per field; absent fields keep the file; exclude globs add up', () => {
    assert.deepEqual(effectiveOptions(config, { rules: { 'df-user-root': 'warning' }, exclude: ['tmp/**'] }), {
      lint: { rules: { 'df-user-root': 'warning', 'parse-error': 'error' }, maxFileSize: 100, rewrite: { image: 'file/kaniko:1' } },
      exclude: ['vendor/**', 'tmp/**'],
    });
    assert.deepEqual(effectiveOptions(config, { maxFileSize: 5, kanikoImage: 'mine/kaniko:2' }).lint, {
      rules: { 'df-user-root': 'off', 'parse-error': 'error' },
      maxFileSize: 5,
      rewrite: { image: 'mine/kaniko:2' },
    });
  });
  test('the budgets: an override wins per key, an absent one keeps the file', () => {
    const budgets = parseProjectConfig(JSON.stringify({ maxNestingDepth: 40, maxScriptLength: 5000, timeBudgetMs: 250 })).config;
    assert.deepEqual(effectiveOptions(budgets).lint, { rules: {}, maxNestingDepth: 40, maxScriptLength: 5000, timeBudgetMs: 250 });
    assert.deepEqual(effectiveOptions(budgets, { maxScriptLength: 64, timeBudgetMs: 9000 }).lint, {
      rules: {},
      maxNestingDepth: 40,
      maxScriptLength: 64,
      timeBudgetMs: 9000,
    });
  });
  test('without a file, only the overrides (the engine keeps its defaults)', () => {
    assert.deepEqual(effectiveOptions({ rules: {}, exclude: [] }), { lint: { rules: {} }, exclude: [] });
  });
});

test('the CLI names every problem of its config file with its line and column, and exits 2', () => {
  const dir = scratch({ Dockerfile: 'FROM node:22.11.0\nUSER node\n', '.daemonless.json': '{\n  "rules": { "df-user-roots": "off" },\n  "maxFileSize": "big"\n}\n' });
  const run = runCli(['lint'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /config file: unknown rule 'df-user-roots' \(did you mean 'df-user-root'\?\) \(.*\.daemonless\.json:2:14\)/);
  assert.match(run.stderr, /config file: "maxFileSize" must be a positive integer \(.*\.daemonless\.json:3:18\)/);
});

test('the CLI applies the budgets of its config file', () => {
  const longRun = `RUN ${'echo one && '.repeat(20)}echo done\n`;
  const files = { Dockerfile: `FROM node:22.11.0\n${longRun}USER node\n`, 'pod.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: {b: {c: {d: 1}}}\n' };
  const skipped = (dir: string) => {
    const { findings } = JSON.parse(runCli(['lint', '--format', 'json', '.'], dir).stdout) as { findings: { file: string; ruleId: string; message: string }[] };
    return findings.filter((f) => f.ruleId === 'file-skipped').map((f) => `${f.file}: ${f.message}`).sort();
  };
  assert.deepEqual(skipped(scratch(files)), [], 'within the default budgets');
  const lowered = scratch({ ...files, '.daemonless.json': JSON.stringify({ maxNestingDepth: 2, maxScriptLength: 40 }) });
  const [dockerfile, pod, ...rest] = skipped(lowered);
  assert.match(dockerfile, /^Dockerfile: A shell script of \d+ characters was analysed up to 40 characters only/);
  assert.match(pod, /^pod\.yaml: Nesting deeper than 2 levels/);
  assert.deepEqual(rest, []);
  const bad = runCli(['lint'], scratch({ ...files, '.daemonless.json': '{"timeBudgetMs": 0}' }));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /config file: "timeBudgetMs" must be a positive integer \(.*\.daemonless\.json:1:18\)/);
});
