// Every placement writes a build through the Builder interface: a second builder, defined here and
// nowhere in the product, rewrites the same golden inputs the Kaniko cases use. Its image and build
// program appear in each result, and no Kaniko text does, so nothing builder-specific is left in a
// placement. The Kaniko rewrite of each input is checked too, so "no kaniko" is not vacuous.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { blockersFor, intentOptions, shellCommand, type Builder, type BuilderId, type BuildOption } from '../../server/src/engine/rewrite/builders/builder.js';
import type { Feature, Login, Need } from '../../server/src/engine/rewrite/intent.js';
import { commandRefusal, refused } from '../../server/src/engine/rewrite/refusal.js';
import { daemonlessRewrite, type RewriteTarget } from '../../server/src/engine/rewrite/index.js';
import { ParsedFile } from '../../server/src/engine/parsed-file.js';
import type { FileKind, FixOutcome } from '../../server/src/engine/types.js';
import { applyChecked, assertParses } from './golden.js';

const IMAGE = 'registry.example.com/tools/fakebuild:2.1.0';
const EXECUTABLE = '/opt/fakebuild/bin/fakebuild';
const CONFIG = '/etc/fakebuild/auth.json';

const FLAGS: Record<Exclude<BuildOption['kind'], 'shell-words'>, string> = {
  context: '--source',
  dockerfile: '--recipe',
  destination: '--publish',
  'build-arg': '--define',
  target: '--stage',
  label: '--tag-meta',
  annotation: '--manifest-meta',
  platform: '--arch',
  'cache-repo': '--layer-cache',
  'digest-file': '--write-digest',
  'no-push': '--local-only',
  'single-snapshot': '--one-layer',
};

function words(option: BuildOption): string[] {
  switch (option.kind) {
    case 'shell-words': return [option.value];
    case 'no-push': case 'single-snapshot': return [FLAGS[option.kind]];
    default: return [FLAGS[option.kind], option.value];
  }
}

/** `fakebuild auth` for each login: the registry and its credentials as the job passes them. */
function authCommand(logins: readonly Login[]): string | undefined {
  if (logins.length === 0) return undefined;
  const entries = logins.map((l) => {
    const registry = l.registry ? l.registry.raw : 'default';
    return l.credential.kind === 'helper' ? `${registry}=helper:${l.credential.helper}` : `${registry}=${l.credential.username.raw}:${l.credential.password.raw}`;
  });
  return `${EXECUTABLE} auth --file ${CONFIG} ${entries.join(' ')}`;
}

const lacks = (feature: Feature) => (feature.kind === 'platforms' ? 'Fakebuild builds for one architecture' : undefined);
const reasonFor = (need: Need) => `Fakebuild cannot take this (${need.kind})`;

const fakebuild: Builder = {
  // A second builder gets its own id when it ships; the test borrows one of the planned ones.
  id: 'buildah' as BuilderId,
  name: 'Fakebuild',
  image: () => ({ image: IMAGE }),
  isOwnImage: (image) => image.includes('fakebuild'),
  supports: { multiPlatform: false, buildSecrets: false, namedContexts: false, shell: 'full' },
  shellPath: '/bin/sh',
  tools: { present: new Set(['sh', 'echo', 'printf', 'cat', 'base64', 'tr']), missing: new Set(['docker']) },
  executable: EXECUTABLE,
  envPrefix: 'FAKEBUILD_',
  configPath: CONFIG,
  digestFile: '/tmp/fakebuild.digest',
  lacks,
  reasonFor,
  blockersOf: (intent) => blockersFor(intent, lacks, reasonFor),
  refusalFor: (intent) => {
    const blockers = blockersFor(intent, lacks, reasonFor);
    if (blockers.length > 0) return commandRefusal(blockers);
    return intent.builds.length === 0 ? refused('Fakebuild found no build') : undefined;
  },
  notesFor: (intent) => [...intent.notes, ...(intent.builds.some((b) => b.cacheRefs.length > 0) ? ['Fakebuild caches layers in the registry'] : [])],
  cacheNote: 'Fakebuild caches layers in the registry',
  phrases: {
    secretMounts: 'Fakebuild has no build secrets',
    annotations: 'Fakebuild writes no annotations',
    outputs: "Fakebuild's --export",
    tarball: 'export an archive with --export',
    onePlatform: 'Fakebuild builds for one architecture',
    remoteContext: "Fakebuild's remote source",
    tektonTask: 'a Fakebuild Task',
    agentContainer: 'a fakebuild container',
  },
  configCommand: authCommand,
  buildCommand: (intent, index, options) => shellCommand(fakebuild, intentOptions(fakebuild, intent, index, options)),
  cacheRepo: (ref) => `"${ref.value}-layers"`,
  optionWords: words,
  containerArgs: (option) => {
    const [flag, value] = words(option);
    return value === undefined ? [flag] : [`${flag}=${value}`];
  },
  pod: {
    name: 'fakebuild',
    image: (image) => `${image}-noshell`,
    nonRoot: undefined,
    securityContext: () => ['runAsNonRoot: true', 'allowPrivilegeEscalation: false'],
  },
};

interface Case {
  placement: string;
  dir: string;
  kind: FileKind;
  /** What the fake builder's output must show: its image and how it runs the build. */
  expect: string[];
}

const fixes = __dirname;
const CASES: Case[] = [
  {
    placement: 'GitLab CI job',
    dir: 'kaniko-gitlab/conditional-pushes',
    kind: 'gitlab-ci',
    expect: [IMAGE, `${EXECUTABLE} --source "$CI_PROJECT_DIR"`, 'DESTINATIONS="$DESTINATIONS --publish $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"', `${EXECUTABLE} auth --file ${CONFIG}`],
  },
  {
    placement: 'GitHub Actions run steps',
    dir: 'kaniko-github-actions/run-step-expressions-moved-to-env',
    kind: 'github-actions',
    expect: [`docker://${IMAGE} # Fakebuild`, 'entrypoint: /bin/sh', 'FAKEBUILD_SCRIPT: ', 'FAKEBUILD_REGISTRY_PASSWORD', `${EXECUTABLE} --source`, '--define'],
  },
  {
    placement: 'GitHub Actions docker/build-push-action',
    dir: 'kaniko-github-actions/build-push-action-metadata',
    kind: 'github-actions',
    expect: [`docker://${IMAGE}`, 'FAKEBUILD_TAGS', 'set -- "$@" --publish "$item"', '--local-only', '--layer-cache "ghcr.io/acme/app:buildcache-layers"', `${EXECUTABLE} --source`, '"$@"', '/tmp/fakebuild.digest'],
  },
  {
    placement: 'Kubernetes pod',
    dir: 'kaniko-k8s/pod-dind-sidecar',
    kind: 'k8s',
    expect: ['- name: fakebuild', `image: ${IMAGE}-noshell`, '"--source=/workspace"', '"--publish=registry.example.com/team/app:$(TAG)"', 'runAsNonRoot: true', 'mountPath: /etc/fakebuild', 'path: auth.json'],
  },
];

function rewrite(c: Case, builder?: Builder): { outcome: FixOutcome; input: string } {
  const dir = join(fixes, c.dir);
  const inputName = c.kind === 'gitlab-ci' ? 'input.gitlab-ci.yml' : c.kind === 'github-actions' ? 'input.yml' : 'input.yaml';
  const input = readFileSync(join(dir, inputName), 'utf8');
  const { target } = JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')) as { target: RewriteTarget };
  const file = new ParsedFile({ path: inputName, text: input }, c.kind);
  return { outcome: daemonlessRewrite(file, target, {}, undefined, builder), input };
}

describe('each placement emits through the Builder interface', () => {
  for (const c of CASES) {
    test(`${c.placement} (${c.dir})`, () => {
      const { outcome, input } = rewrite(c, fakebuild);
      assert.equal(outcome.type, 'fix', outcome.type === 'refusal' ? outcome.reason : '');
      if (outcome.type !== 'fix') return;
      assert.doesNotMatch(input, /kaniko/i, 'the input names no builder');
      const output = applyChecked(input, outcome.edits);
      assertParses(output, c.dir);
      // The build command is written one option per line: the expected words are read with its continuations joined.
      const joined = output.replace(/ \\\r?\n\s*/g, ' ');
      for (const text of c.expect) assert.ok(joined.includes(text), `output has ${text}:\n${output}`);
      assert.match(outcome.title, /build with Fakebuild/);
      const everything = [outcome.title, output, ...(outcome.notes ?? [])].join('\n');
      assert.doesNotMatch(everything, /kaniko/i, everything);

      // The same input rewritten with the chosen (default) builder does name Kaniko.
      const chosen = rewrite(c).outcome;
      assert.equal(chosen.type, 'fix');
      if (chosen.type === 'fix') assert.match(applyChecked(input, chosen.edits), /kaniko/i);
    });
  }
});
