import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBuildIntent } from '../../server/src/engine/rewrite/intent.js';
import { intentRefusal, planScripts } from '../../server/src/engine/rewrite/emit.js';
import { blockersFor } from '../../server/src/engine/rewrite/builders/builder.js';
import { configJsonCommand, DEFAULT_KANIKO_IMAGE, executorCommand, kaniko, resolveKanikoImage } from '../../server/src/engine/rewrite/builders/kaniko.js';

const ws = { workspace: '$CI_PROJECT_DIR' };
/** The executor call on one line: the tests below are about its words, the next one about its lines. */
const oneLine = (command: string) => command.replace(/ \\\n {2}/g, ' ');
const plan = (...items: string[]) => planScripts(readBuildIntent([{ name: 'script', items }]), ws)[0].items.map((i) => oneLine(i.text));

test('the executor call has one option per line, with \\ continuations; an option and its value share a line', () => {
  const intent = readBuildIntent([{ name: 's', items: ['docker build --cache-from "$IMG:latest" -t "$IMG:1" --build-arg "A=b c" .', 'docker push "$IMG:1"'] }]);
  assert.equal(
    executorCommand(intent, 0, ws),
    [
      '/kaniko/executor \\',
      '  --context "$CI_PROJECT_DIR" \\',
      '  --dockerfile "$CI_PROJECT_DIR/Dockerfile" \\',
      '  --destination "$IMG:1" \\',
      '  --build-arg "A=b c" \\',
      '  --cache=true \\',
      '  --cache-repo "$IMG/cache"',
    ].join('\n'),
  );
});

test('default image is pinned; floating configured images are refused', () => {
  assert.deepEqual(resolveKanikoImage({}), { image: DEFAULT_KANIKO_IMAGE });
  assert.match(DEFAULT_KANIKO_IMAGE, /:v\d+\.\d+\.\d+-debug$/);
  assert.deepEqual(resolveKanikoImage({ rewrite: { image: 'registry.example.com/kaniko:v1.24.0-debug' } }), { image: 'registry.example.com/kaniko:v1.24.0-debug' });
  for (const floating of ['gcr.io/kaniko-project/executor:debug', 'gcr.io/kaniko-project/executor:latest', 'gcr.io/kaniko-project/executor']) {
    assert.ok('reason' in resolveKanikoImage({ rewrite: { image: floating } }), floating);
  }
  assert.ok('image' in resolveKanikoImage({ rewrite: { image: 'gcr.io/kaniko-project/executor@sha256:' + 'a'.repeat(64) } }));
});

test('config.json references the job variables and never a value', () => {
  const intent = readBuildIntent([{ name: 's', items: ['docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" $CI_REGISTRY', 'docker login -u $HUB_USER -p $HUB_TOKEN'] }]);
  assert.equal(
    configJsonCommand(intent.logins),
    `echo "{\\"auths\\":{\\"$CI_REGISTRY\\":{\\"auth\\":\\"$(printf '%s:%s' "$CI_REGISTRY_USER" "$CI_REGISTRY_PASSWORD" | base64 | tr -d '\\n')\\"},\\"https://index.docker.io/v1/\\":{\\"auth\\":\\"$(printf '%s:%s' "$HUB_USER" "$HUB_TOKEN" | base64 | tr -d '\\n')\\"}}}" > /kaniko/.docker/config.json`,
  );
  assert.equal(configJsonCommand([]), undefined);
});

test('executor: context and Dockerfile made absolute, build args as written, --pull dropped', () => {
  const intent = readBuildIntent([{ name: 's', items: ['docker build --pull -f docker/Dockerfile --build-arg "A=b c" --target prod --label x=1 -t "$IMG:1" -t "$IMG:tmp" app', 'docker push "$IMG:1"'] }]);
  assert.equal(
    oneLine(executorCommand(intent, 0, ws)),
    '/kaniko/executor --context "$CI_PROJECT_DIR/app" --dockerfile "$CI_PROJECT_DIR/docker/Dockerfile" --destination "$IMG:1" --build-arg "A=b c" --target prod --label x=1',
  );
});

test('build-only job gets --no-push; cache refs become --cache-repo', () => {
  const buildOnly = readBuildIntent([{ name: 's', items: ['docker build -t app:test .'] }]);
  assert.equal(oneLine(executorCommand(buildOnly, 0, ws)), '/kaniko/executor --context "$CI_PROJECT_DIR" --dockerfile "$CI_PROJECT_DIR/Dockerfile" --no-push');
  const cached = readBuildIntent([{ name: 's', items: ['docker build --cache-from "$CI_REGISTRY_IMAGE:latest" -t "$CI_REGISTRY_IMAGE:latest" .', 'docker push "$CI_REGISTRY_IMAGE:latest"'] }]);
  assert.match(oneLine(executorCommand(cached, 0, ws)), / --cache=true --cache-repo "\$CI_REGISTRY_IMAGE\/cache"$/);
});

test('conditional pushes become DESTINATIONS assignments under the same condition', () => {
  assert.deepEqual(plan('docker build -t "$IMG:$CI_COMMIT_SHA" .', 'docker push "$IMG:$CI_COMMIT_SHA"', 'if [ -n "$CI_COMMIT_TAG" ]; then docker tag "$IMG:$CI_COMMIT_SHA" "$IMG:$CI_COMMIT_TAG" && docker push "$IMG:$CI_COMMIT_TAG"; fi'), [
    'DESTINATIONS=""',
    'if [ -n "$CI_COMMIT_TAG" ]; then DESTINATIONS="$DESTINATIONS --destination $IMG:$CI_COMMIT_TAG"; fi',
    '/kaniko/executor --context "$CI_PROJECT_DIR" --dockerfile "$CI_PROJECT_DIR/Dockerfile" --destination "$IMG:$CI_COMMIT_SHA" $DESTINATIONS',
  ]);
});

test('only-conditional pushes fall back to --no-push', () => {
  const items = plan('docker build -t app .', 'if [ "$CI_COMMIT_BRANCH" = main ]; then\n  docker push app\nfi\n');
  assert.equal(items[2], '/kaniko/executor --context "$CI_PROJECT_DIR" --dockerfile "$CI_PROJECT_DIR/Dockerfile" ${DESTINATIONS:---no-push}');
  assert.equal(items[1], 'if [ "$CI_COMMIT_BRANCH" = main ]; then\n  DESTINATIONS="$DESTINATIONS --destination app"\nfi\n');
});

test('other commands on a docker line are kept; a cd switches the context to $(pwd)', () => {
  assert.deepEqual(plan('cd app && docker build -t a:1 . && echo built', 'docker push a:1 || true'), [
    'cd app && echo built',
    '/kaniko/executor --context "$(pwd)" --dockerfile "$(pwd)/Dockerfile" --destination a:1',
  ]);
});

test('refusal reasons: blockers first, then missing build, then tools missing from the image', () => {
  const refuse = (...items: string[]) => intentRefusal(readBuildIntent([{ name: 's', items }]))?.refused;
  assert.match(refuse('docker build -t a .', 'docker run a') ?? '', /^`docker run a`: docker run needs a Docker daemon/);
  assert.match(refuse('echo hi') ?? '', /no docker build/);
  assert.match(refuse('./build.sh') ?? '', /hidden in `\.\/build\.sh`/);
  assert.match(refuse('docker build -t a .', 'git describe') ?? '', /git, which the Kaniko image/);
  assert.equal(refuse('docker build -t a .'), undefined);
});

test('a refusal lists every blocker: the first decides, commands with the same reason share a sentence', () => {
  const reason = intentRefusal(readBuildIntent([{ name: 's', items: ['werf version', 'docker build -t a .', 'docker run a', 'werf build'] }]))!.refused;
  assert.match(reason, /^`werf version`, `werf build`: werf drives the Docker daemon itself; .*\. Also: `docker run a`: docker run needs a Docker daemon/);
  assert.doesNotMatch(reason, /more\)/);
  assert.equal(reason.match(/werf drives/g)?.length, 1);
});

test('the intent records what a build asks for; the builder decides what it lacks, in script order', () => {
  const intent = readBuildIntent([{ name: 's', items: ['docker run --rm a true', 'docker buildx build --platform linux/amd64,linux/arm64 -t a --push .'] }]);
  assert.deepEqual(intent.builds[0].features, [{ kind: 'platforms', value: 'linux/amd64,linux/arm64' }]);
  assert.deepEqual(kaniko.blockersOf(intent).map((b) => b.command), ['docker run --rm a true', 'docker buildx build --platform linux/amd64,linux/arm64 -t a --push .']);
  // A builder that builds several platforms keeps only the daemon blocker.
  const multiPlatform = blockersFor(intent, (f) => (f.kind === 'platforms' ? undefined : kaniko.lacks(f)), kaniko.reasonFor);
  assert.deepEqual(multiPlatform.map((b) => b.command), ['docker run --rm a true']);
  const build = readBuildIntent([{ name: 's', items: ['docker buildx build --platform linux/amd64,linux/arm64 -t a --push .'] }]);
  assert.match(intentRefusal(build)?.refused ?? '', /several platforms/);
  assert.equal(build.blockers.length, 0, 'no blocker recorded by the reader itself');
});
