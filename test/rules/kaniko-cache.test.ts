import rule from '../../server/src/engine/rules/kaniko/kaniko-cache.js';
import { runRuleTests } from './rule-tester.js';

const IMG = 'ghcr.io/osscontainertools/kaniko:v1.28.5';
const pod = (args: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: kaniko\nspec:\n  containers:\n    - name: kaniko\n      image: ${IMG}\n      args: ${args}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'cache on with a repository', path: 'pod.yaml', text: pod('["--cache=true", "--cache-repo=reg.local/app/cache", "--destination=reg.local/app:1"]') },
    { name: 'bare --cache with --cache-dir (upstream example)', path: 'pod.yaml', text: pod('["--destination=d", "--cache", "--cache-dir=/cache"]') },
    { name: 'no cache flags at all', path: 'pod.yaml', text: pod('["--destination=d"]') },
    { name: 'a parameter may hold --cache=true', path: 'task.yaml', text: `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: b\nspec:\n  steps:\n    - name: b\n      image: ${IMG}\n      args: ["$(params.EXTRA_ARGS)", "--cache-repo=r/cache"]\n` },
  ],
  invalid: [
    {
      name: 'cache flags without --cache=true',
      path: 'pod.yaml',
      text: pod('["--destination=d", "--cache-ttl=24h", "--cache-repo=r/cache"]'),
      errors: [{ messageId: 'withoutCache', at: '"--cache-ttl=24h"', data: { flag: '--cache-ttl' }, fix: null }],
    },
    {
      name: 'cache switched off beside a cache repository, in a GitLab script',
      path: '.gitlab-ci.yml',
      text: `build:\n  image:\n    name: ${IMG}-debug\n    entrypoint: [""]\n  script:\n    - /kaniko/executor --cache=false --cache-repo "$CI_REGISTRY_IMAGE/cache" --destination "$CI_REGISTRY_IMAGE:1"\n`,
      errors: [{ messageId: 'disabled', at: '--cache-repo', data: { flag: '--cache-repo' }, fix: null }],
    },
    {
      name: '--cache with --no-push and no repository',
      path: 'pod.yaml',
      text: pod('["--no-push", "--cache=true"]'),
      errors: [{ messageId: 'noPushNoRepo', at: '"--cache=true"', fix: null }],
    },
  ],
});
