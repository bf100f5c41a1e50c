// The dockerfile rules, one import per rule file, kept sorted by id.
import type { Rule } from '../../rule.js';
import dfBaseImageUnpinned from './df-base-image-unpinned.js';
import dfCurlPipeShell from './df-curl-pipe-shell.js';
import dfMissingUser from './df-missing-user.js';
import dfPackageUnpinned from './df-package-unpinned.js';
import dfSecretInArgEnv from './df-secret-in-arg-env.js';
import dfUserRoot from './df-user-root.js';

export const dockerfileRules: Rule[] = [
  dfBaseImageUnpinned,
  dfCurlPipeShell,
  dfMissingUser,
  dfPackageUnpinned,
  dfSecretInArgEnv,
  dfUserRoot,
];
