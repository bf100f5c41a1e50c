// A refused Kaniko rewrite is visible without the Refactor menu: the diagnostic that would have offered
// it carries the first reason, and an enabled "Why can't job 'x' be rewritten?" quick fix shows every
// reason, through the server's own command (window/showMessage) or, for a client that says it has
// one, the client's command. The expected reasons come from the engine's own refusal.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { lintFile, type Refusal } from '../../server/src/engine/index.js';
import { fileUri, TestClient } from './lsp-client.js';

const dir = mkdtempSync(join(tmpdir(), 'daemonless-lsp-refusal-'));
const SECRET = 'hunter2secretvalue';

/** A job the rewrite refuses for three reasons, one of them a literal password (written first, decisive last). */
const REFUSED = `integration-test:
  stage: test
  image: docker:27
  services:
    - docker:dind
  script:
    - docker login -u me -p ${SECRET} registry.example.com
    - docker build -t app:test .
    - docker run --rm app:test npm test
    - docker compose up -d
`;

const REWRITABLE = `build-image:
  image: docker:27
  services:
    - docker:dind
  script:
    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
`;

function engineRefusal(path: string, text: string, ruleId = 'ci-dind-service'): Refusal {
  const finding = lintFile({ path, text }).findings.find((f) => f.ruleId === ruleId);
  const outcome = finding?.fix?.();
  assert.equal(outcome?.type, 'refusal', `the engine refuses the rewrite (got ${JSON.stringify(outcome)})`);
  return outcome as Refusal;
}

const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

const dind = (diagnostics: Diagnostic[]) => {
  const found = diagnostics.find((d) => d.code === 'ci-dind-service');
  assert.ok(found, `a ci-dind-service diagnostic among ${diagnostics.map((d) => d.code).join(', ')}`);
  return found;
};

const clients: TestClient[] = [];
async function start(options: Parameters<typeof TestClient.start>[0] = {}): Promise<TestClient> {
  const client = await TestClient.start(options);
  clients.push(client);
  return client;
}

async function openJob(client: TestClient, name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = fileUri(join(dir, name, '.gitlab-ci.yml'));
  client.open(uri, 'yaml', text, 1);
  const published = await client.waitForPublish(uri, { version: 1 });
  return { uri, diagnostics: published.diagnostics };
}

function whyAction(actions: CodeAction[]): CodeAction {
  const why = actions.filter((a) => a.title.startsWith("Why can't"));
  assert.equal(why.length, 1, `one explaining action among: ${actions.map((a) => a.title).join(' | ')}`);
  return why[0];
}

describe('a refused Kaniko rewrite', () => {
  after(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });

  test("the diagnostic carries the first reason as related information, and the message says there is one", async () => {
    const client = await start();
    const { uri, diagnostics } = await openJob(client, 'related', REFUSED);
    const refusal = engineRefusal(join(dir, 'related', '.gitlab-ci.yml'), REFUSED);
    const first = refusal.reason.slice(0, refusal.reason.indexOf(' Also: '));
    const d = dind(diagnostics);
    assert.match(messageOf(d), / \(Kaniko rewrite not offered\)$/);
    assert.deepEqual(d.relatedInformation, [{ location: { uri, range: d.range }, message: `Kaniko rewrite not offered: ${first}` }]);
    assert.doesNotMatch(JSON.stringify(diagnostics), new RegExp(SECRET), 'no diagnostic echoes the password');
  });

  test('a client without related information gets the first reason in the message', async () => {
    const client = await start({ relatedInformation: false });
    const { diagnostics } = await openJob(client, 'message', REFUSED);
    const refusal = engineRefusal(join(dir, 'message', '.gitlab-ci.yml'), REFUSED);
    const first = refusal.reason.slice(0, refusal.reason.indexOf(' Also: '));
    const d = dind(diagnostics);
    assert.ok(messageOf(d).endsWith(` Kaniko rewrite not offered: ${first}`), messageOf(d));
    assert.equal(d.relatedInformation, undefined);
  });

  test('a rewritable job gets no note', async () => {
    const client = await start();
    const { diagnostics } = await openJob(client, 'rewritable', REWRITABLE);
    const d = dind(diagnostics);
    assert.doesNotMatch(messageOf(d), /not offered/);
    assert.equal(d.relatedInformation, undefined);
  });

  test("an enabled quick fix explains every reason through window/showMessage, the password masked", async () => {
    const client = await start();
    const { uri, diagnostics } = await openJob(client, 'server-command', REFUSED);
    const refusal = engineRefusal(join(dir, 'server-command', '.gitlab-ci.yml'), REFUSED);
    const d = dind(diagnostics);
    const actions = await client.codeActions(uri, d.range, [d]);
    // The disabled rewrite stays for the kind menus.
    assert.ok(actions.some((a) => a.title === refusal.title && a.disabled?.reason === refusal.reason));
    const why = whyAction(actions);
    assert.equal(why.title, "Why can't job 'integration-test' be rewritten?");
    assert.equal(why.kind, 'quickfix');
    assert.equal(why.disabled, undefined);
    assert.equal(why.edit, undefined);
    assert.ok(!why.isPreferred, 'never applied by fix-all');
    assert.equal(why.command?.command, 'daemonless.explainRewriteRefusal');
    const { reasons } = why.command!.arguments![0] as { reasons: string[] };
    assert.equal(reasons.length, 3, `three reasons: ${JSON.stringify(reasons)}`);
    // The decisive first: what the job does that the rewrite cannot keep, before the password it can move.
    assert.match(reasons[0], /^`docker run/);
    assert.match(reasons[1], /^`docker compose/);
    assert.match(reasons[2], /^`docker login/);
    // The engine's own list, whose joined text is the refusal's reason.
    assert.deepEqual(reasons, refusal.reasons);
    assert.equal(reasons.join(' ').replace(/\s+/g, ''), refusal.reason.replace(' Also: ', ' ').replace(/\s+/g, ''));

    const before = client.messages.length;
    assert.equal(await client.executeCommand(why.command!.command, why.command!.arguments), null);
    const shown = await client.waitFor('a window/showMessage', () => client.messages[before]);
    assert.equal(shown.type, 3, 'an information message');
    const lines = shown.message.split('\n');
    assert.equal(lines[0], why.title);
    for (const [i, reason] of reasons.entries()) assert.equal(lines[i + 1], `${i + 1}. ${reason}`);
    assert.match(lines.at(-1)!, /^See .*docs[/\\]rewrite\.md$/);
    assert.doesNotMatch(shown.message, new RegExp(SECRET), 'the password is masked');
    assert.match(shown.message, /-p hunt\*{4}/);
  });

  test("the action runs the client's own command when the client says it has one", async () => {
    const client = await start({ initializationOptions: { clientCommands: ['daemonless.showRewriteRefusal'] } });
    const { uri, diagnostics } = await openJob(client, 'client-command', REFUSED);
    const d = dind(diagnostics);
    const why = whyAction(await client.codeActions(uri, d.range, [d]));
    assert.equal(why.command?.command, 'daemonless.showRewriteRefusal');
  });

  test('a client without disabled actions still gets the explanation', async () => {
    const client = await start({ rich: false });
    const { uri, diagnostics } = await openJob(client, 'plain', REFUSED);
    const d = dind(diagnostics);
    const actions = await client.codeActions(uri, d.range, [d]);
    assert.ok(!actions.some((a) => a.disabled), 'no disabled actions for a client that cannot show them');
    whyAction(actions);
    // Neither related information nor the capability: the reason is in the message.
    assert.match(messageOf(d), /Kaniko rewrite not offered: `docker run/);
  });

  test('in a file with many findings that offer the rewrite, the reason is left to the action', async () => {
    const jobs = Array.from({ length: 7 }, (_, i) => REFUSED.replace('integration-test', `test-${i}`)).join('\n');
    const client = await start();
    const { uri, diagnostics } = await openJob(client, 'many', jobs);
    const found = diagnostics.filter((d) => d.code === 'ci-dind-service');
    assert.equal(found.length, 7);
    for (const d of found) assert.equal(d.relatedInformation, undefined);
    const why = whyAction(await client.codeActions(uri, found[6].range, [found[6]]));
    assert.equal(why.title, "Why can't job 'test-6' be rewritten?");
  });
});
