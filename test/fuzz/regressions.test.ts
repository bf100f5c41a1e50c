// Inputs the fuzzer found, kept as regression tests (each shrunk by fast-check to a small case).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintFile } from '../../server/src/engine/index.js';
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

test('fuzz seed 20261204 (run 59,560): thousands of nested `$(` in a RUN cost time linear in their length, and the result does not depend on the time budget', () => {
  // Each nested substitution's command word is the rest of the script; naming its program scanned
  // and hashed all of it, so the rules' time grew with the square of the script.
  const text = 'FROM node:latest AS build\nARG NPM_TOKEN\n\nRUN echo "/' + '$('.repeat(3000) + '\n';
  assert.doesNotThrow(() => checkInput({ seed: seed('Dockerfile', 'FROM node:latest AS build\nARG NPM_TOKEN\n'), text }, { fixes: true }));
  const cpuMs = (script: string) => {
    const file = { path: 'Dockerfile', text: `FROM node:22.11.0\nRUN ${script}\n` };
    lintFile(file);
    const before = process.cpuUsage();
    const findings = lintFile(file, { timeBudgetMs: 600_000 }).findings;
    const used = process.cpuUsage(before);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error' || f.messageId === 'timeBudget'), []);
    return (used.user + used.system) / 1000;
  };
  const nested = cpuMs('echo "/' + '$('.repeat(48_000));
  const words = cpuMs('echo a b '.repeat(12_000));
  assert.ok(nested < 8 * words + 100, `96,000 characters of nested $( took ${Math.round(nested)} ms of CPU, a plain script of that length ${Math.round(words)} ms`);
});

test('a program named like an Object property (`toString`, `constructor`) is not taken for a wrapper', () => {
  const text = 'FROM alpine:3.20\nRUN toString -x foo\nRUN constructor --a b && __proto__ x\n';
  const findings = lintFile({ path: 'Dockerfile', text }).findings;
  assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), []);
});

test('fuzz seed 20261204 (run 8,342): 3,000 nested `$(` inside a long multi-line RUN stay inside the time bound, counted in CPU time', () => {
  // The bound was wall-clock time: under `nice` on a loaded machine this input took 15 s for about 1 s of work.
  const packages = Array.from({ length: 40 }, (_, i) => `        package-${i} \\\n`).join('');
  const before = 'FROM nginx:1.27.4-alpine-slim\nRUN set -x \\\n    && apkArch="$(cat /etc/apk/arch)" \\\n    && apk add --no-cache --virtual .build-deps \\\n' + packages;
  const text = before + '$('.repeat(3000) + '\n    && apk del .build-deps\n';
  assert.doesNotThrow(() => checkInput({ seed: seed('Dockerfile', before + '\n'), text }, { fixes: true }));
});

test('fuzz seed 20261204 (run 112,500): an anchor before the first key of a pod spec (`&a restartPolicy:`) gets no pod-security fix at the wrong indentation', () => {
  const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: b\nspec:\n  template:\n    spec:\n      &a restartPolicy: Never\n      containers:\n        - name: b\n          image: moby/buildkit:v0.12.0-rootless\n';
  checkInput({ seed: seed('deploy/job.yaml', text), text }, { fixes: true });
});
