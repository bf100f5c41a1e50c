// The dockerfile rules, one import per rule file, kept sorted by id.
import type { Rule } from '../../rule.js';
import dfAddInsteadOfCopy from './df-add-instead-of-copy.js';
import dfAddUrlNoChecksum from './df-add-url-no-checksum.js';
import dfAptInstallRecommends from './df-apt-install-recommends.js';
import dfBaseImageUnpinned from './df-base-image-unpinned.js';
import dfBroadBuildContext from './df-broad-build-context.js';
import dfCopyCredentials from './df-copy-credentials.js';
import dfCopyWholeFilesystem from './df-copy-whole-filesystem.js';
import dfCurlPipeShell from './df-curl-pipe-shell.js';
import dfDockerSocket from './df-docker-socket.js';
import dfDownloadUnverified from './df-download-unverified.js';
import dfExposeSsh from './df-expose-ssh.js';
import dfInstallAssumeYes from './df-install-assume-yes.js';
import dfLiteralPassword from './df-literal-password.js';
import dfMaintainer from './df-maintainer.js';
import dfMissingUser from './df-missing-user.js';
import dfNonMinimalBase from './df-non-minimal-base.js';
import dfPackageUnpinned from './df-package-unpinned.js';
import dfPipefail from './df-pipefail.js';
import dfRunInsecure from './df-run-insecure.js';
import dfSecretArgInRun from './df-secret-arg-in-run.js';
import dfSecretInArgEnv from './df-secret-in-arg-env.js';
import dfSudo from './df-sudo.js';
import dfTlsVerificationDisabled from './df-tls-verification-disabled.js';
import dfUntrustedRegistry from './df-untrusted-registry.js';
import dfUserNotNumeric from './df-user-not-numeric.js';
import dfUserRoot from './df-user-root.js';
import dfWgetAndCurl from './df-wget-and-curl.js';

export const dockerfileRules: Rule[] = [
  dfAddInsteadOfCopy,
  dfAddUrlNoChecksum,
  dfAptInstallRecommends,
  dfBaseImageUnpinned,
  dfBroadBuildContext,
  dfCopyCredentials,
  dfCopyWholeFilesystem,
  dfCurlPipeShell,
  dfDockerSocket,
  dfDownloadUnverified,
  dfExposeSsh,
  dfInstallAssumeYes,
  dfLiteralPassword,
  dfMaintainer,
  dfMissingUser,
  dfNonMinimalBase,
  dfPackageUnpinned,
  dfPipefail,
  dfRunInsecure,
  dfSecretArgInRun,
  dfSecretInArgEnv,
  dfSudo,
  dfTlsVerificationDisabled,
  dfUntrustedRegistry,
  dfUserNotNumeric,
  dfUserRoot,
  dfWgetAndCurl,
];
