// A Docker-in-Docker daemon without TLS accepts any connection on the job network: whoever reaches
// port 2375 can start privileged containers on the runner. Docker's image docs warn it can lead to
// host access; GitLab's docs say to keep TLS on (`/certs`, port 2376).
import { ciModel, jobsConcreteFirst } from '../../model/ci/index.js';
import type { CiService, CiVariable } from '../../model/ci/types.js';
import { defineRule } from '../../rule.js';
import type { OffsetRange } from '../../types.js';

/** `tcp://host:2375` (the daemon's plaintext port). */
function isPlainDockerHost(value: string): boolean {
  return /^tcp:\/\/[^/]*:2375\/?$/i.test(value.trim());
}

export default defineRule({
  id: 'ci-dind-no-tls',
  targets: ['gitlab-ci', 'github-actions'],
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
  check(ctx) {
    const model = ciModel(ctx.file);
    if (!model) return;
    const seen = new Set<string>();
    const once = (range: OffsetRange) => {
      const key = `${range.start}:${range.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    const checkVariable = (v: CiVariable) => {
      const range = v.valueRange && v.valueRange.end > v.valueRange.start ? v.valueRange : v.keyRange;
      if (v.name === 'DOCKER_TLS_CERTDIR' && v.value !== undefined && v.value.trim() === '') {
        if (once(range)) ctx.report({ messageId: 'emptyCertDir', data: { value: v.value }, start: range.start, end: range.end });
      } else if (v.name === 'DOCKER_HOST' && v.value !== undefined && isPlainDockerHost(v.value)) {
        if (once(range)) ctx.report({ messageId: 'plainHost', data: { value: v.value }, start: range.start, end: range.end });
      }
    };
    for (const v of model.variables) checkVariable(v);
    const checkService = (service: CiService) => {
      for (const v of service.variables) checkVariable(v);
      for (const arg of service.command) {
        const flag = arg.value.trim();
        if (!/^--tls=(false|0)$/i.test(flag) || !once(arg.range)) continue;
        ctx.report({ messageId: 'tlsFalse', data: { image: service.image, flag }, start: arg.range.start, end: arg.range.end });
      }
    };
    for (const job of jobsConcreteFirst(model)) {
      for (const v of job.variables) checkVariable(v);
      for (const v of job.container?.variables ?? []) checkVariable(v);
      for (const step of job.steps) for (const v of step.env) checkVariable(v);
      for (const service of job.services) checkService(service);
    }
    for (const service of model.defaultServices) checkService(service);
  },
});
