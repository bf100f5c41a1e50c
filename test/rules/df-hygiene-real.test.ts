// The hygiene and supply-chain Dockerfile rules over 40 real Dockerfiles (../shared/real/dockerfile,
// sources in ../shared/real/SOURCES.tsv). Each file lists the findings it must produce, as
// `rule@line`; every one was read and is one the file's maintainers could act on (most are info:
// unpinned packages, a named USER). The notes say why the notable quiet cases are quiet. Every
// finding's fix is applied: the result must parse into the same instructions (plus the inserted
// SHELL) and no longer carry the finding.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { applyEdits } from '../../server/src/engine/edits.js';
import { lintFile } from '../../server/src/engine/runner.js';
import { LineIndex } from '../../server/src/engine/text-position.js';
import { sharedDir, sharedMissing } from '../support/shared-data.js';

const root = sharedDir('real', 'dockerfile');
const skip = existsSync(root) ? false : sharedMissing('real');

// df-install-assume-yes has no finding here: all 17 files that run apt-get/apt, yum, dnf or zypper
// install pass -y to every install, as their maintainers must for the image to build.
const RULES = new Set([
  'df-add-instead-of-copy', 'df-apt-install-recommends', 'df-copy-whole-filesystem', 'df-expose-ssh', 'df-install-assume-yes',
  'df-maintainer', 'df-non-minimal-base', 'df-package-unpinned', 'df-pipefail', 'df-sudo', 'df-user-not-numeric', 'df-wget-and-curl',
]);

// df-non-minimal-base (info) names the slim tag of the full python/node/debian image six of them ship
// (python:3.14-slim for the FastAPI template, whose uv install needs no compiler); the rest ship slim,
// alpine, distroless, scratch, vendor images or variants without a slim spelling (php:8.3-apache).
const EXPECTED: Record<string, string[]> = {
  // Official images: packages unpinned by policy (info). Their `find | ldd | awk | xargs` and
  // `grep … | sha256sum -c` pipes are fed by inspection commands and stay quiet under df-pipefail.
  '01-python.Dockerfile': ['df-package-unpinned@21', 'df-package-unpinned@36'],
  '02-nginx.Dockerfile': ['df-package-unpinned@22', 'df-package-unpinned@35', 'df-package-unpinned@79'],
  '03-postgres.Dockerfile': ['df-package-unpinned@21', 'df-package-unpinned@35', 'df-package-unpinned@60', 'df-package-unpinned@69', 'df-package-unpinned@119', 'df-package-unpinned@155'],
  '04-redis.Dockerfile': ['df-package-unpinned@19', 'df-package-unpinned@29', 'df-package-unpinned@68'],
  '05-wordpress.Dockerfile': ['df-package-unpinned@14', 'df-package-unpinned@29'],
  '06-node.Dockerfile': ['df-package-unpinned@19', 'df-package-unpinned@67'],
  // USER ${user} resolves to jenkins through its ARG default.
  '07-jenkins.Dockerfile': ['df-package-unpinned@17', 'df-package-unpinned@65', 'df-user-not-numeric@148'],
  '08-rust.Dockerfile': ['df-package-unpinned@14'],
  '09-caddy.Dockerfile': ['df-package-unpinned@4'],
  '10-pihole.Dockerfile': ['df-package-unpinned@24', 'df-package-unpinned@98'],
  '11-nextcloud.Dockerfile': ['df-package-unpinned@7', 'df-package-unpinned@23'],
  // apt-get install --no-install-recommends; USER ${NB_UID} is numeric.
  '12-jupyter-base.Dockerfile': ['df-package-unpinned@22'],
  '13-node-red.Dockerfile': ['df-package-unpinned@15', 'df-package-unpinned@49', 'df-user-not-numeric@87'],
  // bun install and uv sync work from lockfiles; COPY --from=<image> of two files is not a whole filesystem.
  '14-fastapi-backend.Dockerfile': ['df-non-minimal-base@19'],
  '15-umami.Dockerfile': ['df-package-unpinned@6', 'df-package-unpinned@9', 'df-package-unpinned@41', 'df-package-unpinned@42', 'df-package-unpinned@45', 'df-user-not-numeric@61'],
  // The last stage (upload-artifact) runs apt install without --no-install-recommends; curl | dd of a keyring hides a failed download.
  '16-uptime-kuma.Dockerfile': ['df-package-unpinned@68', 'df-pipefail@69', 'df-package-unpinned@73', 'df-apt-install-recommends@98', 'df-package-unpinned@98'],
  '17-prometheus.Dockerfile': ['df-user-not-numeric@20'],
  '18-grafana.Dockerfile': ['df-apt-install-recommends@54', 'df-package-unpinned@54', 'df-apt-install-recommends@84', 'df-package-unpinned@84', 'df-apt-install-recommends@85', 'df-package-unpinned@85', 'df-package-unpinned@86', 'df-package-unpinned@88'],
  // `apk add sqlite>3.38` is a redirection, not a range: sqlite is unpinned. EXPOSE 22 serves git to the git user (quiet).
  '19-gitea.Dockerfile': ['df-package-unpinned@18', 'df-package-unpinned@19', 'df-package-unpinned@35', 'df-package-unpinned@36', 'df-package-unpinned@37', 'df-package-unpinned@39', 'df-package-unpinned@40', 'df-package-unpinned@42', 'df-package-unpinned@43', 'df-package-unpinned@45', 'df-package-unpinned@46', 'df-package-unpinned@47', 'df-package-unpinned@49', 'df-package-unpinned@50', 'df-package-unpinned@51', 'df-package-unpinned@52'],
  // apt-get install inside `if` branches, all with --no-install-recommends; pip installs of torch and uv unpinned.
  '20-open-webui.Dockerfile': ['df-package-unpinned@111', 'df-package-unpinned@112', 'df-package-unpinned@114', 'df-package-unpinned@116', 'df-pipefail@118', 'df-package-unpinned@124', 'df-package-unpinned@125', 'df-package-unpinned@127', 'df-package-unpinned@135', 'df-package-unpinned@138', 'df-package-unpinned@142'],
  '21-n8n.Dockerfile': ['df-package-unpinned@107', 'df-user-not-numeric@110'],
  // npm install from package.json (lockfile), no named packages.
  '22-desktop-application.Dockerfile': ['df-non-minimal-base@2'],
  '23-hygobin-dev.Dockerfile': ['df-apt-install-recommends@3', 'df-package-unpinned@3', 'df-pipefail@4'],
  '24-rust-build-target.Dockerfile': ['df-non-minimal-base@1', 'df-apt-install-recommends@4', 'df-package-unpinned@4', 'df-pipefail@5'],
  '25-cflinuxfs3-rust.Dockerfile': ['df-apt-install-recommends@3', 'df-package-unpinned@3'],
  // USER 65532:65532 is numeric.
  '26-pepr-ironbank.Dockerfile': [],
  // ADD of a built binary: COPY says the same.
  '27-hostname-ordinal.Dockerfile': ['df-add-instead-of-copy@6'],
  '28-heat2d.Dockerfile': [],
  '29-test-app-docker.Dockerfile': ['df-non-minimal-base@1'],
  '30-aws-cost-reporter.Dockerfile': ['df-non-minimal-base@1'],
  '31-launchpad.Dockerfile': [],
  '32-hello-word.Dockerfile': ['df-package-unpinned@5'],
  // COPY --from=build of single files into /: not a whole filesystem.
  '33-notverycash.Dockerfile': [],
  '34-activitypub-spam-filter.Dockerfile': [],
  // ADD . /build/ in the build stage.
  '35-git-auth-proxy.Dockerfile': ['df-add-instead-of-copy@4'],
  '36-docker-nvm-node.Dockerfile': ['df-apt-install-recommends@3', 'df-package-unpinned@3', 'df-pipefail@4'],
  '37-teste-dockernet.Dockerfile': ['df-package-unpinned@2', 'df-package-unpinned@3', 'df-pipefail@4'],
  '38-elsporko-sample.Dockerfile': [],
  // pip install --no-cache-dir -r requirements.txt: the requirements file pins.
  '39-s3-namegrabber.Dockerfile': ['df-non-minimal-base@1'],
  '40-docker-ubi.Dockerfile': ['df-package-unpinned@12'],
};

test('real Dockerfiles: every file in the folder has a reviewed expectation', { skip }, () => {
  const files = readFileSync(join(root, '..', 'SOURCES.tsv'), 'utf8').split('\n').map((l) => l.split('\t')[0]).filter((f) => f.startsWith('dockerfile/'));
  const names = files.map((f) => f.slice('dockerfile/'.length)).sort();
  assert.ok(names.length === 0 || names.every((n) => n in EXPECTED), 'a listed file has no expectation');
  for (const name of Object.keys(EXPECTED)) assert.ok(existsSync(join(root, name)), `${name} is missing`);
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`real Dockerfiles: ${name}`, { skip }, () => {
    const text = readFileSync(join(root, name), 'utf8');
    const { findings } = lintFile({ path: name, text });
    assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), []);
    const lines = new LineIndex(text);
    const own = findings.filter((f) => RULES.has(f.ruleId));
    assert.deepEqual(own.map((f) => `${f.ruleId}@${lines.positionAt(f.start).line + 1}`), expected);
    const before = DockerfileParser.parse(text).getInstructions().length;
    for (const f of own) {
      const outcome = f.fix?.();
      if (!outcome || outcome.type !== 'fix') continue;
      const where = `${f.ruleId}@${lines.positionAt(f.start).line + 1}`;
      const fixed = applyEdits(text, outcome.edits);
      const added = f.ruleId === 'df-pipefail' ? 1 : 0;
      assert.equal(DockerfileParser.parse(fixed).getInstructions().length, before + added, `${where}: the fix changes the instructions`);
      const count = (list: typeof findings) => list.filter((g) => g.ruleId === f.ruleId).length;
      assert.ok(count(lintFile({ path: name, text: fixed }).findings) < count(findings), `${where}: the fix leaves the finding`);
    }
  });
}
