// Which `docker` images start a daemon: the dind tags always; the default variant (the dind one since
// Docker 22.06) when started with its own entrypoint and no command, options only, or `dockerd`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDefaultDaemonVariant, startsDockerDaemon } from '../../server/src/engine/model/facts/images.js';

const DEFAULT_VARIANT: [string, boolean][] = [
  ['docker', true],
  ['docker:latest', true],
  ['docker:rc', true],
  ['docker:27', true],
  ['docker:27.3.1', true],
  ['docker:28.0.1-alpine3.21', true],
  ['docker:28.0.0-rc.1', true],
  ['docker:22.06', true],
  ['docker.io/library/docker:24.0.5', true],
  ['mirror.example.com:5000/docker:26', true],
  ['docker:22.05', false],
  ['docker:20.10.16', false],
  ['docker:19.03.12', false],
  ['docker:stable', false],
  ['docker:27-cli', false],
  ['docker:cli', false],
  ['docker:27-dind', false],
  ['docker:27-windowsservercore-ltsc2022', false],
  ['docker/compose:1.29', false],
  ['mydocker:27', false],
];

test('the default variant of the docker image, by tag', () => {
  for (const [image, expected] of DEFAULT_VARIANT) assert.equal(isDefaultDaemonVariant(image), expected, image);
});

const STARTS: [string, string[], string[], boolean][] = [
  ['docker:27', [], [], true],
  ['docker:27', [], ['--tls=false', '--mtu=1400'], true],
  ['docker:27', [], ['dockerd', '--host=tcp://0.0.0.0:2375'], true],
  ['docker:27', ['/usr/local/bin/dockerd-entrypoint.sh'], [], true],
  ['docker:27', [], ['sh', '-c', 'docker build .'], false],
  ['docker:27', [], ['docker', 'build', '.'], false],
  ['docker:27', ['sh'], ['-c', 'sleep 1'], false],
  ['docker:27-dind', [], ['sh', '-c', 'x'], true],
  ['docker:27-cli', [], [], false],
  ['docker:20.10', [], [], false],
];

test('a container of the image started with these overrides runs dockerd', () => {
  for (const [image, entrypoint, command, expected] of STARTS) {
    assert.equal(startsDockerDaemon(image, entrypoint, command), expected, `${image} ${JSON.stringify({ entrypoint, command })}`);
  }
});
