// Each ci-* rule's docs page lists every system the rule reads ("Systems covered"), each with a short
// bad and good example, so a dialect that joins a rule's targets cannot leave its page behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/engine/registry.js';
import type { FileKind } from '../../server/src/engine/types.js';

const root = join(__dirname, '..', '..');

/** How a page names the system behind each file kind. */
const NAMED: Partial<Record<FileKind, RegExp>> = {
  'gitlab-ci': /\*\*GitLab CI\*\*/,
  'github-actions': /\*\*GitHub Actions\*\*/,
  k8s: /Kubernetes/,
  compose: /\*\*Docker Compose\*\*/,
  drone: /\*\*Drone/,
  woodpecker: /Woodpecker/,
  bitbucket: /\*\*Bitbucket Pipelines\*\*/,
  circleci: /\*\*CircleCI\*\*/,
  'azure-pipelines': /\*\*Azure Pipelines\*\*/,
  jenkins: /\*\*Jenkins\*\*/,
  'gitlab-runner': /\*\*GitLab Runner `config\.toml`\*\*/,
  'runner-values': /`runners\.config`/,
};

for (const rule of allRules.filter((r) => r.id.startsWith('ci-'))) {
  test(`${rule.id}: its page lists every system it covers, each with a bad and a good example`, () => {
    const page = readFileSync(join(root, 'docs/rules', `${rule.id}.md`), 'utf8');
    const start = page.indexOf('\n### Systems covered\n');
    assert.ok(start >= 0, 'the page has a "Systems covered" section');
    const section = page.slice(start, page.indexOf('\n## ', start + 1));
    for (const kind of rule.targets) {
      const named = NAMED[kind];
      assert.ok(named, `a name for ${kind} in this test`);
      assert.match(section, named, `${kind} is listed`);
    }
    const bullets = section.split(/\n(?=- \*\*)/).slice(1);
    assert.ok(bullets.length > 0);
    for (const bullet of bullets) {
      const system = /^- \*\*([^*]+)\*\*/.exec(bullet)?.[1];
      assert.match(bullet, /\bBad\b/, `${system}: a bad example`);
      assert.match(bullet, /\bGood\b/, `${system}: a good example`);
    }
  });
}
