import { test } from 'node:test';
import { join } from 'node:path';
import { checkGoldenCase, gitlabJobRange, loadCases } from './golden.js';

for (const c of loadCases(join(__dirname, 'kaniko-gitlab'))) {
  const job = c.target.system === 'gitlab-ci' ? c.target.job : '';
  test(`kaniko-gitlab/${c.name}: ${c.refused ? 'refused' : 'rewritten'}`, () => {
    checkGoldenCase(c, 'gitlab-ci', (text) => gitlabJobRange(text, job));
  });
}
