// BuildKit's `# check=skip=<Name>[,<Name>]|all` parser directive: read only at the top of a
// Dockerfile, before any blank line, other comment or instruction; names are case-sensitive.
import { pragmaTable } from './suppress-table.js';

const D = 'Dockerfile';
const BODY = 'FROM alpine:3.20\nARG GITHUB_TOKEN\nUSER app\n';
const R = 'df-secret-in-arg-env';

pragmaTable('buildkit', [
  { name: 'skip on the first line', path: D, text: `# check=skip=SecretsUsedInArgOrEnv\n${BODY}`, rule: R, suppressedBy: 'buildkit' },
  { name: 'after the syntax directive', path: D, text: `# syntax=docker/dockerfile:1\n# check=skip=SecretsUsedInArgOrEnv\n${BODY}`, rule: R, suppressedBy: 'buildkit' },
  { name: 'skip=all', path: D, text: `# check=skip=all\n${BODY}`, rule: R, suppressedBy: 'buildkit' },
  { name: 'a list and error=true', path: D, text: `# check=skip=JSONArgsRecommended,SecretsUsedInArgOrEnv;error=true\n${BODY}`, rule: R, suppressedBy: 'buildkit' },
  { name: 'the key is case-insensitive and may have spaces', path: D, text: `#CHECK = skip=SecretsUsedInArgOrEnv\n${BODY}`, rule: R, suppressedBy: 'buildkit' },
  { name: 'check names are case-sensitive', path: D, text: `# check=skip=secretsusedinargorenv\n${BODY}`, rule: R, suppressedBy: false },
  { name: 'after an ordinary comment it is a comment', path: D, text: `# build image\n# check=skip=SecretsUsedInArgOrEnv\n${BODY}`, rule: R, suppressedBy: false },
  { name: 'after a blank line it is a comment', path: D, text: `\n# check=skip=SecretsUsedInArgOrEnv\n${BODY}`, rule: R, suppressedBy: false },
  { name: 'after an instruction it is a comment', path: D, text: `FROM alpine:3.20\n# check=skip=SecretsUsedInArgOrEnv\nARG GITHUB_TOKEN\nUSER app\n`, rule: R, suppressedBy: false },
  { name: 'only the first check directive counts', path: D, text: `# check=error=true\n# check=skip=SecretsUsedInArgOrEnv\n${BODY}`, rule: R, suppressedBy: false },
  { name: 'another check name does not suppress', path: D, text: `# check=skip=JSONArgsRecommended\n${BODY}`, rule: R, suppressedBy: false },
  {
    name: 'the check judges names, so a credential URL stays reported',
    path: D,
    text: '# check=skip=all\nFROM alpine:3.20\nENV REPO_URL=https://deploy:Zq8vT2mLw9@git.acme.internal/x\nUSER app\n',
    rule: R,
    suppressedBy: false,
  },
  { name: 'skip=all covers only rules with a BuildKit equivalent', path: D, text: '# check=skip=all\nFROM alpine:3.20\nUSER root\n', rule: 'df-user-root', suppressedBy: false },
]);
