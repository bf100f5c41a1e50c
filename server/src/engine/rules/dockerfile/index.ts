// The dockerfile rules, one import per rule file, kept sorted by id.
import type { Rule } from '../../rule.js';
import dfAddInsteadOfCopy from './df-add-instead-of-copy.js';
import dfAptInstallRecommends from './df-apt-install-recommends.js';
import dfBaseImageUnpinned from './df-base-image-unpinned.js';
import dfCopyWholeFilesystem from './df-copy-whole-filesystem.js';
import dfCurlPipeShell from './df-curl-pipe-shell.js';
import dfExposeSsh from './df-expose-ssh.js';
import dfMaintainer from './df-maintainer.js';
import dfMissingUser from './df-missing-user.js';
import dfPackageUnpinned from './df-package-unpinned.js';
import dfPipefail from './df-pipefail.js';
import dfSecretInArgEnv from './df-secret-in-arg-env.js';
import dfSudo from './df-sudo.js';
import dfUserNotNumeric from './df-user-not-numeric.js';
import dfUserRoot from './df-user-root.js';
import dfWgetAndCurl from './df-wget-and-curl.js';

export const dockerfileRules: Rule[] = [
  dfAddInsteadOfCopy,
  dfAptInstallRecommends,
  dfBaseImageUnpinned,
  dfCopyWholeFilesystem,
  dfCurlPipeShell,
  dfExposeSsh,
  dfMaintainer,
  dfMissingUser,
  dfPackageUnpinned,
  dfPipefail,
  dfSecretInArgEnv,
  dfSudo,
  dfUserNotNumeric,
  dfUserRoot,
  dfWgetAndCurl,
];
