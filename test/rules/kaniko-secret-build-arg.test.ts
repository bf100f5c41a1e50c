import rule from '../../server/src/engine/rules/kaniko/kaniko-secret-build-arg.js';
import { runRuleTests } from './rule-tester.js';

const GL = '.gitlab-ci.yml';
const IMG = 'ghcr.io/osscontainertools/kaniko:v1.28.5';
const gitlab = (args: string) => `build:\n  image:\n    name: ${IMG}-debug\n    entrypoint: [""]\n  script:\n    - /kaniko/executor --context "$CI_PROJECT_DIR" ${args} --no-push\n`;

runRuleTests(rule, {
  valid: [
    { name: 'harmless build args', path: GL, text: gitlab('--build-arg VERSION=$CI_COMMIT_TAG --build-arg=TOKEN_FILE=/run/t') },
    { name: 'a secret-named variable that is not a build arg', path: GL, text: gitlab('--label NPM_TOKEN=x') },
  ],
  invalid: [
    {
      name: 'NAME=$VALUE and a bare NAME, in a GitLab script; the value is never echoed',
      path: GL,
      text: gitlab('--build-arg NPM_TOKEN=$NPM_TOKEN --build-arg=DB_PASSWORD'),
      errors: [
        { messageId: 'secretArg', at: 'NPM_TOKEN=$NPM_TOKEN', data: { name: 'NPM_TOKEN', word: 'token' }, fix: null },
        { messageId: 'secretArg', at: '--build-arg=DB_PASSWORD', data: { name: 'DB_PASSWORD', word: 'password' }, fix: null },
      ],
    },
    {
      name: 'Kubernetes Job args',
      path: 'job.yaml',
      text: `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: build\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: kaniko\n          image: ${IMG}\n          args:\n            - --build-arg\n            - GITHUB_TOKEN=s3cr3tvalue\n            - --no-push\n`,
      errors: [{ messageId: 'secretArg', at: 'GITHUB_TOKEN=s3cr3tvalue', data: { name: 'GITHUB_TOKEN' }, fix: null }],
    },
  ],
});
