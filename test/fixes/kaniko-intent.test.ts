import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOCKER_HUB_KEY, readBuildIntent, type BuildIntent } from '../../server/src/engine/rewrite/intent.js';
import { CACHE_NOTE, executorCommand, kaniko } from '../../server/src/engine/rewrite/builders/kaniko.js';
import { logicalLines } from '../../server/src/engine/rewrite/intent.js';

const intentOf = (...items: string[]): BuildIntent => readBuildIntent([{ name: 'script', items }]);
const roles = (intent: BuildIntent) => intent.sections.flatMap((s) => s.items.flatMap((i) => i.lines.flatMap((l) => l.commands.map((c) => c.role.kind))));
const blockedBy = (intent: BuildIntent) => kaniko.blockersOf(intent).map((b) => b.reason);
const availability = (tool: string) => (tool === '' || kaniko.tools.present.has(tool) ? 'yes' : kaniko.tools.missing.has(tool) ? 'no' : 'unknown');

test('logical lines: continuations, heredocs and if-depth', () => {
  const lines = logicalLines('docker build \\\n  -t a .\nif [ -n "$X" ]; then\n  docker push a\nfi\ncat > f <<EOF\ndocker run x\nEOF\necho done');
  assert.deepEqual(lines.map((l) => [l.text.split('\n')[0], l.depthAtStart]), [
    ['docker build \\', 0],
    ['if [ -n "$X" ]; then', 0],
    ['  docker push a', 1],
    ['fi', 1],
    ['cat > f <<EOF', 0],
    ['echo done', 0],
  ]);
  assert.deepEqual(lines[0].commands[0].words.map((w) => w.raw), ['docker', 'build', '-t', 'a', '.']);
});

test('raw words keep the quoting as written', () => {
  const [line] = logicalLines(`docker build --build-arg "A=b c" --build-arg B='x y' -t "$IMG:$TAG" .`);
  assert.deepEqual(line.commands[0].words.map((w) => w.raw), ['docker', 'build', '--build-arg', '"A=b c"', '--build-arg', "B='x y'", '-t', '"$IMG:$TAG"', '.']);
});

test('GitLab template: login with -u/-p, build with --pull, push', () => {
  const intent = readBuildIntent([
    { name: 'before_script', items: ['docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" $CI_REGISTRY'] },
    { name: 'script', items: ['docker build --pull -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG" .', 'docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG"'] },
  ]);
  assert.deepEqual(intent.blockers, []);
  assert.equal(intent.logins.length, 1);
  const login = intent.logins[0];
  assert.equal(login.registry?.raw, '$CI_REGISTRY');
  assert.deepEqual(login.credential, { kind: 'basic', username: { value: '${CI_REGISTRY_USER}', raw: '"$CI_REGISTRY_USER"' }, password: { value: '${CI_REGISTRY_PASSWORD}', raw: '"$CI_REGISTRY_PASSWORD"' } });
  assert.equal(intent.builds.length, 1);
  assert.deepEqual(intent.builds[0].tags.map((t) => t.raw), ['"$CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG"']);
  assert.deepEqual(intent.builds[0].dropped.map((d) => d.option), ['--pull']);
  assert.deepEqual(intent.pushes.map((p) => [p.ref.raw, p.build, p.conditional]), [['"$CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG"', 0, false]]);
});

test('conditional retag and push inside an if-block (corpus gitlab/03)', () => {
  const intent = intentOf(
    'docker build --pull -t "$DOCKER_IMAGE_NAME" .',
    'docker push "$DOCKER_IMAGE_NAME"',
    'if [[ -n "$CI_COMMIT_TAG" ]]; then\n  docker tag "$DOCKER_IMAGE_NAME" "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"\n  docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"\n  \n  # Update the latest tag\n  docker tag "$DOCKER_IMAGE_NAME" "$LATEST_IMAGE_NAME"\n  docker push "$LATEST_IMAGE_NAME"\nfi\n',
  );
  assert.deepEqual(intent.blockers, []);
  assert.deepEqual(intent.pushes.map((p) => [p.ref.value, p.conditional]), [
    ['${DOCKER_IMAGE_NAME}', false],
    ['${CI_REGISTRY_IMAGE}:${CI_COMMIT_TAG}', true],
    ['${LATEST_IMAGE_NAME}', true],
  ]);
});

test('--password-stdin fed by echo or printf; the feeder belongs to the login', () => {
  for (const [script, raw] of [
    ['echo "$REG_PASSWORD" | docker login -u "$REG_USER" --password-stdin registry.example.com', '"$REG_PASSWORD"'],
    ['echo -n $REG_PASSWORD | docker login --username=$REG_USER --password-stdin registry.example.com', '$REG_PASSWORD'],
    ["printf '%s' \"$REG_PASSWORD\" | docker login -u ci --password-stdin registry.example.com", '"$REG_PASSWORD"'],
  ]) {
    const intent = intentOf(script, 'docker build -t registry.example.com/a:1 .', 'docker push registry.example.com/a:1');
    assert.deepEqual(intent.blockers, [], script);
    assert.deepEqual(roles(intent).slice(0, 2), ['feed', 'login'], script);
    const cred = intent.logins[0].credential;
    assert.equal(cred.kind === 'basic' && cred.password.raw, raw, script);
  }
});

test('gitlab-ci-token with $CI_JOB_TOKEN, and Docker Hub without a registry argument', () => {
  const intent = intentOf('docker login -u gitlab-ci-token -p $CI_JOB_TOKEN $CI_REGISTRY', 'docker login -u "$HUB_USER" -p "$HUB_TOKEN"', 'docker build -t a/b .', 'docker push a/b');
  assert.deepEqual(intent.logins.map((l) => l.registry?.raw), ['$CI_REGISTRY', DOCKER_HUB_KEY]);
  const first = intent.logins[0].credential;
  assert.equal(first.kind === 'basic' && first.username.value, 'gitlab-ci-token');
  for (const hub of ['docker.io', 'index.docker.io', 'https://index.docker.io/v1/']) {
    assert.equal(intentOf(`docker login -u u -p "$P" ${hub}`).logins[0].registry?.raw, DOCKER_HUB_KEY, hub);
  }
});

test('_json_key and ECR logins', () => {
  const gcr = intentOf('docker login -u _json_key -p "$(cat key.json)" https://gcr.io');
  const cred = gcr.logins[0].credential;
  assert.equal(cred.kind === 'basic' && cred.password.raw, '"$(cat key.json)"');
  const ecr = intentOf('aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 1.dkr.ecr.eu-west-1.amazonaws.com');
  assert.deepEqual(ecr.logins[0].credential, { kind: 'helper', helper: 'ecr-login' });
  assert.deepEqual(ecr.blockers, []);
  const old = intentOf('$(aws ecr get-login --no-include-email --region eu-west-1)');
  assert.deepEqual(old.logins.map((l) => [l.registry, l.credential.kind]), [[undefined, 'helper']]);
});

test('a password written in the file is refused, never copied', () => {
  assert.match(blockedBy(intentOf('docker login -u bob -p hunter2 registry.example.com'))[0], /written in the file/);
});

test('build flags: repeatable tags, -f, build args, target, labels, platform, cache', () => {
  const intent = intentOf(
    'docker buildx build -t a:1 --tag a:2 -f docker/Dockerfile --build-arg "GREETING=hello world" --build-arg V=$CI_COMMIT_SHA --target prod --label org.opencontainers.image.revision=$CI_COMMIT_SHA --platform linux/amd64 --cache-from type=registry,ref=$CI_REGISTRY_IMAGE/cache --cache-to type=registry,ref=$CI_REGISTRY_IMAGE/cache,mode=max --push app/',
  );
  assert.deepEqual(intent.blockers, []);
  const b = intent.builds[0];
  assert.deepEqual(b.tags.map((t) => t.raw), ['a:1', 'a:2']);
  assert.equal(b.dockerfile?.raw, 'docker/Dockerfile');
  assert.deepEqual(b.buildArgs.map((a) => a.raw), ['"GREETING=hello world"', 'V=$CI_COMMIT_SHA']);
  assert.equal(b.target?.raw, 'prod');
  assert.deepEqual(b.labels.map((l) => l.raw), ['org.opencontainers.image.revision=$CI_COMMIT_SHA']);
  assert.equal(b.platform?.raw, 'linux/amd64');
  assert.deepEqual(b.cacheRefs.map((c) => c.value), ['${CI_REGISTRY_IMAGE}/cache', '${CI_REGISTRY_IMAGE}/cache']);
  assert.equal(b.context.raw, 'app/');
  assert.deepEqual(intent.pushes.map((p) => p.ref.raw), ['a:1', 'a:2'], '--push pushes every tag');
});

test('--no-cache turns off cache refs; a cache pull is dropped', () => {
  const intent = intentOf('docker pull $IMG:latest || true', 'docker build --no-cache --cache-from $IMG:latest -t $IMG:1 .');
  assert.deepEqual(roles(intent), ['drop', 'guard', 'build']);
  assert.deepEqual(intent.builds[0].cacheRefs, []);
});

test('tags only built locally are not pushes; untagged names match :latest', () => {
  const intent = intentOf('docker build -t app -t app:test .', 'docker tag app registry.example.com/app:1', 'docker push registry.example.com/app:1', 'docker push app:latest');
  assert.deepEqual(intent.blockers, []);
  assert.deepEqual(intent.pushes.map((p) => p.ref.raw), ['registry.example.com/app:1', 'app:latest']);
});

test('blocking commands name their reason', () => {
  const cases: [string[], RegExp][] = [
    [['docker build -t x .', 'docker run --rm x npm test'], /docker run needs a Docker daemon/],
    [['docker build -t x .', 'docker exec c ls'], /docker exec needs a Docker daemon/],
    [['docker build -t x .', 'docker inspect x'], /--digest-file/],
    [['docker build -t x .', 'docker save x -o x.tar'], /--tar-path/],
    [['docker build -t x .', 'docker logs c'], /docker logs needs a Docker daemon/],
    [['docker compose build'], /compose/],
    [['docker-compose up -d'], /docker-compose/],
    [['werf build --dev'], /werf/],
    [['docker-slim build x'], /docker-slim/],
    [['docker buildx build --platform linux/amd64,linux/arm64 -t x .'], /several platforms/],
    [['docker run --privileged --rm tonistiigi/binfmt --install all'], /QEMU/],
    [['docker build -t x - < Dockerfile'], /stdin/],
    [['docker build -t x -f - .'], /stdin/],
    [['docker build --secret id=npm,src=.npmrc -t x .'], /secret/],
    [['docker tag other/image:1 mine:1'], /did not build/],
    [['docker build -t x .', 'docker push y'], /did not build/],
    [['if [ -n "$CI_COMMIT_TAG" ]; then docker build -t x .; fi'], /shell condition/],
  ];
  for (const [items, reason] of cases) {
    const reasons = blockedBy(intentOf(...items));
    assert.ok(reasons.some((r) => reason.test(r)), `${items.join(' / ')} → ${JSON.stringify(reasons)}`);
  }
});

test('neutral commands are kept and classified by availability in the Kaniko image', () => {
  const intent = intentOf('export TAG=$(date +%s)', 'VERSION=$(cat VERSION)', 'echo "$TAG"', 'apk add --no-cache git', './compute-tag.sh');
  const neutral = intent.sections[0].items.flatMap((i) => i.lines.flatMap((l) => l.commands.map((c) => c.role)));
  assert.deepEqual(neutral.map((r) => (r.kind === 'neutral' ? [r.tool, availability(r.tool), r.opaque] : r.kind)), [
    ['export', 'yes', false],
    ['', 'yes', false],
    ['echo', 'yes', false],
    ['apk', 'no', false],
    ['compute-tag.sh', 'unknown', true],
  ]);
});

test('opaque scripts are recorded; docker housekeeping is dropped', () => {
  assert.deepEqual(intentOf('make image').opaque, ['make image']);
  assert.deepEqual(intentOf('source ci/build.sh').opaque, ['source ci/build.sh']);
  assert.deepEqual(roles(intentOf('docker info', 'docker version', 'docker buildx create --use', 'export DOCKER_HOST=tcp://docker:2375')), ['drop', 'drop', 'drop', 'drop']);
});

test('corpus gitlab/06: werf jobs and their login are blocked for werf', () => {
  const intent = readBuildIntent([
    { name: 'before_script', items: ["cat >> werf-giterminism.yaml << 'END'\ngiterminismConfigVersion: 1\ncli:\n   allowCustomTags: true\nEND\n", 'werf version', 'docker version', 'echo $CI_REGISTRY'] },
    { name: 'script', items: ['type multiwerf && . $(multiwerf use 1.1 stable --as-file)', 'type werf && source $(werf ci-env gitlab --as-file)', 'docker login -u nobody -p ${WERF_IMAGES_CLEANUP_PASSWORD} ${WERF_IMAGES_REPO}', 'werf cleanup --dev'] },
  ]);
  assert.ok(blockedBy(intent).every((r) => /werf/.test(r)));
  assert.ok(blockedBy(intent).length >= 2);
});

test('corpus gitlab/07 and gitlab/08: the build is hidden in sourced or called scripts', () => {
  const meltano = readBuildIntent([
    { name: 'before_script', items: ['source .gitlab/ci/scripts/docker_build_before_script.sh'] },
    { name: 'script', items: ['source .gitlab/ci/scripts/docker_build_script.sh'] },
  ]);
  assert.equal(meltano.builds.length, 0);
  assert.equal(meltano.opaque.length, 2);
  assert.deepEqual(intentOf('bash .gitlab-ci/docker_build.sh').opaque, ['bash .gitlab-ci/docker_build.sh']);
  assert.deepEqual(intentOf('make "helper-dockerarchive-${IMAGE_BASE}"').opaque, ['make "helper-dockerarchive-${IMAGE_BASE}"']);
});

test('half-typed scripts do not throw', () => {
  for (const s of ['docker build', 'docker push', 'docker login -u', 'echo "unterminated', 'if then fi', '$(', '\\', 'docker build -t']) {
    assert.doesNotThrow(() => intentOf(s), s);
  }
});

test('a blocked command is quoted as written, on whatever line of the item it is', () => {
  const intent = intentOf('echo "a long first line that shifts every offset"\ndocker build -t r/app:1 .\ndocker run --rm r/app:1 ./test.sh');
  assert.deepEqual(intent.blockers.map((b) => b.command), ['docker run --rm r/app:1 ./test.sh']);
  const hidden = intentOf('echo first\n./ci/build-image.sh --push');
  assert.deepEqual(hidden.opaque, ['./ci/build-image.sh --push']);
  // The feeder of a --password-stdin login on a later line is read from its own text.
  const login = intentOf('echo setting up\necho "$REGISTRY_PASSWORD" | docker login -u "$REGISTRY_USER" --password-stdin registry.example.com');
  const cred = login.logins[0]?.credential;
  assert.equal(cred?.kind === 'basic' ? cred.password.raw : undefined, '"$REGISTRY_PASSWORD"');
});

test('containers run through sudo, podman or nerdctl block the rewrite, naming the command', () => {
  for (const [line, tool] of [
    ['sudo podman run --rm r/app:1 ./test.sh', 'podman run'],
    ['podman run r/app:1', 'podman run'],
    ['sudo -E nerdctl run r/app:1', 'nerdctl run'],
    ['sudo docker run r/app:1', 'docker run'],
    ['sudo docker push r/app:1', 'docker push runs through sudo'],
  ]) {
    const intent = intentOf('docker build -t r/app:1 .', `echo testing\n${line}`);
    assert.deepEqual(intent.blockers.map((b) => b.command), [line], line);
    assert.match(blockedBy(intent)[0], new RegExp(`^${tool}`), line);
  }
});

test('a password on the command line is masked in the quoted command', () => {
  const intent = intentOf('docker login -u ci -p s3cretPassw0rd registry.example.com', 'docker build -t r/app:1 .');
  assert.equal(intent.blockers.length, 1);
  assert.doesNotMatch(intent.blockers[0].command, /s3cretPassw0rd/);
  assert.match(intent.blockers[0].command, /^docker login -u ci -p s3c\*+ registry\.example\.com$/);
});

test('variables the file defines are expanded before a cache source becomes a repository', () => {
  const build = (vars: Record<string, string>, ...items: string[]) => readBuildIntent([{ name: 'script', items }], new Map(Object.entries(vars)));
  // A variable holding a tag never reaches --cache-repo with it.
  const tagged = build({ CACHE_IMAGE: '$CI_REGISTRY_IMAGE:latest' }, 'docker build --cache-from "$CACHE_IMAGE" -t "$CI_REGISTRY_IMAGE:1" .', 'docker push "$CI_REGISTRY_IMAGE:1"');
  assert.deepEqual(tagged.builds[0].cacheRefs, [{ value: '${CI_REGISTRY_IMAGE}', raw: '"${CI_REGISTRY_IMAGE}"' }]);
  assert.match(executorCommand(tagged, 0, { workspace: '$CI_PROJECT_DIR' }), /--cache-repo "\$\{CI_REGISTRY_IMAGE\}\/cache"/);
  const nested = build({ BASE: 'registry.example.com/team', CACHE: '${BASE}/app@sha256:' + 'a'.repeat(64) }, 'docker build --cache-from $CACHE -t app:1 .');
  assert.deepEqual(nested.builds[0].cacheRefs.map((r) => r.value), ['registry.example.com/team/app']);
  // Not defined in the file and no tag written after it: it may hold one.
  const toGitlab = build({}, 'docker build --cache-from "$CACHE_IMAGE" -t "$CI_REGISTRY_IMAGE:1" .', 'docker push "$CI_REGISTRY_IMAGE:1"');
  assert.deepEqual(toGitlab.builds[0].cacheRefs.map((r) => r.raw), ['"$CI_REGISTRY_IMAGE/cache"']);
  assert.ok(toGitlab.notes.some((n) => /\$CACHE_IMAGE is not set in the file/.test(n) && /\$CI_REGISTRY_IMAGE\/cache/.test(n)), toGitlab.notes.join('\n'));
  const elsewhere = build({}, 'docker build --cache-from "$CACHE_IMAGE" -t registry.example.com/app:1 .', 'docker push registry.example.com/app:1');
  assert.deepEqual(elsewhere.builds[0].cacheRefs, []);
  assert.ok(elsewhere.notes.some((n) => n.startsWith('dropped the layer cache')), elsewhere.notes.join('\n'));
  assert.ok(!kaniko.notesFor(elsewhere).includes(CACHE_NOTE));
  assert.doesNotMatch(executorCommand(elsewhere, 0, { workspace: '$CI_PROJECT_DIR' }), /--cache/);
  // A tag written after the variable shows that the variable is a repository.
  const explicit = build({}, 'docker build --cache-from "$REPO:latest" -t "$REPO:1" .', 'docker push "$REPO:1"');
  assert.deepEqual(explicit.builds[0].cacheRefs.map((r) => r.raw), ['"$REPO:latest"']);
});

test('a login registry the file sets to Docker Hub is keyed as Docker Hub, with a note', () => {
  const intent = readBuildIntent(
    [{ name: 'script', items: ['echo "$HUB_TOKEN" | docker login -u "$HUB_USER" --password-stdin "$REGISTRY"', 'docker build -t "$REGISTRY/team/app:1" .', 'docker push "$REGISTRY/team/app:1"'] }],
    new Map([['REGISTRY', '$HUB'], ['HUB', 'index.docker.io']]),
  );
  assert.equal(intent.logins[0].registry?.value, DOCKER_HUB_KEY);
  assert.ok(intent.notes.some((n) => n.includes('"$REGISTRY" is Docker Hub (index.docker.io)')), intent.notes.join('\n'));
  const other = readBuildIntent([{ name: 'script', items: ['docker login -u u -p "$P" "$REGISTRY"', 'docker build -t x .'] }], new Map([['REGISTRY', 'registry.example.com:5000']]));
  assert.equal(other.logins[0].registry?.raw, '"$REGISTRY"');
});
