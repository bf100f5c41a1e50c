// An SSH port in the image says the container is meant to run an SSH daemon: a second, long-lived way
// in with its own keys or passwords, where `docker exec` / `kubectl exec` already give audited access.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionsOf, shippedStages } from '../../parse/dockerfile-instructions.js';
import { runCommands } from '../../parse/dockerfile-run-commands.js';
import { baseName } from '../../parse/shell/programs.js';
import type { ParsedFile } from '../../parsed-file.js';
import type { Stage } from '../../model/dockerfile.js';

/** True when an EXPOSE value (`22`, `22/tcp`, `20-25`) covers TCP port 22. */
export function exposesSsh(value: string): boolean {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(value.trim());
  if (!m || (m[3] && m[3].toLowerCase() !== 'tcp')) return false;
  const low = Number(m[1]);
  const high = m[2] ? Number(m[2]) : low;
  return low <= 22 && 22 <= high;
}

/**
 * A git server (Gitea, Gogs, GitLab) serves git over SSH to a `git` user whose login shell is the
 * git server itself: there SSH is the product, not a way into the container.
 */
function servesGit(file: ParsedFile, shipped: Set<Stage>): boolean {
  for (const stage of shipped) if (stage.users.some((u) => u.user === 'git') || stage.envs.some((e) => e.name === 'USER' && e.resolved === 'git')) return true;
  return runCommands(file, (t) => t.includes('git')).some((rc) => {
    if (!shipped.has(rc.stage)) return false;
    const argv = rc.command.argv;
    return ['adduser', 'useradd'].includes(baseName(argv[0] ?? '')) && argv[argv.length - 1] === 'git';
  });
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
    const shipped = shippedStages(model, ctx.options.dockerfileTarget);
    const exposes = instructionsOf(ctx.file, model, ['EXPOSE']).filter((e) => e.stage && shipped.has(e.stage));
    if (exposes.length === 0 || !exposes.some((e) => e.words.some((w) => exposesSsh(w.value))) || servesGit(ctx.file, shipped)) return;
    for (const expose of exposes) {
      for (const w of expose.words) {
        if (exposesSsh(w.value)) ctx.report({ messageId: 'ssh', data: { port: w.value }, start: w.start, end: w.end });
      }
    }
  },
});
