// A build argument used by a RUN step is recorded with that step: `docker history` shows the RUN with
// its build arguments, and build provenance lists them. A secret mount is available to the one step
// and recorded nowhere, so a secret consumed by RUN belongs in `RUN --mount=type=secret`.
import { defineRule } from '../../rule.js';
import { dockerfileModel, type RunDecl } from '../../model/dockerfile.js';
import { secretWord } from '../../model/facts/secrets.js';

/** Names that a RUN's `--mount=type=secret,…,env=NAME` flags provide. */
function secretMountEnvs(run: RunDecl): Set<string> {
  const names = new Set<string>();
  for (const flag of run.instruction.getFlags()) {
    if (flag.getName().toLowerCase() !== 'mount') continue;
    const options = new Map(flag.getOptions().map((o) => [o.getName().toLowerCase(), o.getValue() ?? '']));
    if (options.get('type') === 'secret' && options.get('env')) names.add(options.get('env')!);
  }
  return names;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export default defineRule({
  id: 'df-secret-arg-in-run',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'A RUN step consumes a secret-looking build argument instead of a RUN --mount=type=secret secret.',
    trivy: ['DS-0031'],
  },
  messages: {
    secretArg:
      'RUN uses the build argument {name}, which looks like a secret: the step is recorded with its build arguments in the image history and build provenance. Pass it as a secret instead: RUN --mount=type=secret,id={id},env={name} … with docker build --secret id={id},env={name}.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    for (const stage of model.stages) {
      if (stage.runs.length === 0) continue;
      const secretArgs = stage.args.filter((a) => secretWord(a.name) !== null);
      if (secretArgs.length === 0) continue;
      for (const run of stage.runs) {
        const mounted = secretMountEnvs(run);
        const end = Math.max(run.range.end, ...run.scripts.map((s) => s.range.end));
        const raw = ctx.file.text.slice(run.range.start, end);
        const text = run.scripts.map((s) => s.text).join('\n');
        const reported = new Set<string>();
        for (const arg of secretArgs) {
          if (arg.nameRange.start > run.range.start || mounted.has(arg.name) || reported.has(arg.name)) continue;
          const ref = new RegExp(`\\$\\{?${escapeRegExp(arg.name)}(?![A-Za-z0-9_])`);
          if (!ref.test(text)) continue;
          reported.add(arg.name);
          const found = ref.exec(raw);
          const start = found ? run.range.start + found.index : run.range.start;
          let stop = found ? start + found[0].length : run.range.end;
          // `${NAME}` and `${NAME:-…}`: the finding covers the whole reference.
          if (found && found[0].startsWith('${')) {
            const close = ctx.file.text.indexOf('}', stop);
            if (close >= 0 && close < end && !ctx.file.text.slice(stop, close).includes('\n')) stop = close + 1;
          }
          ctx.report({ messageId: 'secretArg', data: { name: arg.name, id: arg.name.toLowerCase().replace(/_/g, '-') }, start, end: stop });
        }
      }
    }
  },
});
