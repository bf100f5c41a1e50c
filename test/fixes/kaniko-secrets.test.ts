// A literal secret written in a job is never echoed in full by the rewrite: refusal reasons, notes
// and titles mask it the way diagnostics do (engine/redact.ts), whichever command quotes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintFile } from '../../server/src/engine/index.js';

const SECRET = 'hunter2secret';
const job = (lines: string[]) => `build:\n  image: docker:27\n  services:\n    - docker:dind\n  script:\n${lines.map((l) => `    - ${l}\n`).join('')}`;

/** Each case: a job quoting a literal secret, and the masked text its refusal (or fix) must show. */
const CASES: { name: string; path?: string; text: string; shows?: RegExp }[] = [
  { name: 'docker login -p', text: job([`docker login -u me -p ${SECRET} registry.example.com`, 'docker build -t app .']), shows: /-p hunt?\*{4}/ },
  { name: 'docker login --password=', text: job([`docker login -u me --password=${SECRET} registry.example.com`, 'docker build -t app .']), shows: /--password=hun\*{4}/ },
  { name: 'a password piped to docker login', text: job([`echo ${SECRET} | docker login -u me --password-stdin registry.example.com`, 'docker build -t app .']) },
  { name: 'docker run -e with a secret name', text: job(['docker build -t app .', `docker run -e DB_PASSWORD=${SECRET} app`]), shows: /DB_PASSWORD=hun\*{4}/ },
  { name: 'an unknown build flag next to a secret build arg', text: job([`docker build --frobnicate --build-arg NPM_TOKEN="${SECRET}" -t app .`]), shows: /NPM_TOKEN=hun\*{4}/ },
  { name: 'curl -u user:password (a tool the image lacks)', text: job(['docker build -t app .', `curl -u admin:${SECRET} https://example.com/hook`]), shows: /-u admin:hun\*{4}/ },
  { name: 'a URL with credentials (git, which the image lacks)', text: job(['docker build -t app .', `git clone https://bot:${SECRET}@git.example.com/team/app.git`]), shows: /https:\/\/bot:\*{4}@git\.example\.com/ },
  { name: 'a hidden build script given a token', text: job([`API_TOKEN=${SECRET} ./build.sh`]), shows: /API_TOKEN=hun\*{4}/ },
  {
    name: 'GitHub docker/login-action with a literal password',
    path: '.github/workflows/ci.yml',
    text: `on: push\njobs:\n  build:\n    runs-on: self-hosted\n    services:\n      docker:\n        image: docker:dind\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: me\n          password: ${SECRET}\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/me/app:1\n`,
  },
  { name: 'a rewrite of a job with a secret build arg: notes and title', text: job([`docker build --pull --build-arg NPM_TOKEN=${SECRET} -t registry.example.com/app:1 .`, 'docker push registry.example.com/app:1']) },
];

for (const c of CASES) {
  test(`no secret echoed: ${c.name}`, () => {
    const path = c.path ?? '.gitlab-ci.yml';
    const finding = lintFile({ path, text: c.text }).findings.find((f) => f.fix && ['ci-dind-service', 'ci-privileged'].includes(f.ruleId));
    assert.ok(finding?.fix, 'a finding offers the rewrite');
    const outcome = finding.fix();
    const shown = outcome.type === 'refusal' ? JSON.stringify({ title: outcome.title, reason: outcome.reason, reasons: outcome.reasons, subject: outcome.subject }) : JSON.stringify({ title: outcome.title, notes: outcome.notes });
    assert.doesNotMatch(shown, new RegExp(SECRET), shown);
    if (c.shows) {
      assert.equal(outcome.type, 'refusal', shown);
      assert.match(shown, c.shows);
    }
  });
}

test('what only looks like a secret stays as written: a published port, a uid:gid', () => {
  const text = job(['docker build -t app .', 'docker run -p 8080:80 -u 1000:1000 app']);
  const outcome = lintFile({ path: '.gitlab-ci.yml', text }).findings.find((f) => f.ruleId === 'ci-dind-service')!.fix!();
  assert.equal(outcome.type, 'refusal');
  assert.match(outcome.type === 'refusal' ? outcome.reason : '', /^`docker run -p 8080:80 -u 1000:1000 app`: /);
});
