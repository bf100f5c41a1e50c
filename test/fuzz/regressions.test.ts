// Inputs the fuzzer found, kept as regression tests (each shrunk by fast-check to a small case).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkInput } from './fuzz-lib.js';

const seed = (path: string, text: string) => ({ origin: 'regression', path, text });

test('fuzz seed 20261203: `[` nested thousands deep (the YAML library reported its stack overflow as a syntax error, at a place that depended on the caller)', () => {
  const text = 'build:\n  script: [x]\n' + '['.repeat(3000) + '\n';
  assert.doesNotThrow(() => checkInput({ seed: seed('.gitlab-ci.yml', 'build:\n  script: [x]\n'), text }, { fixes: true }));
});

test('fuzz seed 7: the Kaniko rewrite of a GitLab job with no image: and a key before services: leaves valid YAML', () => {
  const text = 'job:\n  stage: build\n  services:\n    - docker:dind\n  script:\n    - docker build -t x .\n';
  checkInput({ seed: seed('.gitlab-ci.yml', text), text }, { fixes: true });
});
