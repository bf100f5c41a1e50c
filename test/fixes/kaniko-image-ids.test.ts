// The built image under another name: `ID=$(docker images -q <built>)` and
// `ID=$(docker inspect --format '{{.Id}}' <built>)` name the build, so `docker tag $ID …` and the
// pushes that follow become destinations; `docker push -a/--all-tags <repo>` pushes every name of
// that repository the job gave its build. What the rewrite cannot see stays a refusal with its reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, lintFile } from '../../server/src/engine/index.js';

const job = (lines: string[]) => `build:\n  image: docker:27\n  services:\n    - docker:dind\n  script:\n${lines.map((l) => `    - ${l}\n`).join('')}`;

/** Each case: the script, and the executor's destinations in order (or what the refusal says). */
const CASES: { name: string; script: string[]; destinations?: string[]; refused?: RegExp }[] = [
  {
    name: 'docker images -q, then docker tag $ID',
    script: ['docker build -t app .', 'ID=$(docker images -q app)', 'docker tag $ID registry.example.com/app:1', 'docker push registry.example.com/app:1'],
    destinations: ['registry.example.com/app:1'],
  },
  {
    name: "docker inspect --format '{{.Id}}', quoted, two tags",
    script: ['docker build -t app:1 .', `IMAGE_ID=$(docker inspect --format '{{.Id}}' app:1)`, 'docker tag "$IMAGE_ID" registry.example.com/app:1', 'docker tag "$IMAGE_ID" registry.example.com/app:latest', 'docker push registry.example.com/app:1', 'docker push registry.example.com/app:latest'],
    destinations: ['registry.example.com/app:1', 'registry.example.com/app:latest'],
  },
  {
    name: 'docker image inspect --format={{.ID}}',
    script: ['docker build -t app .', 'ID=$(docker image inspect --format={{.ID}} app)', 'docker tag ${ID} registry.example.com/app:2', 'docker push registry.example.com/app:2'],
    destinations: ['registry.example.com/app:2'],
  },
  {
    name: 'docker push --all-tags of the build tags',
    script: ['docker build -t registry.example.com/app:1 -t registry.example.com/app:latest .', 'docker push --all-tags registry.example.com/app'],
    destinations: ['registry.example.com/app:1', 'registry.example.com/app:latest'],
  },
  {
    name: 'docker push -a of names given by docker tag, through variables',
    script: ['docker build -t app .', 'docker tag app $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA', 'docker tag app $CI_REGISTRY_IMAGE:latest', 'docker push -a $CI_REGISTRY_IMAGE'],
    destinations: ['$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA', '$CI_REGISTRY_IMAGE:latest'],
  },
  {
    name: 'an image ID another command reads',
    script: ['docker build -t app .', 'ID=$(docker images -q app)', 'echo "built $ID"', 'docker tag $ID registry.example.com/app:1', 'docker push registry.example.com/app:1'],
    refused: /^`ID=\$\(docker images -q app\)`: \$ID holds the image ID from the daemon, and `echo "built \$ID"` reads it/,
  },
  {
    name: 'the ID of an image the job did not build',
    script: ['docker build -t app .', 'ID=$(docker images -q other)', 'docker tag $ID registry.example.com/app:1', 'docker push registry.example.com/app:1'],
    refused: /docker tag \$\{ID\} retags an image this job did not build/,
  },
  {
    name: 'docker push --all-tags of a repository the job tagged nothing in',
    script: ['docker build -t app .', 'docker push -a registry.example.com/other'],
    refused: /^`docker push -a registry\.example\.com\/other`: docker push --all-tags registry\.example\.com\/other pushes tags this job did not create/,
  },
];

for (const c of CASES) {
  test(`image under another name: ${c.name}`, () => {
    const text = job(c.script);
    const outcome = lintFile({ path: '.gitlab-ci.yml', text }).findings.find((f) => f.ruleId === 'ci-dind-service')!.fix!();
    if (c.refused) {
      assert.equal(outcome.type, 'refusal', JSON.stringify(outcome));
      assert.match(outcome.type === 'refusal' ? outcome.reason : '', c.refused);
      return;
    }
    assert.equal(outcome.type, 'fix', JSON.stringify(outcome));
    if (outcome.type !== 'fix') return;
    const output = applyEdits(text, outcome.edits);
    assert.doesNotMatch(output, /docker (build|tag|push|images|inspect|image)|\bID=/, output);
    assert.deepEqual([...output.matchAll(/--destination (\S+)/g)].map((m) => m[1]), c.destinations);
  });
}
