// The in-editor cases: what a user sees in VS Code, asserted through the public `vscode` API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './framework.js';
import {
  EXTENSION_ID,
  applyAction,
  codeActionsAt,
  fixtureUri,
  open,
  openUntitled,
  ours,
  pollUntil,
  rangeOf,
  waitForCode,
  waitForNoCode,
  withCode,
} from './helpers.js';

const UNPINNED = 'df-base-image-unpinned';
const DIND = 'ci-dind-service';

function assertRange(diagnostic: vscode.Diagnostic, expected: vscode.Range, what: string): void {
  const show = (r: vscode.Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  assert.ok(diagnostic.range.isEqual(expected), `${what}: range ${show(diagnostic.range)}, expected ${show(expected)}`);
}

test('is active and serves the Dockerfile and YAML documents of the workspace', async (log) => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const { doc: dockerfile } = await open('open/Dockerfile');
  assert.equal(dockerfile.languageId, 'dockerfile');
  await pollUntil(() => extension.isActive, `${EXTENSION_ID} to activate`);
  const { doc: ci } = await open('open/.gitlab-ci.yml');
  assert.equal(ci.languageId, 'yaml');
  log(`active; languages ${dockerfile.languageId}, ${ci.languageId}`);
}, { required: true });

test('reports diagnostics when a file is opened', async (log) => {
  const { doc: dockerfile, since: dockerfileSince } = await open('on-open/Dockerfile');
  const [unpinned] = await waitForCode(dockerfile.uri, UNPINNED, dockerfileSince);
  assertRange(unpinned, rangeOf(dockerfile, 'alpine:latest'), UNPINNED);
  const { doc: ci, since: ciSince } = await open('on-open/.gitlab-ci.yml');
  const [dind] = await waitForCode(ci.uri, DIND, ciSince);
  assertRange(dind, rangeOf(ci, 'docker:dind'), DIND);
  assert.ok(
    dind.severity === vscode.DiagnosticSeverity.Error || dind.severity === vscode.DiagnosticSeverity.Warning,
    'DinD is reported as an error or a warning',
  );
  const href = typeof dind.code === 'object' ? dind.code.target.toString() : '';
  assert.ok(href.includes(DIND), `the diagnostic links to its rule page (got "${href}")`);
  // A document that exists only in the editor: nothing but the open document can produce these.
  const { doc: manifest } = await openUntitled('yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n');
  const [privileged] = await waitForCode(manifest.uri, 'k8s-privileged');
  assertRange(privileged, rangeOf(manifest, 'true'), 'k8s-privileged');
  log(`${UNPINNED} at line ${unpinned.range.start.line + 1}, ${DIND} at line ${dind.range.start.line + 1}, k8s-privileged in an untitled manifest`);
});

test('updates diagnostics while an edit is typed, before saving', async (log) => {
  const { doc, editor, since } = await open('typing/Dockerfile');
  await waitForCode(doc.uri, UNPINNED, since);
  const pinned = 'alpine:3.20@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5';
  assert.ok(await editor.edit((b) => b.replace(rangeOf(doc, 'alpine:latest'), pinned)), 'edit applied');
  await waitForNoCode(doc.uri, UNPINNED);
  assert.ok(doc.isDirty, 'the fix was seen without saving');
  assert.ok(await editor.edit((b) => b.replace(rangeOf(doc, pinned), 'alpine:latest')), 'edit reverted');
  await waitForCode(doc.uri, UNPINNED);
  log('gone after pinning, back after reverting');
});

test('the workspace scan reports a file that was never opened', async (log) => {
  const uri = fixtureUri('scan/deploy/privileged-pod.yaml');
  assert.ok(
    !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
    'the manifest is not open in the editor',
  );
  await vscode.commands.executeCommand('daemonless.scanWorkspace');
  const found = await waitForCode(uri, 'k8s-privileged');
  log(`k8s-privileged at line ${found[0].range.start.line + 1} of an unopened manifest`);
});

test('a Suppress quick fix inserts the pragma and the diagnostic goes away', async (log) => {
  const { doc, since } = await open('fix/Dockerfile');
  const [unpinned] = await waitForCode(doc.uri, UNPINNED, since);
  const actions = await codeActionsAt(doc.uri, unpinned.range);
  const suppress = actions.find((a) => /^Suppress/i.test(a.title) && a.title.includes(UNPINNED));
  assert.ok(suppress, `a Suppress action for ${UNPINNED} among: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
  assert.ok(!suppress.disabled, 'the suppress action is enabled');
  await applyAction(suppress);
  await waitForNoCode(doc.uri, UNPINNED);
  assert.match(doc.getText(), new RegExp(`#\\s*daemonless ignore=${UNPINNED}`));
  log(`applied "${suppress.title}"`);
});

test('the DinD job is rewritten to Kaniko and its diagnostics go away', async (log) => {
  const { doc, since } = await open('kaniko/.gitlab-ci.yml');
  const [dind] = await waitForCode(doc.uri, DIND, since);
  const actions = await codeActionsAt(doc.uri, dind.range);
  const rewrite = actions.find((a) => /^Rewrite job '?build-image'? to build with Kaniko/.test(a.title));
  assert.ok(rewrite, `a Kaniko rewrite action among: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
  assert.equal(rewrite.disabled, undefined, `the rewrite is enabled (refused: ${rewrite.disabled?.reason})`);
  const before = doc.getText();
  await applyAction(rewrite);
  await waitForNoCode(doc.uri, DIND);
  const after = doc.getText();
  assert.notEqual(after, before, 'the rewrite changed the file');
  assert.match(after, /\/kaniko\/executor/, 'the job now builds with the Kaniko executor');
  assert.doesNotMatch(after, /docker:dind/, 'the DinD service is gone');
  log(`applied "${rewrite.title}"; remaining: ${ours(doc.uri).map((d) => d.code && (typeof d.code === 'object' ? d.code.value : d.code)).join(', ') || 'none'}`);
});

// VS Code shows a disabled action (faded, with its reason) only in its menus: the
// `vscode.executeCodeActionProvider` API returns applicable actions only. The menu itself is checked
// by the workbench smoke test; here, that a refused rewrite can never be applied.
test('a rewrite that cannot be done safely is not offered as applicable', async (log) => {
  const { doc, since } = await open('refusal/.gitlab-ci.yml');
  const [dind] = await waitForCode(doc.uri, DIND, since);
  const actions = await codeActionsAt(doc.uri, dind.range);
  const titles = actions.map((a) => a.title).join(' | ') || 'none';
  assert.ok(actions.some((a) => a.title === `Suppress ${DIND} on this line`), `the other actions are still offered (got: ${titles})`);
  assert.ok(!actions.some((a) => /Kaniko/.test(a.title)), `no applicable Kaniko rewrite for a job that runs its image (got: ${titles})`);
  log(`applicable: ${titles}`);
});

// Ctrl+. lists only applicable actions, so the reason of a refused rewrite must be reachable from the
// diagnostic (related information) and from an enabled action that shows every reason.
test("a refused rewrite's reason is on the diagnostic and an enabled action shows every reason", async (log) => {
  const { doc, since } = await open('refusal/.gitlab-ci.yml');
  const [dind] = await waitForCode(doc.uri, DIND, since);
  const related = dind.relatedInformation ?? [];
  assert.equal(related.length, 1, `one related information entry (got ${related.length})`);
  assert.match(related[0].message, /^Kaniko rewrite not offered: `docker run --rm app:test npm test`: /);
  assert.equal(related[0].location.uri.toString(), doc.uri.toString());
  assert.match(dind.message, /\(Kaniko rewrite not offered\)$/);

  const actions = await codeActionsAt(doc.uri, dind.range);
  const titles = actions.map((a) => a.title).join(' | ') || 'none';
  const why = actions.find((a) => a.title === "Why can't job 'integration-test' be rewritten?");
  assert.ok(why, `the explaining action is applicable (got: ${titles})`);
  assert.equal(why.command?.command, 'daemonless.showRewriteRefusal', "the extension's own command");
  await applyAction(why);
  try {
    const isPreview = () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputWebview && /markdown\.preview/.test(input.viewType);
    };
    await pollUntil(isPreview, 'a Markdown preview tab');
    const label = vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '';
    assert.match(label, /integration-test/, `the preview is the explanation (tab "${label}")`);
    // What the preview renders: the extension's page, served by its content provider.
    const page = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'daemonless-refusal', path: `/${why.title.replace('?', '')}.md` }));
    const text = page.getText();
    assert.match(text, /^# Why can't job 'integration-test' be rewritten\?/);
    assert.match(text, /^- `docker run --rm app:test npm test`: docker run needs a Docker daemon/m);
    const link = /\]\(([^)]+)\)/.exec(text)?.[1];
    assert.equal(link, `${vscode.env.uriScheme}://${EXTENSION_ID}/docs/rewrite`, 'the page links to the rewrite docs through the extension');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rewrite.md'));
    log(`related: "${related[0].message.slice(0, 80)}…"; "${why.title}" → tab "${label}"`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }
});

test('the USER snippet inserts a USER line whose uid the user types', async (log) => {
  const { doc, editor, since } = await open('user/Dockerfile');
  const [missing] = await waitForCode(doc.uri, 'df-missing-user', since);
  const actions = await codeActionsAt(doc.uri, missing.range);
  const snippet = actions.find((a) => a.title === 'Insert USER <uid> (you choose the uid)');
  assert.ok(snippet, `the USER snippet among: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
  assert.ok(!snippet.isPreferred, 'never applied by fix-all');
  await applyAction(snippet);
  // Inserted as a snippet: the placeholder's text, selected, so that typing replaces it.
  const line = rangeOf(doc, 'USER 10001');
  assert.equal(line.start.line, 2, 'above CMD');
  assert.equal(doc.getText(editor.selection), '10001', `the uid is selected (selection "${doc.getText(editor.selection)}")`);
  assert.ok(await editor.edit((b) => b.replace(editor.selection, '4242')), 'the uid typed over the placeholder');
  assert.match(doc.getText(), /^USER 4242\nCMD \["sh"\]$/m);
  await waitForNoCode(doc.uri, 'df-missing-user');
  log(`"${snippet.title}" → line ${line.start.line + 1}: USER 4242`);
});

test('changing daemonless.rules applies live', async (log) => {
  const { doc, since } = await open('settings/Dockerfile');
  await waitForCode(doc.uri, UNPINNED, since);
  const config = vscode.workspace.getConfiguration('daemonless');
  await config.update('rules', { [UNPINNED]: 'off' }, vscode.ConfigurationTarget.Workspace);
  try {
    await waitForNoCode(doc.uri, UNPINNED);
  } finally {
    await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitForCode(doc.uri, UNPINNED);
  log('gone with the rule off, back when the setting was removed');
});

test('a suppression pragma is honoured', async (log) => {
  const { doc, since } = await open('pragma/Dockerfile');
  const found = await waitForCode(doc.uri, UNPINNED, since);
  assert.equal(found.length, 1, `only the unsuppressed stage is reported (got ${found.length})`);
  assert.equal(found[0].range.start.line, rangeOf(doc, 'alpine:latest', 1).start.line, 'the second FROM is the one reported');
  log(`reported on line ${found[0].range.start.line + 1} only`);
});

test('a docs link opens the rendered rule page, never the Markdown source as an editable tab', async (log) => {
  const { doc } = await open('on-open/Dockerfile');
  const shown = withCode(doc.uri, UNPINNED);
  const [unpinned] = shown.length > 0 ? shown : await waitForCode(doc.uri, UNPINNED);
  assert.ok(unpinned && typeof unpinned.code === 'object', 'the finding carries a link');
  const target = unpinned.code.target;
  assert.equal(target.scheme, vscode.env.uriScheme, `the link goes through the extension (got ${target.toString()})`);
  assert.equal(target.authority, EXTENSION_ID);
  assert.equal(target.path, `/docs/rules/${UNPINNED}`);
  const isPreview = () => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputWebview && /markdown\.preview/.test(input.viewType);
  };
  await vscode.commands.executeCommand('daemonless.openRuleDocs', UNPINNED);
  await pollUntil(isPreview, 'a Markdown preview tab');
  const label = vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '';
  assert.match(label, new RegExp(UNPINNED), `the preview shows the rule's page (tab "${label}")`);
  const sourceTabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith(`/docs/rules/${UNPINNED}.md`));
  assert.equal(sourceTabs.length, 0, 'no text editor holds the page source');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  log(`link ${target.toString()} → tab "${label}"`);
});
