// A Docker-in-Docker daemon without TLS accepts any connection on the job network: whoever reaches
// port 2375 can start privileged containers on the runner. Docker's image docs warn it can lead to
// host access; GitLab's docs say to keep TLS on (`/certs`, port 2376).
import { defineRule } from '../../rule.js';

/** `tcp://host:2375` (the daemon's plaintext port). */
function isPlainDockerHost(value: string): boolean {
  return /^tcp:\/\/[^/]*:2375\/?$/i.test(value.trim());
}

export default defineRule({
  id: 'ci-dind-no-tls',
  scope: 'job',
  severity: 'error',
  docs: {
    description:
      'A Docker-in-Docker daemon must keep TLS on: no empty DOCKER_TLS_CERTDIR, no tcp://…:2375 DOCKER_HOST, no --tls=false.',
  },
  messages: {
    emptyCertDir:
      'DOCKER_TLS_CERTDIR is empty, so the Docker-in-Docker daemon listens without TLS on the job network.',
    plainHost: 'DOCKER_HOST "{value}" talks to a Docker daemon over plain TCP on port 2375, without TLS.',
    tlsFalse:
      'The service "{image}" starts its Docker daemon with {flag}, so it accepts unauthenticated connections.',
  },
  create(ctx) {
    return {
      env(v) {
        if (v.value === undefined) return;
        const at = v.valueRange && v.valueRange.end > v.valueRange.start ? v.valueRange : v.nameRange;
        if (v.name === 'DOCKER_TLS_CERTDIR' && v.value.trim() === '') {
          ctx.report({ messageId: 'emptyCertDir', data: { value: v.value }, ...at });
        } else if (v.name === 'DOCKER_HOST' && isPlainDockerHost(v.value)) {
          ctx.report({ messageId: 'plainHost', data: { value: v.value }, ...at });
        }
      },
      container(c) {
        if (c.role !== 'service') return;
        for (const arg of c.command) {
          const flag = arg.value.trim();
          if (/^--tls=(false|0)$/i.test(flag)) ctx.report({ messageId: 'tlsFalse', data: { image: c.image?.value ?? '', flag }, ...arg.range });
        }
      },
    };
  },
});
