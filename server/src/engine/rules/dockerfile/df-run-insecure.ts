// `RUN --security=insecure` runs the step without the build sandbox (all capabilities, no seccomp or
// AppArmor): the Dockerfile-level equivalent of a privileged container, and what Docker-in-Docker
// builds need. `RUN --network=host` gives the step the build host's network, bypassing the build's
// network isolation. Both need an entitlement granted to the builder.
import { Run } from 'dockerfile-ast';
import { defineRule } from '../../rule.js';

export default defineRule({
  id: 'df-run-insecure',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'A RUN step asks for the insecure sandbox (--security=insecure) or the host network (--network=host).',
  },
  messages: {
    security:
      'RUN --security=insecure runs this step with full privileges and no sandbox (like a privileged container); the builder must be granted security.insecure. Remove the flag, or do the privileged work outside the build.',
    network:
      'RUN --network=host gives this step the build host\'s network, outside the build\'s isolation; the builder must be granted network.host. Use the default network, or pass what the step needs (a proxy, a mirror) as a build argument or secret.',
  },
  check(ctx) {
    for (const instruction of ctx.file.dockerfile.getInstructions()) {
      if (!(instruction instanceof Run)) continue;
      for (const flag of instruction.getFlags()) {
        const name = flag.getName().toLowerCase();
        const value = (flag.getValue() ?? '').toLowerCase();
        const messageId = name === 'security' && value === 'insecure' ? 'security' : name === 'network' && value === 'host' ? 'network' : null;
        if (!messageId) continue;
        const r = flag.getRange();
        ctx.report({
          messageId,
          start: ctx.file.lines.offsetAt(r.start),
          end: ctx.file.lines.offsetAt(r.end),
          severity: messageId === 'security' ? 'error' : 'warning',
        });
      }
    }
  },
});
