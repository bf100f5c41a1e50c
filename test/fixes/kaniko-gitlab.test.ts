import { test } from 'node:test';
import { join } from 'node:path';
import { gitlabModel } from '../../server/src/engine/model/ci/gitlab.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import type { OffsetRange } from '../../server/src/engine/types.js';
import { checkGoldenCase, loadCases } from './golden.js';

/** From the start of the job's key line to the end of its last line. */
export function gitlabJobRange(text: string, job: string): OffsetRange | undefined {
  const found = gitlabModel(new ParsedFile({ path: '.gitlab-ci.yml', text }, 'gitlab-ci')).jobs.find((j) => j.name === job);
  if (!found) return undefined;
  const start = text.lastIndexOf('\n', found.keyRange.start - 1) + 1;
  const nl = text.indexOf('\n', found.range.end);
  return { start, end: nl < 0 ? text.length : nl + 1 };
}

for (const c of loadCases(join(__dirname, 'kaniko-gitlab'))) {
  const job = c.target.system === 'gitlab-ci' ? c.target.job : '';
  test(`kaniko-gitlab/${c.name}: ${c.refused ? 'refused' : 'rewritten'}`, () => {
    checkGoldenCase(c, 'gitlab-ci', (text) => gitlabJobRange(text, job));
  });
}
