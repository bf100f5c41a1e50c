// A password written into a RUN is in the Dockerfile, in the image history (the RUN text is recorded
// verbatim) and, once set, in every container started from the image: one leaked image opens them all.
import { defineRule } from '../../rule.js';
import { locate, runScripts, type RunCommand } from '../../parse/dockerfile-run-commands.js';
import { parseOptions } from '../../parse/shell/options.js';
import { baseName } from '../../parse/shell/programs.js';
import { redact } from '../../redact.js';
import { awsAccessKeyId, isPlaceholder } from '../../model/facts/secrets.js';

/** A value fixed in the text: no variable, no substitution, not empty. */
function isLiteral(value: string): boolean {
  return value !== '' && !value.includes('$') && !value.includes('`');
}

/** The text an `echo`/`printf` writes, or null when it is not one. */
function printed(argv: string[]): string | null {
  const name = baseName(argv[0] ?? '');
  if (name !== 'echo' && name !== 'printf') return null;
  const words = argv.slice(1).filter((w, i) => !(name === 'echo' && i === 0 && /^-[neE]+$/.test(w)));
  return words.join(' ');
}

export interface LiteralPassword {
  command: string;
  /** The account whose password is set, when the text names it. */
  user: string;
}

/** What feeds the command's standard input: a here-string, or the `echo`/`printf` before it in the pipeline. */
function stdinText(cmd: RunCommand, previous: RunCommand | undefined): string | null {
  const hereString = cmd.command.redirects.find((r) => r.op === '<<<');
  if (hereString) return hereString.target;
  if (previous && cmd.command.pipeIndex > 0 && previous.command.pipeline === cmd.command.pipeline && previous.depth === cmd.depth) {
    return printed(previous.argv);
  }
  return null;
}

/** Locked or disabled password fields set no password. */
function setsPassword(hash: string): boolean {
  return !/^[!*x]*$/.test(hash);
}

/** The programs findLiteralPasswords reads; every other command is passed over before its arguments are copied. */
const PASSWORD_PROGRAMS = new Set(['chpasswd', 'passwd', 'useradd', 'usermod', 'adduser', 'openssl']);

export function findLiteralPasswords(commands: RunCommand[]): LiteralPassword[] {
  const out: LiteralPassword[] = [];
  for (let i = 0; i < commands.length; i++) {
    const cmd = commands[i];
    const name = baseName(cmd.argv[0] ?? '');
    if (!PASSWORD_PROGRAMS.has(name)) continue;
    const args = cmd.argv.slice(1);
    if (name === 'chpasswd') {
      const text = stdinText(cmd, commands[i - 1]);
      if (text === null || !isLiteral(text)) continue;
      const lines = text.split(/\\n|\n/).filter((l) => l.includes(':'));
      const line = lines.find((l) => setsPassword(l.slice(l.indexOf(':') + 1)));
      if (line) out.push({ command: 'chpasswd', user: line.slice(0, line.indexOf(':')).trim() || 'a user' });
    } else if (name === 'passwd') {
      const text = stdinText(cmd, commands[i - 1]);
      if (text === null || !isLiteral(text)) continue;
      const user = args.filter((a) => !a.startsWith('-')).pop();
      out.push({ command: 'passwd', user: user ?? 'root' });
    } else if (name === 'useradd' || name === 'usermod' || name === 'adduser') {
      const p = parseOptions(args, { shortValue: 'bcdefgGkKpsu', longValue: new Set(['--password', '--home', '--home-dir', '--shell', '--uid', '--gid', '--groups', '--comment', '--gecos', '--expiredate', '--inactive', '--key', '--root', '--prefix']) });
      const pw = p.options.find((o) => o.name === '-p' || o.name === '--password');
      if (!pw || pw.value === null || !setsPassword(pw.value)) continue;
      // A single-quoted hash (`'$6$salt$…'`) is literal although it is full of dollars.
      const written = cmd.command.words.find((w) => w.value === pw.value);
      const singleQuoted = written !== undefined && written.raw.startsWith("'") && written.raw.endsWith("'");
      if (!singleQuoted && !isLiteral(pw.value)) continue;
      out.push({ command: `${name} -p`, user: p.positionals[p.positionals.length - 1]?.value ?? 'a user' });
    } else if (name === 'openssl' && args[0] === 'passwd') {
      const p = parseOptions(args.slice(1), { shortValue: '', longValue: new Set(['-salt', '-in']) });
      const literal = p.positionals.find((w) => isLiteral(w.value) && !w.value.startsWith('-'));
      if (literal && !args.includes('-stdin') && !args.includes('-in')) out.push({ command: 'openssl passwd', user: 'a user' });
    }
  }
  return out;
}

export default defineRule({
  id: 'df-literal-password',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'A RUN sets an account password from a literal (chpasswd, passwd, useradd -p, openssl passwd) or holds a literal AWS access key id.',
    checkov: ['CKV2_DOCKER_17'],
  },
  messages: {
    awsKeyId:
      'RUN holds a literal AWS access key id ({value}): the RUN text is recorded verbatim in the image history. Remove it, rotate the key, and pass credentials with RUN --mount=type=secret.',
    literal:
      '{command} sets a fixed password for {user}: it is readable in the Dockerfile and the image history, and the same in every container. Leave the account without a password (or locked), or set it at run time from a secret.',
  },
  check(ctx) {
    for (const { script, commands } of runScripts(ctx.file)) {
      const keyId = awsAccessKeyId(script.text);
      if (keyId && !isPlaceholder(keyId)) {
        const at = locate(ctx.file, script.range, keyId);
        ctx.report({ messageId: 'awsKeyId', data: { value: redact(keyId) }, start: at.start, end: at.end, severity: 'error' });
      }
      const seen = new Set<string>();
      for (const found of findLiteralPasswords(commands)) {
        const key = `${found.command} ${found.user}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const at = locate(ctx.file, script.range, found.command.split(' ')[0]);
        ctx.report({ messageId: 'literal', data: { command: found.command, user: found.user }, start: at.start, end: at.end });
      }
    }
  },
});
