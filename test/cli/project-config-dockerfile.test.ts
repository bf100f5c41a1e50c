// The Dockerfile keys of `.daemonless.json`: `trustedRegistries` (df-untrusted-registry) and
// `dockerfile.target` (the stage that ships). What a valid file sets, where a bad value is reported,
// how the editor's setting layers on top, and that the CLI applies both.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { effectiveOptions, parseProjectConfig } from '../../server/src/config/project-config.js';
import { folderOptions, parseSettings } from '../../server/src/lsp/settings.js';
import { runCli, scratch } from './helpers.js';

describe('trustedRegistries and dockerfile.target in a config file', () => {
  test('a valid file sets both, entries trimmed', () => {
    const text = JSON.stringify({ trustedRegistries: [' registry.corp.example ', '*.mirror.corp.example', 'localhost:5000', '*'], dockerfile: { target: 'runtime' } });
    const { config, problems } = parseProjectConfig(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(config.trustedRegistries, ['registry.corp.example', '*.mirror.corp.example', 'localhost:5000', '*']);
    assert.equal(config.dockerfileTarget, 'runtime');
    assert.deepEqual(effectiveOptions(config).lint, { rules: {}, trustedRegistries: ['registry.corp.example', '*.mirror.corp.example', 'localhost:5000', '*'], dockerfileTarget: 'runtime' });
  });

  // [name, text, [message pattern, the text the range covers][]]
  const PROBLEMS: [string, string, [RegExp, string][]][] = [
    ['trustedRegistries not an array', '{"trustedRegistries": "docker.io"}', [[/"trustedRegistries" must be an array of registry hosts/, '"docker.io"']]],
    ['a non-string entry', '{"trustedRegistries": ["docker.io", 5]}', [[/"trustedRegistries" must be an array/, '5']]],
    ['a URL is not a host', '{"trustedRegistries": ["https://registry.corp"]}', [[/entry 'https:\/\/registry.corp' is not a registry host/, '"https://registry.corp"']]],
    ['a repository path is not a host', '{"trustedRegistries": ["ghcr.io/acme"]}', [[/entry 'ghcr.io\/acme' is not a registry host/, '"ghcr.io/acme"']]],
    ['a wildcard inside a name', '{"trustedRegistries": ["reg*.corp"]}', [[/is not a registry host/, '"reg*.corp"']]],
    ['dockerfile not an object', '{"dockerfile": "runtime"}', [[/"dockerfile" must be an object/, '"runtime"']]],
    ['unknown key inside dockerfile, with the closest', '{"dockerfile": {"targte": "x"}}', [[/^unknown key 'dockerfile.targte' \(did you mean 'dockerfile.target'\?\)$/, '"targte"']]],
    ['target not a string', '{"dockerfile": {"target": 1}}', [[/"dockerfile.target" must be a build stage name/, '1']]],
    ['target not a stage name', '{"dockerfile": {"target": "my stage"}}', [[/must be a build stage name .*\(got 'my stage'\)/, '"my stage"']]],
    ['target empty', '{"dockerfile": {"target": ""}}', [[/must be a build stage name/, '""']]],
  ];
  for (const [name, text, expected] of PROBLEMS) {
    test(`problem: ${name}`, () => {
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

describe('the editor setting daemonless.trustedRegistries', () => {
  const { config } = parseProjectConfig(JSON.stringify({ trustedRegistries: ['file.corp'], dockerfile: { target: 'runtime' } }));
  test('a list the user set replaces the file\'s list', () => {
    const settings = parseSettings({ trustedRegistries: [' mine.corp ', '', 7] }, undefined);
    assert.deepEqual(settings.trustedRegistries, ['mine.corp']);
    assert.deepEqual(folderOptions(config, settings).lint.trustedRegistries, ['mine.corp']);
    assert.equal(folderOptions(config, settings).lint.dockerfileTarget, 'runtime');
  });
  test('the default (empty) list leaves the file\'s list', () => {
    const settings = parseSettings({ trustedRegistries: [] }, undefined);
    assert.equal(settings.trustedRegistries, undefined);
    assert.deepEqual(folderOptions(config, settings).lint.trustedRegistries, ['file.corp']);
  });
  test('neither: no list, so df-untrusted-registry is silent', () => {
    assert.equal(folderOptions({ rules: {}, exclude: [] }, parseSettings({}, undefined)).lint.trustedRegistries, undefined);
  });
});

interface JsonFinding {
  ruleId: string;
  severity: string;
  range: { start: { line: number } };
}

function ruleFindings(stdout: string, ruleId: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.ruleId === ruleId);
}

describe('the CLI applies the Dockerfile keys', () => {
  const DOCKERFILE = 'FROM quay.io/acme/build:1 AS debug\nUSER root\nFROM registry.corp.example/static:1 AS runtime\nUSER 10001\nFROM runtime AS tests\nUSER root\n';

  test('trustedRegistries with the rule switched on', () => {
    const dir = scratch({
      Dockerfile: DOCKERFILE,
      '.daemonless.json': JSON.stringify({ rules: { 'df-untrusted-registry': 'error' }, trustedRegistries: ['registry.corp.example'] }),
    });
    const run = runCli(['lint', '--format', 'json'], dir);
    const found = ruleFindings(run.stdout, 'df-untrusted-registry');
    assert.deepEqual(found.map((f) => [f.range.start.line, f.severity]), [[0, 'error']], run.stdout);
  });

  test('dockerfile.target: the named stage ships, not the last one', () => {
    const last = runCli(['lint', '--format', 'json'], scratch({ Dockerfile: DOCKERFILE }));
    const target = runCli(['lint', '--format', 'json'], scratch({ Dockerfile: DOCKERFILE, '.daemonless.json': JSON.stringify({ dockerfile: { target: 'runtime' } }) }));
    assert.deepEqual(ruleFindings(last.stdout, 'df-user-root').map((f) => f.range.start.line), [5], 'the last stage (tests) runs as root');
    assert.deepEqual(ruleFindings(target.stdout, 'df-user-root'), [], 'the target stage (runtime) does not');
  });
});

test('the CLI notes a multi-stage Dockerfile that has no stage named by dockerfile.target', () => {
  const dir = scratch({
    'a/Dockerfile': 'FROM alpine:3.20 AS build\nFROM alpine:3.20 AS runtime\nUSER 1000\n',
    'b/Dockerfile': 'FROM alpine:3.20 AS build\nFROM alpine:3.20 AS release\nUSER 1000\n',
    'c/Dockerfile': 'FROM alpine:3.20\nUSER 1000\n',
    '.daemonless.json': JSON.stringify({ dockerfile: { target: 'Runtime' } }),
  });
  const run = runCli(['lint'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(run.stderr.split('\n').filter((l) => l.includes('dockerfile.target')), [
    "daemonless: note: dockerfile.target 'Runtime' names no stage of b/Dockerfile; its last stage is judged as the one that ships",
  ]);
});
