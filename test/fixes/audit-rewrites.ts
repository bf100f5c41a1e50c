// Prints the Kaniko rewrite of every job or pod that a daemon rule flags in ../shared/corpus and
// examples/ (GitLab CI, GitHub Actions, Kubernetes, Tekton, Jenkins pod YAML): each refusal's reasons
// and each rewritten job, for reading by hand. Run: npx tsx test/fixes/audit-rewrites.ts [--diff]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { applyEdits, lintFile, TRIGGER_RULE_IDS } from '../../server/src/engine/index.js';

const repo = join(__dirname, '..', '..');
const roots = [join(repo, '..', 'shared', 'corpus'), join(repo, 'examples')].filter(existsSync);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The path the engine should see the file under, so it reads the dialect the folder says. */
function lintPath(path: string): string | undefined {
  const rel = relative(repo, path);
  if (/\/github-actions\//.test(path) || /\.github\/workflows\//.test(rel)) return `.github/workflows/${path.split('/').pop()}`;
  if (/gitlab-ci\.yml$/.test(path)) return '.gitlab-ci.yml';
  if (/\/(kubernetes|tekton|k8s)\//.test(path) || /jenkins\/.*\.yaml$/.test(path)) return `k8s/${path.split('/').pop()}`;
  if (/Jenkinsfile|\.groovy$/.test(path)) return 'Jenkinsfile';
  return undefined;
}

const showDiff = process.argv.includes('--diff');
let rewritten = 0;
let refused = 0;
for (const path of roots.flatMap(files).sort()) {
  const as = lintPath(path);
  if (!as) continue;
  const text = readFileSync(path, 'utf8');
  const seen = new Set<string>();
  for (const f of lintFile({ path: as, text }).findings) {
    if (!f.fix || !TRIGGER_RULE_IDS.includes(f.ruleId)) continue;
    const outcome = f.fix();
    if (seen.has(outcome.title)) continue;
    seen.add(outcome.title);
    const where = relative(join(repo, '..'), path);
    if (outcome.type === 'refusal') {
      if (outcome.subject === undefined) continue;
      refused++;
      console.log(`REFUSED ${where}: ${outcome.title}`);
      for (const r of outcome.reasons ?? [outcome.reason]) console.log(`  - ${r}`);
    } else {
      rewritten++;
      console.log(`REWRITTEN ${where}: ${outcome.title}`);
      for (const n of outcome.notes ?? []) console.log(`  note: ${n}`);
      if (showDiff) console.log(createTwoFilesPatch(where, where, text, applyEdits(text, outcome.edits)));
    }
  }
}
console.log(`${rewritten} rewritten, ${refused} refused`);
