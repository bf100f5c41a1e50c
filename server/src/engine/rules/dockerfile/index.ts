// The dockerfile rules, one import per rule file, kept sorted by id.
import type { Rule } from '../../rule.js';
import dfAddUrlNoChecksum from './df-add-url-no-checksum.js';
import dfBaseImageUnpinned from './df-base-image-unpinned.js';
import dfCopyCredentials from './df-copy-credentials.js';
import dfCurlPipeShell from './df-curl-pipe-shell.js';
import dfDockerSocket from './df-docker-socket.js';
import dfDownloadUnverified from './df-download-unverified.js';
import dfLiteralPassword from './df-literal-password.js';
import dfMissingUser from './df-missing-user.js';
import dfRunInsecure from './df-run-insecure.js';
import dfSecretArgInRun from './df-secret-arg-in-run.js';
import dfSecretInArgEnv from './df-secret-in-arg-env.js';
import dfTlsVerificationDisabled from './df-tls-verification-disabled.js';
import dfUserRoot from './df-user-root.js';

export const dockerfileRules: Rule[] = [
  dfAddUrlNoChecksum,
  dfBaseImageUnpinned,
  dfCopyCredentials,
  dfCurlPipeShell,
  dfDockerSocket,
  dfDownloadUnverified,
  dfLiteralPassword,
  dfMissingUser,
  dfRunInsecure,
  dfSecretArgInRun,
  dfSecretInArgEnv,
  dfTlsVerificationDisabled,
  dfUserRoot,
];
