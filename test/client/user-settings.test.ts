// The VS Code client answers the server's configuration requests without daemonless.maxFileSize
// unless the user set it, so the setting's default does not override the folder's .daemonless.json.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserSet, userSetOnly } from '../../client/src/user-settings.js';
import { parseSettings } from '../../server/src/lsp/settings.js';

// What VS Code answers for the `daemonless` section when nothing is set: every default.
const DEFAULTS = { rules: {}, exclude: [], maxFileSize: 2_000_000, kaniko: { image: '' }, debounceMs: 0, trace: { server: 'off' } };

test('a setting the user did not set at any level is not user-set', () => {
  assert.equal(isUserSet(undefined), false);
  assert.equal(isUserSet({}), false);
  for (const level of ['globalValue', 'workspaceValue', 'workspaceFolderValue', 'globalLanguageValue', 'workspaceLanguageValue', 'workspaceFolderLanguageValue']) {
    assert.equal(isUserSet({ [level]: 2_000_000 }), true, level);
  }
});

test('the default maxFileSize is left out, so the settings the server reads override nothing', () => {
  const section = userSetOnly(DEFAULTS, {});
  assert.equal('maxFileSize' in section, false);
  assert.deepEqual(section.rules, {});
  const settings = parseSettings(section, undefined);
  assert.equal(settings.maxFileSize, undefined);
  assert.equal(settings.kanikoImage, undefined, 'the empty default image overrides nothing either');
  assert.deepEqual(settings.rules, {});
  assert.deepEqual(settings.exclude, []);
});

test('a maxFileSize the user set is kept, even when it equals the default', () => {
  const section = userSetOnly(DEFAULTS, { workspaceValue: 2_000_000 });
  assert.equal(parseSettings(section, undefined).maxFileSize, 2_000_000);
  assert.equal(parseSettings(userSetOnly({ ...DEFAULTS, maxFileSize: 500 }, { globalValue: 500 }), undefined).maxFileSize, 500);
});
