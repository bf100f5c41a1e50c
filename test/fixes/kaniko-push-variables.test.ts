// `docker push $IMAGE` pushes the built image when IMAGE, as the file defines it, names the built tag
// (and the reverse: a build tagged $IMAGE pushed under the name IMAGE holds). GitLab: the job's own
// variables, extends, anchors and top-level variables; GitHub Actions: env at workflow, job and step.
// A variable that names another image still refuses, and one the file does not define is not guessed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, lintFile, type FixOutcome } from '../../server/src/engine/index.js';

function rewriteOf(path: string, text: string): FixOutcome {
  const finding = lintFile({ path, text }).findings.find((f) => f.fix && ['ci-dind-service', 'ci-privileged'].includes(f.ruleId));
  assert.ok(finding?.fix, `a finding that offers the rewrite in\n${text}`);
  return finding.fix();
}

const BUILT = 'registry.example.com/team/app:1.0';
const OTHER = 'registry.example.com/team/other:1.0';

function gitlab(opts: { top?: string; before?: string; job?: string; build?: string; push: string }): string {
  return `${opts.top ?? ''}${opts.before ?? ''}build:
${opts.job ?? ''}  image: docker:27
  services:
    - docker:dind
  script:
    - docker build -t ${opts.build ?? BUILT} .
    - docker push ${opts.push}
`;
}

/** Each case: the file, and the destination the executor gets (or the refusal's reason). */
const GITLAB: { name: string; text: string; destination?: string; refused?: RegExp }[] = [
  { name: "the job's own variables", text: gitlab({ job: `  variables:\n    IMAGE: ${BUILT}\n`, push: '$IMAGE' }), destination: '$IMAGE' },
  { name: 'top-level variables, braced and quoted', text: gitlab({ top: `variables:\n  IMAGE: ${BUILT}\n`, push: '"${IMAGE}"' }), destination: '"${IMAGE}"' },
  { name: 'a variable built from others', text: gitlab({ top: 'variables:\n  REGISTRY: registry.example.com\n  TAG: "1.0"\n', job: '  variables:\n    IMAGE: $REGISTRY/team/app:$TAG\n', push: '$IMAGE' }), destination: '$IMAGE' },
  { name: 'extends', text: gitlab({ before: `.vars:\n  variables:\n    IMAGE: ${BUILT}\n`, job: '  extends: .vars\n', push: '$IMAGE' }), destination: '$IMAGE' },
  { name: 'an anchor merged into the variables', text: gitlab({ before: `.vars: &vars\n  IMAGE: ${BUILT}\n`, job: '  variables:\n    <<: *vars\n', push: '$IMAGE' }), destination: '$IMAGE' },
  { name: 'the reverse: built as $IMAGE, pushed by name', text: gitlab({ top: `variables:\n  IMAGE: ${BUILT}\n`, build: '$IMAGE', push: BUILT }), destination: BUILT },
  { name: 'a variable naming another image', text: gitlab({ top: `variables:\n  IMAGE: ${OTHER}\n`, push: '$IMAGE' }), refused: /docker push \$\{IMAGE\} pushes an image this job did not build/ },
  { name: 'a variable the file does not define', text: gitlab({ push: '$IMAGE' }), refused: /docker push \$\{IMAGE\} pushes an image this job did not build/ },
];

/** The case's rewrite: refused with its reason, or a fix whose output holds `destination` and runs no docker push. */
function checkPush(path: string, c: { text: string; refused?: RegExp }, destination: string): void {
  const outcome = rewriteOf(path, c.text);
  if (c.refused) {
    assert.equal(outcome.type, 'refusal');
    assert.match(outcome.type === 'refusal' ? outcome.reason : '', c.refused);
    return;
  }
  assert.equal(outcome.type, 'fix', JSON.stringify(outcome));
  if (outcome.type !== 'fix') return;
  const output = applyEdits(c.text, outcome.edits);
  assert.ok(output.includes(destination), output);
  assert.doesNotMatch(output, /docker push/);
}

for (const c of GITLAB) {
  test(`GitLab docker push through a variable: ${c.name}`, () => checkPush('.gitlab-ci.yml', c, `--destination ${c.destination}`));
}

function github(opts: { workflowEnv?: string; jobEnv?: string; stepEnv?: string; push: string }): string {
  return `on: push
${opts.workflowEnv ? `env:\n  ${opts.workflowEnv}\n` : ''}jobs:
  build:
    runs-on: ubuntu-latest
${opts.jobEnv ? `    env:\n      ${opts.jobEnv}\n` : ''}    container:
      image: docker:27
      options: --privileged
    steps:
      - uses: actions/checkout@v4
      - run: |
          docker build -t ${BUILT} .
          docker push ${opts.push}
${opts.stepEnv ? `        env:\n          ${opts.stepEnv}\n` : ''}`;
}

const GITHUB: { name: string; text: string; refused?: RegExp }[] = [
  { name: 'workflow env', text: github({ workflowEnv: `IMAGE: ${BUILT}`, push: '"$IMAGE"' }) },
  { name: 'job env', text: github({ jobEnv: `IMAGE: ${BUILT}`, push: '$IMAGE' }) },
  { name: 'step env', text: github({ stepEnv: `IMAGE: ${BUILT}`, push: '"${IMAGE}"' }) },
  { name: 'an env expression', text: github({ jobEnv: `IMAGE: ${BUILT}`, push: '${{ env.IMAGE }}' }) },
  { name: 'env naming another image', text: github({ jobEnv: `IMAGE: ${OTHER}`, push: '$IMAGE' }), refused: /pushes an image this job did not build/ },
];

for (const c of GITHUB) {
  test(`GitHub Actions docker push through env: ${c.name}`, () => checkPush('.github/workflows/ci.yml', c, '--destination'));
}
