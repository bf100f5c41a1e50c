// Browser smoke test in the real VS Code workbench (code-server + Debian Chromium): the squiggle and
// hover on a Docker-in-Docker job, the Problems panel listing files that were never opened, Ctrl+. on
// the job offering the Kaniko rewrite, and the rewrite applied; on a refused job, the reason in the
// hover and an enabled action that shows every reason. A screenshot is saved at every step
// and on failure (test-results/workbench/); DAEMONLESS_UPDATE_SCREENSHOTS=1 also copies the chosen
// ones to docs/images/.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from './lib/browser.js';
import { makeRunDir, startCodeServer, type CodeServer } from './lib/code-server.js';
import { SETUP_HINT, missingTools, repoRoot, resultsPath } from './lib/env.js';
import { packageDaemonless } from './lib/vsix.js';

const WAIT_MS = 60_000;
const CI_FILE = '.gitlab-ci.yml';
const REWRITE = /Rewrite job 'build-image' to build with Kaniko/;
const POD_HARDENING_OFF = Object.fromEntries(
  ['k8s-run-as-root', 'k8s-allow-privilege-escalation', 'k8s-capabilities-drop-all', 'k8s-dangerous-capability', 'k8s-seccomp', 'k8s-host-namespaces', 'k8s-host-path', 'k8s-host-users'].map((id) => [id, 'off']),
);
const REFUSED_REWRITE = /Rewrite job 'integration-test' to build with Kaniko/;
const WHY_REFUSED = /Why can't job 'integration-test' be rewritten\?/;
const SQUIGGLES = '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning';
/** A user keybinding that applies the rewrite directly: VS Code answers a disabled action with its reason. */
const APPLY_REWRITE_KEY = { key: 'ctrl+alt+k', command: 'editor.action.codeAction', args: { kind: 'refactor.rewrite', apply: 'first' } };
const DOCS_IMAGES: Record<string, string> = {
  '01-squiggle': 'vscode-before-rewrite.png',
  '02-hover': 'vscode-squiggle-hover.png',
  '02b-docs-page': 'vscode-rule-docs.png',
  '02c-status-bar': 'vscode-status-bar.png',
  '03-problems': 'vscode-problems-panel.png',
  '04-quick-fix': 'vscode-quick-fix-menu.png',
  '05-after-rewrite': 'vscode-after-rewrite.png',
  '06-refused-rewrite-menu': 'vscode-refused-rewrite-menu.png',
  '07-refusal-reason': 'vscode-refusal-reason.png',
};

const missing = missingTools();
let server: CodeServer | undefined;
let browser: BrowserSession | undefined;

let failed = false;

after(async () => {
  await browser?.close();
  if (server) {
    await server.stop();
    if (failed) console.error(`kept for inspection (code-server log, workspace): ${server.runDir}`);
    else rmSync(server.runDir, { recursive: true, force: true });
  }
});

async function shot(page: Page, name: string): Promise<string> {
  const path = resultsPath('workbench', `${name}.png`);
  await page.screenshot({ path });
  const docsName = DOCS_IMAGES[name];
  if (docsName && process.env.DAEMONLESS_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(join(repoRoot, 'docs', 'images'), { recursive: true });
    copyFileSync(path, join(repoRoot, 'docs', 'images', docsName));
  }
  return path;
}

/** Runs one step as a subtest; a failure saves a screenshot and skips the steps after it. */
function stepper(t: TestContext, page: Page) {
  let broken: string | undefined;
  return async (name: string, fn: () => Promise<void>) => {
    await t.test(name, { skip: broken && `after failed step "${broken}"` }, async () => {
      try {
        await fn();
      } catch (err) {
        broken = name;
        failed = true;
        await page.screenshot({ path: resultsPath('workbench', `failure-${name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
        throw err;
      }
    });
  };
}

function editorLine(page: Page, text: string): Locator {
  return page.locator('.monaco-editor .view-line', { hasText: text }).first();
}

/** Squiggles whose vertical extent overlaps the given line's box. */
async function squigglesOn(page: Page, line: Locator): Promise<number> {
  const box = await line.boundingBox();
  if (!box) return 0;
  const squiggles = await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').all();
  let count = 0;
  for (const s of squiggles) {
    const b = await s.boundingBox();
    if (b && b.y < box.y + box.height && b.y + b.height > box.y) count++;
  }
  return count;
}

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('VS Code workbench smoke test', { skip: missing.length > 0 && `${missing.join(', ')} missing: ${SETUP_HINT}` }, async (t) => {
  const runDir = makeRunDir('workbench');
  try {
    server = await startCodeServer(runDir, {
      fixture: 'workbench',
      extensions: [packageDaemonless(runDir)],
      keybindings: [APPLY_REWRITE_KEY],
      // The pod-hardening rules add a row per setting of the fixture's pod; off here, so the rows this
      // smoke test looks for fit in the Problems panel's visible list.
      settings: { 'editor.wordWrap': 'on', 'daemonless.rules': POD_HARDENING_OFF },
    });
    browser = await openBrowser(server.url([CI_FILE]));
  } catch (err) {
    failed = true;
    throw err;
  }
  const page = browser.page;
  const step = stepper(t, page);
  const dindLine = editorLine(page, 'docker:dind');

  await step('a squiggle marks the docker:dind service', async () => {
    await page.locator('.tabs-container .tab.active', { hasText: CI_FILE }).waitFor({ state: 'visible', timeout: WAIT_MS });
    await editorLine(page, 'build-image:').waitFor({ state: 'visible', timeout: WAIT_MS });
    await until('a squiggle on the docker:dind line', async () => (await squigglesOn(page, dindLine)) > 0);
    await shot(page, '01-squiggle');
  });

  await step('hovering the squiggle explains the finding', async () => {
    const box = await dindLine.locator('span', { hasText: 'dind' }).last().boundingBox();
    assert.ok(box, 'the docker:dind text has a box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'ci-dind-service' }).first();
    await hover.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.match(await hover.innerText(), /build-image/, 'the hover names the job');
    await shot(page, '02-hover');
  });

  await step("the hover's rule link opens the rendered docs page, not its Markdown source", async () => {
    await page.locator('.monaco-hover a.code-link', { hasText: 'ci-dind-service' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'Preview ci-dind-service.md' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
    const frameText = async () => {
      for (const frame of page.frames()) {
        const heading = await frame.locator('h1').first().innerText({ timeout: 1000 }).catch(() => '');
        if (heading.includes('ci-dind-service')) return true;
      }
      return false;
    };
    await until('the rendered page (an <h1>, not "# …" source)', frameText);
    const editable = await page.locator('.tabs-container .tab', { hasText: /^ci-dind-service\.md/ }).count();
    assert.equal(editable, 0, 'no editable tab holds the Markdown source');
    await shot(page, '02b-docs-page');
    await page.keyboard.press('Control+W');
    await page.locator('.tabs-container .tab.active', { hasText: CI_FILE }).waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.mouse.move(5, 400);
    await page.keyboard.press('Escape');
  });

  await step('the status bar counts the problems and opens the Problems panel', async () => {
    const item = page.locator('.statusbar-item', { hasText: /daemonless: \d+ problems?/ }).first();
    await item.waitFor({ state: 'visible', timeout: WAIT_MS });
    await item.click();
    await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: WAIT_MS });
    await shot(page, '02c-status-bar');
  });

  await step('the Problems panel lists findings from files never opened', async () => {
    const rows = page.locator('.markers-panel .monaco-list-row');
    for (const text of ['builder-pod.yaml', 'k8s-privileged', 'Dockerfile', 'df-base-image-unpinned']) {
      await rows.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
    }
    await shot(page, '03-problems');
    await page.keyboard.press('Control+J');
    await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: WAIT_MS });
  });

  await step('Ctrl+. on the job offers the Kaniko rewrite', async () => {
    await dindLine.click();
    await page.keyboard.press('Control+.');
    const rewrite = page.locator('.action-widget .monaco-list-row.action', { hasText: REWRITE }).first();
    await rewrite.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.doesNotMatch((await rewrite.getAttribute('class')) ?? '', /disabled/, 'the rewrite is enabled');
    await shot(page, '04-quick-fix');
  });

  await step('applying the rewrite changes the text and clears the squiggles', async () => {
    await page.locator('.action-widget .monaco-list-row.action', { hasText: REWRITE }).first().click();
    await editorLine(page, '/kaniko/executor').waitFor({ state: 'visible', timeout: WAIT_MS });
    await until('docker:dind to leave the file', async () => (await page.locator('.monaco-editor .view-line', { hasText: 'docker:dind' }).count()) === 0);
    await until('the squiggles to clear', async () => (await page.locator(SQUIGGLES).count()) === 0);
    const tab = page.locator('.tabs-container .tab.active');
    await until('the problem count to leave the tab', async () => !/\d\s*$/.test(await tab.innerText()));
    await shot(page, '05-after-rewrite');
  });

  await step('a refused rewrite is shown disabled in the refactor menu', async () => {
    // Opened from the Explorer, as a user would.
    const explorer = page.locator('.explorer-folders-view');
    await explorer.getByRole('treeitem', { name: 'ci', exact: true }).click();
    await explorer.getByRole('treeitem', { name: 'integration.gitlab-ci.yml' }).click();
    await editorLine(page, 'integration-test:').waitFor({ state: 'visible', timeout: WAIT_MS });
    await until('a squiggle on the docker:dind line', async () => (await squigglesOn(page, dindLine)) > 0);
    // Ctrl+. lists applicable actions only; VS Code shows disabled ones in the kind-specific menus.
    const refused = page.locator('.action-widget .monaco-list-row.action', { hasText: REFUSED_REWRITE }).first();
    // A key press that lands while the workbench is busy (a loaded machine) opens nothing: press again.
    await until('the refactor menu with the refused rewrite', async () => {
      await dindLine.click();
      await page.keyboard.press('Control+Shift+R');
      try {
        await refused.waitFor({ state: 'visible', timeout: 10_000 });
        return true;
      } catch {
        await page.keyboard.press('Escape');
        return false;
      }
    });
    assert.match((await refused.getAttribute('class')) ?? '', /option-disabled/, 'the refused rewrite is disabled');
    await shot(page, '06-refused-rewrite-menu');
    await page.keyboard.press('Escape');
  });

  await step('applying a refused rewrite shows the reason instead', async () => {
    await dindLine.click();
    await page.keyboard.press('Control+Alt+K');
    const message = page.locator('.monaco-editor-overlaymessage', { hasText: 'docker run' }).first();
    await message.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.match(await message.innerText(), /Kaniko/, 'the reason explains why Kaniko cannot run this job');
    assert.equal(await page.locator('.monaco-editor .view-line', { hasText: 'docker run --rm app:test' }).count(), 1, 'the job is unchanged');
    await shot(page, '07-refusal-reason');
    await page.keyboard.press('Escape');
  });

  await step("the refused job's hover says why the rewrite is not offered", async () => {
    const box = await dindLine.locator('span', { hasText: 'dind' }).last().boundingBox();
    assert.ok(box, 'the docker:dind text has a box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'Kaniko rewrite not offered:' }).first();
    await hover.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.match(await hover.innerText(), /docker run/, 'the hover gives the first reason');
    await shot(page, '08-refusal-hover');
    await page.mouse.move(5, 400);
    await page.keyboard.press('Escape');
  });

  await step('Ctrl+. on the refused job offers an enabled action that shows every reason', async () => {
    await dindLine.click();
    await page.keyboard.press('Control+.');
    const why = page.locator('.action-widget .monaco-list-row.action', { hasText: WHY_REFUSED }).first();
    await why.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.doesNotMatch((await why.getAttribute('class')) ?? '', /disabled/, 'the explaining action is enabled');
    await shot(page, '09-refusal-quick-fix');
    await why.click();
    await page.locator('.tabs-container .tab', { hasText: /Preview Why can't job 'integration-test'/ }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
    const rendered = async () => {
      for (const frame of page.frames()) {
        const heading = await frame.locator('h1').first().innerText({ timeout: 1000 }).catch(() => '');
        if (!heading.includes('integration-test')) continue;
        const items = await frame.locator('li').allInnerTexts().catch(() => [] as string[]);
        const link = await frame.locator('a', { hasText: 'Rewrite a Docker-in-Docker job' }).count().catch(() => 0);
        if (items.some((i) => i.includes('docker run --rm app:test npm test')) && link > 0) return true;
      }
      return false;
    };
    await until('the rendered reasons with the docs link', rendered);
    await shot(page, '10-refusal-explained');
  });
});
