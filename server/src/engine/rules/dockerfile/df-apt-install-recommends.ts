// apt installs "recommended" packages by default: documentation, GUI helpers, extra daemons and their
// libraries, each one more thing to patch and more attack surface in the shipped image.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionsOf, shippedStages } from '../../parse/dockerfile-instructions.js';
import { runCommands, type RunCommand } from '../../parse/dockerfile-run-commands.js';
import type { FixOutcome } from '../../types.js';

const OFF = /Install-Recommends(?:=|\s+)["']?(?:false|0|no|off)\b/i;

function addFlag(rc: RunCommand, subcommandIndex: number): FixOutcome | null {
  if (!rc.exact) return null;
  const at = rc.span(subcommandIndex).end;
  return {
    type: 'fix',
    title: 'Add --no-install-recommends',
    kind: 'quickfix',
    edits: [{ start: at, end: at, text: ' --no-install-recommends' }],
    notes: ['Packages that were only recommended (ca-certificates for curl, for example) are no longer installed; name them if the image needs them.'],
  };
}

export default defineRule({
  id: 'df-apt-install-recommends',
  targets: ['dockerfile'],
  severity: 'info',
  docs: {
    description: 'apt-get install in the shipped image runs without --no-install-recommends, so recommended packages are installed too.',
    hadolint: ['DL3015'],
    trivy: ['DS-0029'],
  },
  messages: {
    recommends: '{program} install also installs the recommended packages: add --no-install-recommends and name what the image needs.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    const shipped = shippedStages(model, ctx.options.dockerfileTarget);
    // apt configuration written or copied into the image (`APT::Install-Recommends "false";`) counts
    // from where it is: the first such RUN or COPY/ADD into /etc/apt of a shipped stage.
    let configuredFrom = Number.MAX_SAFE_INTEGER;
    for (const rc of runCommands(ctx.file, (t) => t.includes('Install-Recommends'))) {
      if (shipped.has(rc.stage) && rc.run.range.start < configuredFrom && OFF.test(rc.script.text)) {
        configuredFrom = rc.run.range.start;
      }
    }
    for (const c of instructionsOf(ctx.file, model, ['COPY', 'ADD'])) {
      if (c.stage && shipped.has(c.stage) && c.words.length > 0 && c.words[c.words.length - 1].value.startsWith('/etc/apt')) {
        configuredFrom = Math.min(configuredFrom, c.range.start);
      }
    }
    for (const rc of runCommands(ctx.file, (t) => t.includes('apt'))) {
      if (!shipped.has(rc.stage)) continue;
      const install = rc.packageInstall;
      if (!install || install.manager !== 'apt') continue;
      const argv = rc.command.argv;
      const after = argv.slice(install.subcommandIndex + 1);
      if (!after.some((w) => !w.startsWith('-'))) continue;
      if (argv.some((w) => w.startsWith('--no-install-recommends') || OFF.test(w))) continue;
      if (configuredFrom < rc.run.range.start) continue;
      const span = rc.span(install.subcommandIndex);
      const fix = addFlag(rc, install.subcommandIndex);
      ctx.report({
        messageId: 'recommends',
        data: { program: install.program.replace(/^.*\//, '') },
        start: span.start,
        end: span.end,
        ...(fix ? { fix: () => fix } : {}),
      });
    }
  },
});
