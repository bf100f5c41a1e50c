// The rewrite is builder-neutral: Kaniko is one Builder (rewrite/builders/kaniko.ts), and its rules
// live in rules/kaniko/. Outside those two places only the files listed here may name it, each for
// the reason given; a placement, the verifier or a dialect that starts writing Kaniko's image, flags
// or words itself fails this test, and so does a listed file that no longer needs to.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const engine = resolve(__dirname, '..', '..', 'server', 'src', 'engine');
const BUILDER_HOMES = ['rules/', 'rewrite/builders/'];

const ALLOWED: Record<string, string> = {
  'model/facts/kaniko.ts': 'reads where the Kaniko executor runs and its flags, for the kaniko-* rules and the build reader',
  'model/facts/image-builds.ts': 'reads the Dockerfile, context and target a Kaniko executor call builds, as it reads docker build',
  'model/facts/pod-security.ts': 'recognises the builder an image runs (Kaniko, BuildKit, Buildah) for the pod-security rules',
  'registry.ts': 'registers the kaniko-* rules',
  'equivalents.ts': "names the k8s rules' 'kaniko' message id in the peer-tool table",
  'types.ts': 'the rewrite option type (builder id, the daemonless.kaniko.image setting)',
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

test('outside rules/ and rewrite/builders/, only the listed engine files mention Kaniko', () => {
  const mentioning = files(engine)
    .map((f) => relative(engine, f).split('\\').join('/'))
    .filter((f) => !BUILDER_HOMES.some((home) => f.startsWith(home)))
    .filter((f) => /kaniko/i.test(readFileSync(join(engine, f), 'utf8')))
    .sort();
  assert.deepEqual(mentioning, Object.keys(ALLOWED).sort());
  assert.ok(mentioning.length <= 6, 'a handful at most');
});
