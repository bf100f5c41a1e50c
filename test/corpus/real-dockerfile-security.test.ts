// The Dockerfile security rules on 40 real Dockerfiles (../shared/real/dockerfile, see SOURCES.tsv):
// each file's complete list of their findings, as `ruleId messageId severity line: covered text`.
// Every entry was checked against the file; the note says why a maintainer would accept it. Files
// with an empty list include the peers' traps: checksummed or gpg-verified downloads (01-06, 08, 09,
// 21), `apk index --allow-untrusted` (02), a random chpasswd password (19), a GPG public key copied
// as *.key (07), CA bundles as *.pem (40), an empty WEBUI_SECRET_KEY (20).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { allRules } from '../../server/src/engine/registry.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';

const root = sharedDir('real', 'dockerfile');
const skip = sharedSkip('real');

const RULES = new Set([
  'df-add-url-no-checksum',
  'df-copy-credentials',
  'df-docker-socket',
  'df-download-unverified',
  'df-literal-password',
  'df-run-insecure',
  'df-secret-arg-in-run',
  'df-secret-in-arg-env',
  'df-tls-verification-disabled',
]);

const EXPECTED: Record<string, string[]> = {
  '01-python.Dockerfile': [],
  '02-nginx.Dockerfile': [],
  '03-postgres.Dockerfile': [],
  '04-redis.Dockerfile': [],
  '05-wordpress.Dockerfile': [],
  '06-node.Dockerfile': [],
  // git-lfs is fetched from GitHub releases and unpacked with no checksum (the Jenkins war and plugin
  // manager above it are verified): the one unverified download in the file.
  '07-jenkins.Dockerfile': ['df-download-unverified unpack info 82: git-lfs.tgz'],
  '08-rust.Dockerfile': [],
  '09-caddy.Dockerfile': [],
  // Two ADDs of URLs with no --checksum (padd.sh from a configurable fork and branch), and the FTL
  // binary downloaded and run with only a readelf sanity check.
  '10-pihole.Dockerfile': [
    'df-add-url-no-checksum url warning 46: https://ftl.pi-hole.net/macvendor.db',
    'df-add-url-no-checksum url warning 49: https://raw.githubusercontent.com/${PADD',
    'df-download-unverified run warning 125: /usr/bin/pihole-FTL',
  ],
  '11-nextcloud.Dockerfile': [],
  '12-jupyter-base.Dockerfile': [],
  '13-node-red.Dockerfile': [],
  '14-fastapi-backend.Dockerfile': [],
  // A build-time dummy DATABASE_URL (user:pass@localhost): a placeholder, so info only.
  '15-umami.Dockerfile': ['df-secret-in-arg-env placeholder info 23: DATABASE_URL'],
  // The project .npmrc is copied into a build stage (info: it usually holds settings only); the
  // upload stage takes GITHUB_TOKEN as a build argument and uses it in RUN.
  '16-uptime-kuma.Dockerfile': [
    'df-copy-credentials buildStage info 18: .npmrc',
    'df-secret-in-arg-env secretName warning 103: GITHUB_TOKEN',
    'df-secret-arg-in-run secretArg warning 117: $GITHUB_TOKEN',
  ],
  '17-prometheus.Dockerfile': [],
  '18-grafana.Dockerfile': [],
  '19-gitea.Dockerfile': [],
  // The repository's .env is copied into the shipped image.
  '20-open-webui.Dockerfile': ['df-copy-credentials credential warning 161: ./.env'],
  '21-n8n.Dockerfile': [],
  '22-desktop-application.Dockerfile': [],
  // curl | sh: df-curl-pipe-shell's finding, not df-download-unverified's.
  '23-hygobin-dev.Dockerfile': [],
  '24-rust-build-target.Dockerfile': [],
  // rustup's installer saved to a file and run: curl | sh in two steps.
  '25-cflinuxfs3-rust.Dockerfile': ['df-download-unverified run warning 5: install.sh'],
  '26-pepr-ironbank.Dockerfile': [],
  // A TLS private key copied into the image.
  '27-hostname-ordinal.Dockerfile': ['df-copy-credentials credential error 8: tls.key'],
  '28-heat2d.Dockerfile': [],
  // The npm token build argument written to .npmrc in RUN (29, 31) or npm config (30).
  '29-test-app-docker.Dockerfile': [
    'df-secret-in-arg-env secretName warning 2: NPM_TOKEN',
    'df-secret-arg-in-run secretArg warning 7: $NPM_TOKEN',
  ],
  '30-aws-cost-reporter.Dockerfile': [
    'df-secret-in-arg-env secretName warning 3: NPM_TOKEN',
    'df-secret-arg-in-run secretArg warning 9: $NPM_TOKEN',
  ],
  '31-launchpad.Dockerfile': [
    'df-secret-in-arg-env secretName warning 6: NPM_TOKEN',
    'df-secret-arg-in-run secretArg warning 8: $NPM_TOKEN',
  ],
  '32-hello-word.Dockerfile': [],
  '33-notverycash.Dockerfile': [],
  '34-activitypub-spam-filter.Dockerfile': [],
  '35-git-auth-proxy.Dockerfile': [],
  '36-docker-nvm-node.Dockerfile': [],
  '37-teste-dockernet.Dockerfile': [],
  // AWS keys meant to be passed as build arguments into ENV (placeholder defaults SECRET/KEY): the
  // ARG default is a placeholder (info), the ENV values ship in the image.
  '38-elsporko-sample.Dockerfile': [
    'df-secret-in-arg-env placeholder info 3: secret',
    'df-secret-in-arg-env secretName warning 4: AWS_SECRET_ACCESS_KEY',
    'df-secret-in-arg-env secretName warning 7: AWS_ACCESS_KEY_ID',
  ],
  // Both halves of an AWS key pair as build arguments, copied into ENV.
  '39-s3-namegrabber.Dockerfile': [
    'df-secret-in-arg-env secretName warning 7: AWS_ACCESS_KEY_ID',
    'df-secret-in-arg-env secretName warning 8: AWS_SECRET_ACCESS_KEY',
    'df-secret-in-arg-env secretName warning 9: AWS_ACCESS_KEY_ID',
    'df-secret-in-arg-env secretName warning 10: AWS_SECRET_ACCESS_KEY',
  ],
  '40-docker-ubi.Dockerfile': [],
};

test('real Dockerfiles: every file has a reviewed expectation for the security rules', { skip }, () => {
  const files = readdirSync(root).filter((f) => f.endsWith('Dockerfile')).sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
  for (const id of RULES) assert.ok(allRules.some((r) => r.id === id), `${id} is registered`);
});

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`real Dockerfile ${file}: security findings`, { skip }, () => {
    const text = readFileSync(`${root}/${file}`, 'utf8');
    const { findings } = lintFile({ path: file, text }, {}, allRules);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), []);
    const actual = findings
      .filter((f) => RULES.has(f.ruleId))
      .map((f) => `${f.ruleId} ${f.messageId} ${f.severity} ${text.slice(0, f.start).split('\n').length}: ${text.slice(f.start, f.end).slice(0, 40)}`);
    assert.deepEqual(actual, expected);
  });
}
