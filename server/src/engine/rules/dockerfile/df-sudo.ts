// RUN already runs as the stage's USER; sudo in a build step means the image carries a sudo binary and
// a sudoers entry, so anything running as that user later can become root with no exploit at all.
import { defineRule } from '../../rule.js';
import { runCommands } from '../../parse/dockerfile-run-commands.js';
import { baseName } from '../../parse/shell/programs.js';

export default defineRule({
  id: 'df-sudo',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'A RUN instruction uses sudo, which needs a sudo-capable user in the image.',
    hadolint: ['DL3004'],
    checkov: ['CKV2_DOCKER_1'],
    trivy: ['DS-0010'],
  },
  messages: {
    sudo: 'RUN uses sudo: switch with USER root for the steps that need it and back to an unprivileged USER after them, instead of shipping sudo.',
  },
  check(ctx) {
    for (const rc of runCommands(ctx.file, (t) => t.includes('sudo'))) {
      // sudo may follow env or another wrapper (`env X=1 sudo …`, `exec sudo …`).
      const argv = rc.command.argv;
      for (let i = 0; i < argv.length && i < 8; i++) {
        const name = baseName(argv[i]);
        if (name === 'sudo') {
          const span = rc.span(i);
          ctx.report({ messageId: 'sudo', start: span.start, end: span.end });
          break;
        }
        if (!['env', 'exec', 'nice', 'nohup', 'time', 'command'].includes(name) && !(i > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]))) break;
      }
    }
  },
});
