// The Dockerfile rules that need configuration or an adapter, on the 40 real Dockerfiles
// (../shared/real/dockerfile, see SOURCES.tsv). As shipped they say nothing there: df-untrusted-registry
// is off and has no list, and df-broad-build-context has no ignore file handed to it. Under a project
// that trusts Docker Hub only and has no .dockerignore, each file's findings are listed, as
// `rule@line: image or source`; every one was read against the file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../server/src/engine/registry.js';
import { lintFile } from '../../server/src/engine/runner.js';
import type { LintOptions } from '../../server/src/engine/types.js';
import { sharedDir, sharedSkip } from '../support/shared-data.js';

const root = sharedDir('real', 'dockerfile');
const skip = sharedSkip('real');
const RULES = new Set(['df-untrusted-registry', 'df-broad-build-context']);
const CONFIGURED: LintOptions = { rules: { 'df-untrusted-registry': 'error' }, trustedRegistries: ['docker.io'], dockerignore: null };

// Files not listed have no finding. The images come from Quay, GHCR, GCR (distroless) and Iron Bank
// (the last through ARG defaults, substituted); every `COPY . <dir>` or `ADD . <dir>` copies the whole
// context, which without an ignore file includes .git.
const EXPECTED: Record<string, string[]> = {
  '12-jupyter-base.Dockerfile': ['df-untrusted-registry@6: quay.io/jupyter/docker-stacks-foundation'],
  '14-fastapi-backend.Dockerfile': ['df-untrusted-registry@25: ghcr.io/astral-sh/uv:0.9.26'],
  '15-umami.Dockerfile': ['df-broad-build-context@16: .'],
  '16-uptime-kuma.Dockerfile': ['df-broad-build-context@22: .'],
  '17-prometheus.Dockerfile': ['df-untrusted-registry@1: quay.io/prometheus/busybox:latest'],
  '19-gitea.Dockerfile': ['df-broad-build-context@22: .'],
  '20-open-webui.Dockerfile': ['df-broad-build-context@31: .'],
  '22-desktop-application.Dockerfile': ['df-broad-build-context@10: .'],
  '26-pepr-ironbank.Dockerfile': ['df-broad-build-context@14: .', 'df-untrusted-registry@30: registry1.dso.mil/ironbank/opensource/nodejs/nodejs18:18.18'],
  '29-test-app-docker.Dockerfile': ['df-broad-build-context@5: .'],
  '30-aws-cost-reporter.Dockerfile': ['df-broad-build-context@12: .'],
  '31-launchpad.Dockerfile': ['df-broad-build-context@4: .'],
  '33-notverycash.Dockerfile': ['df-broad-build-context@4: .', 'df-untrusted-registry@9: gcr.io/distroless/static-debian12'],
  '34-activitypub-spam-filter.Dockerfile': ['df-untrusted-registry@8: gcr.io/distroless/base'],
  '35-git-auth-proxy.Dockerfile': ['df-broad-build-context@4: .'],
  '39-s3-namegrabber.Dockerfile': ['df-broad-build-context@11: .'],
  '40-docker-ubi.Dockerfile': ['df-untrusted-registry@5: registry1.dsop.io/ironbank/redhat/ubi/ubi7:7.9', 'df-untrusted-registry@24: registry1.dsop.io/ironbank/redhat/ubi/ubi7:7.9'],
};

function said(text: string, options: LintOptions): string[] {
  return lintFile({ path: 'Dockerfile', text }, options, allRules)
    .findings.filter((f) => RULES.has(f.ruleId))
    .map((f) => `${f.ruleId}@${text.slice(0, f.start).split('\n').length}: ${f.data.image ?? f.data.source}`);
}

test('real Dockerfiles: the configured rules are silent as shipped, and right when configured', { skip }, () => {
  const files = readdirSync(root).filter((f) => f.endsWith('.Dockerfile')).sort();
  assert.equal(files.length, 40);
  for (const name of Object.keys(EXPECTED)) assert.ok(files.includes(name), `${name} is not in the corpus`);
  for (const name of files) {
    const text = readFileSync(join(root, name), 'utf8');
    assert.deepEqual(said(text, {}), [], `${name} as shipped`);
    assert.deepEqual(said(text, CONFIGURED), EXPECTED[name] ?? [], name);
  }
});
