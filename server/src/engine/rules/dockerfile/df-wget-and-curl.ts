// Two download tools in one image do the same job twice: twice the code to patch and two sets of
// TLS and proxy settings to get right, where one tool would do.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { shippedStages } from '../../parse/dockerfile-instructions.js';
import { runCommands, type RunCommand } from '../../parse/dockerfile-run-commands.js';
import { baseName, unwrap } from '../../parse/shell/programs.js';

export default defineRule({
  id: 'df-wget-and-curl',
  targets: ['dockerfile'],
  severity: 'info',
  docs: {
    description: 'The shipped image uses both wget and curl, two tools for the same job.',
    hadolint: ['DL4001'],
    trivy: ['DS-0014'],
  },
  messages: {
    both: 'This image runs {tool} and also {other} (line {line}): use one download tool and install only that one.',
  },
  check(ctx) {
    const shipped = shippedStages(dockerfileModel(ctx.file), ctx.options.dockerfileTarget);
    const first = new Map<string, RunCommand>();
    for (const rc of runCommands(ctx.file, (t) => t.includes('wget') || t.includes('curl'))) {
      if (!shipped.has(rc.stage)) continue;
      const name = baseName(unwrap(rc.command.argv)[0] ?? '');
      if ((name === 'wget' || name === 'curl') && !first.has(name)) first.set(name, rc);
    }
    const wget = first.get('wget');
    const curl = first.get('curl');
    if (!wget || !curl) return;
    const [earlier, later] = wget.span().start <= curl.span().start ? [wget, curl] : [curl, wget];
    const span = later.span(later.command.argv.length - unwrap(later.command.argv).length);
    const line = String(ctx.file.lines.positionAt(earlier.span().start).line + 1);
    ctx.report({
      messageId: 'both',
      data: { tool: baseName(unwrap(later.command.argv)[0]), other: baseName(unwrap(earlier.command.argv)[0]), line },
      start: span.start,
      end: span.end,
    });
  },
});
