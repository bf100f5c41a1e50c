// An SSH port in the image says the container is meant to run an SSH daemon: a second, long-lived way
// in with its own keys or passwords, where `docker exec` / `kubectl exec` already give audited access.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionsOf, shippedStages } from '../../parse/dockerfile-instructions.js';

/** True when an EXPOSE value (`22`, `22/tcp`, `20-25`) covers TCP port 22. */
export function exposesSsh(value: string): boolean {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(value.trim());
  if (!m || (m[3] && m[3].toLowerCase() !== 'tcp')) return false;
  const low = Number(m[1]);
  const high = m[2] ? Number(m[2]) : low;
  return low <= 22 && 22 <= high;
}

export default defineRule({
  id: 'df-expose-ssh',
  targets: ['dockerfile'],
  severity: 'info',
  docs: {
    description: 'The shipped image exposes port 22, the SSH port.',
    checkov: ['CKV_DOCKER_1'],
    trivy: ['DS-0004'],
  },
  messages: {
    ssh: 'EXPOSE {port} opens the SSH port: run no SSH daemon in the container and use docker exec or kubectl exec for access.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    const shipped = shippedStages(model);
    for (const expose of instructionsOf(ctx.file, model, ['EXPOSE'])) {
      if (!expose.stage || !shipped.has(expose.stage)) continue;
      for (const w of expose.words) {
        if (exposesSsh(w.value)) ctx.report({ messageId: 'ssh', data: { port: w.value }, start: w.start, end: w.end });
      }
    }
  },
});
