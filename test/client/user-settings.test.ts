// The VS Code client answers the server's configuration requests without the numeric limits
// (daemonless.maxFileSize and the budgets) unless the user set them, so a setting's default does not
// override the folder's .daemonless.json.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserSet, userSetOnly, USER_SET_ONLY, type InspectedSetting } from '../../client/src/user-settings.js';
import { parseSettings } from '../../server/src/lsp/settings.js';

// What VS Code answers for the `daemonless` section when nothing is set: every default.
const DEFAULTS = {
  rules: {},
  exclude: [],
  maxFileSize: 2_000_000,
  maxNestingDepth: 500,
  maxScriptLength: 100_000,
  timeBudgetMs: 2_000,
  kaniko: { image: '' },
  debounceMs: 0,
  trace: { server: 'off' },
};
const nothingSet = () => ({});
const setAt = (levels: Record<string, InspectedSetting>) => (key: string) => levels[key];

test('a setting the user did not set at any level is not user-set', () => {
  assert.equal(isUserSet(undefined), false);
  assert.equal(isUserSet({}), false);
  for (const level of ['globalValue', 'workspaceValue', 'workspaceFolderValue', 'globalLanguageValue', 'workspaceLanguageValue', 'workspaceFolderLanguageValue']) {
    assert.equal(isUserSet({ [level]: 2_000_000 }), true, level);
  }
});

test('the default limits are left out, so the settings the server reads override nothing', () => {
  const section = userSetOnly(DEFAULTS, nothingSet);
  for (const key of USER_SET_ONLY) assert.equal(key in section, false, key);
  assert.deepEqual(section.rules, {});
  const settings = parseSettings(section, undefined);
  for (const key of USER_SET_ONLY) assert.equal(settings[key], undefined, key);
  assert.equal(settings.kanikoImage, undefined, 'the empty default image overrides nothing either');
  assert.deepEqual(settings.rules, {});
  assert.deepEqual(settings.exclude, []);
  assert.equal(DEFAULTS.maxFileSize, 2_000_000, 'the section given is not changed');
});

test('a limit the user set is kept, even when it equals the default; the others still go', () => {
  const section = userSetOnly(DEFAULTS, setAt({ maxFileSize: { workspaceValue: 2_000_000 }, timeBudgetMs: { globalValue: 2_000 } }));
  const settings = parseSettings(section, undefined);
  assert.equal(settings.maxFileSize, 2_000_000);
  assert.equal(settings.timeBudgetMs, 2_000);
  assert.equal(settings.maxNestingDepth, undefined);
  assert.equal(settings.maxScriptLength, undefined);
  const lowered = { ...DEFAULTS, maxFileSize: 500, maxNestingDepth: 8, maxScriptLength: 64 };
  const set = setAt({ maxFileSize: { globalValue: 500 }, maxNestingDepth: { workspaceFolderValue: 8 }, maxScriptLength: { workspaceValue: 64 } });
  assert.deepEqual(
    (({ maxFileSize, maxNestingDepth, maxScriptLength, timeBudgetMs }) => ({ maxFileSize, maxNestingDepth, maxScriptLength, timeBudgetMs }))(parseSettings(userSetOnly(lowered, set), undefined)),
    { maxFileSize: 500, maxNestingDepth: 8, maxScriptLength: 64, timeBudgetMs: undefined },
  );
});

test('budget settings that are not positive numbers are ignored; fractions are floored', () => {
  const settings = parseSettings({ maxNestingDepth: 0, maxScriptLength: '100', timeBudgetMs: 2.7 }, undefined);
  assert.equal(settings.maxNestingDepth, undefined);
  assert.equal(settings.maxScriptLength, undefined);
  assert.equal(settings.timeBudgetMs, 2);
});
