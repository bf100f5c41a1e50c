// A finding that lets the user choose (a namespace's Pod Security level) becomes one code action per
// choice, in the engine's order, none preferred, so the editor's fix-all applies none; each action's
// edit gives a file that parses and that the rule accepts, in a small file and in a large one linted
// per document (where the edit must land in the right document).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { lintFile } from '../../server/src/engine/index.js';
import { parseYaml } from '../../server/src/engine/parse/yaml.js';
import { applyWorkspaceEdit, fileUri, serverForSuite, TestClient } from './lsp-client.js';
import { configMap } from './manifests.js';

const dir = mkdtempSync(join(tmpdir(), 'daemonless-lsp-alternatives-'));
const RULE = 'k8s-namespace-pod-security';
const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: builds # CI\n  labels:\n    team: platform\n';

describe('alternative quick fixes', () => {
  let client!: TestClient;
  serverForSuite((c) => (client = c));

  const cases: [string, string][] = [
    ['small', `${configMap(0, 10)}---\n${namespace}`],
    ['large, linted per document', `${Array.from({ length: 70 }, (_, i) => configMap(i, 400)).join('---\n')}---\n${namespace}`],
  ];
  for (const [name, text] of cases) {
    test(`restricted then baseline are offered, neither preferred, each giving a valid labelled namespace (${name})`, async () => {
      const path = join(dir, name.split(',')[0], 'ns.yaml');
      const uri = fileUri(path);
      client.open(uri, 'yaml', text, 1);
      const published = await client.waitForPublish(uri, { version: 1 });
      const target = published.diagnostics.find((d) => d.code === RULE);
      assert.ok(target, 'the namespace is flagged');
      const actions = await client.codeActions(uri, target.range, [target]);
      const choices = actions.filter((a) => a.title.startsWith('Enforce the '));
      assert.deepEqual(choices.map((a) => a.title), [
        'Enforce the restricted Pod Security Standard on namespace "builds"',
        'Enforce the baseline Pod Security Standard on namespace "builds"',
      ]);
      assert.equal(actions.indexOf(choices[0]), 0, 'the choices come before the suppression');
      for (const [i, level] of ['restricted', 'baseline'].entries()) {
        const action = choices[i];
        assert.equal(action.kind, 'quickfix');
        assert.ok(!action.isPreferred, 'fix-all must not pick the level');
        assert.deepEqual(action.diagnostics?.map((d) => d.code), [RULE]);
        const output = applyWorkspaceEdit(uri, 1, text, action.edit!);
        const parsed = parseYaml(output);
        assert.equal(parsed.errors.length, 0);
        const last = parsed.documents[parsed.documents.length - 1].toJS() as { metadata: { labels: Record<string, string> } };
        assert.deepEqual(last.metadata.labels, { team: 'platform', 'pod-security.kubernetes.io/enforce': level });
        assert.ok(output.includes('  name: builds # CI\n'), 'comments stay');
        assert.equal(output.slice(0, text.length - namespace.length), text.slice(0, text.length - namespace.length), 'earlier documents unchanged');
        assert.deepEqual(lintFile({ path, text: output }).findings.filter((f) => f.ruleId === RULE), []);
      }
    });
  }
});
