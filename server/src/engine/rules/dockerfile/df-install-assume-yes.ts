// apt-get, yum, dnf and zypper ask "Do you want to continue?" before installing more than they were
// told to (dependencies, almost always). A build has no terminal: the question reads end of input,
// the package manager aborts, and the RUN fails, often only on the day a dependency is added.
// DEBIAN_FRONTEND=noninteractive silences debconf's questions, not this one.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionsOf } from '../../parse/dockerfile-instructions.js';
import { runCommands, type RunCommand } from '../../parse/dockerfile-run-commands.js';
import { baseName } from '../../parse/shell/programs.js';
import type { FixOutcome } from '../../types.js';

/** The programs that ask, by message id (hadolint has one check per program). */
const PROGRAMS: Record<string, 'aptGet' | 'apt' | 'yum' | 'dnf' | 'zypper'> = {
  'apt-get': 'aptGet',
  apt: 'apt',
  yum: 'yum',
  dnf: 'dnf',
  zypper: 'zypper',
};

/** apt or yum/dnf configuration that answers yes for every later command. */
const APT_ASSUME_YES = /APT::Get::Assume-Yes(?:=|\s+)["']?(?:true|1|yes|on)\b/i;
const RPM_ASSUME_YES = /(?:^|[\s'"])assumeyes\s*=\s*(?:1|true|yes|on)\b/i;

/** apt short options whose value is the rest of the word or the next one. */
const APT_VALUED = 'ocat';

/** `-y` in any spelling, a dry run, quiet level 2 (which implies -y, apt-get(8)) or `-o APT::Get::Assume-Yes=true`. */
function aptAnswered(args: string[]): boolean {
  let quiet = 0;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '--yes' || w === '--assume-yes' || w === '--simulate' || w === '--dry-run' || w === '--just-print' || w === '--no-act' || w === '--recon') return true;
    if (w === '--quiet') quiet++;
    const level = /^(?:-q|--quiet)=(\d+)$/.exec(w);
    if (level) quiet += Number(level[1]);
    const option = w === '-o' || w === '--option' ? args[i + 1] ?? '' : w.startsWith('--option=') ? w.slice(9) : w.startsWith('-o') ? w.slice(2) : '';
    if (option && APT_ASSUME_YES.test(option)) return true;
    if (!w.startsWith('-') || w.startsWith('--') || w.includes('=')) continue;
    for (let k = 1; k < w.length; k++) {
      const letter = w[k];
      if (APT_VALUED.includes(letter)) break;
      if (letter === 'y' || letter === 's') return true;
      if (letter === 'q') quiet++;
    }
  }
  return quiet >= 2;
}

function rpmAnswered(args: string[]): boolean {
  return args.some((w) => w === '-y' || w === '--assumeyes' || w === '--assumeno' || /^-[a-zA-Z]*y[a-zA-Z]*$/.test(w) || /^--setopt=assumeyes=(?:1|true|yes|on)$/i.test(w));
}

/** zypper: global `-n`/`--non-interactive` before the subcommand, `-y`/`--no-confirm` after it. */
function zypperAnswered(args: string[], subcommand: number): boolean {
  return args.some((w, i) => {
    if (w === '--non-interactive' || w === '--no-confirm' || w === '-y' || w === '--dry-run' || w === '-D') return true;
    return i < subcommand && /^-[a-zA-Z]*n[a-zA-Z]*$/.test(w);
  });
}

function addYes(rc: RunCommand, subcommandIndex: number): FixOutcome | null {
  if (!rc.exact) return null;
  const at = rc.span(subcommandIndex).end;
  return { type: 'fix', title: 'Add -y', kind: 'quickfix', edits: [{ start: at, end: at, text: ' -y' }] };
}

export default defineRule({
  id: 'df-install-assume-yes',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'apt-get/apt, yum, dnf or zypper install runs without -y (zypper: -n), so it asks for a confirmation no one can give during a build.',
    hadolint: ['DL3014', 'DL3030', 'DL3034', 'DL3038'],
  },
  messages: {
    aptGet: 'apt-get {subcommand} without -y asks before installing dependencies, and a build cannot answer: the RUN aborts. Add -y.',
    apt: 'apt {subcommand} without -y asks before installing dependencies, and a build cannot answer: the RUN aborts. Add -y.',
    yum: 'yum {subcommand} without -y asks "Is this ok [y/N]", and a build cannot answer: the RUN aborts. Add -y.',
    dnf: 'dnf {subcommand} without -y asks "Is this ok [y/N]", and a build cannot answer: the RUN aborts. Add -y.',
    zypper: 'zypper {subcommand} without -n (before {subcommand}) or -y (after it) asks for confirmation, and a build cannot answer: the RUN aborts. Add -y.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    // Configuration that answers yes counts from where it is written or copied into the image.
    let aptFrom = Number.MAX_SAFE_INTEGER;
    let rpmFrom = Number.MAX_SAFE_INTEGER;
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        for (const script of run.scripts) {
          if (APT_ASSUME_YES.test(script.text)) aptFrom = Math.min(aptFrom, run.range.start);
          if (RPM_ASSUME_YES.test(script.text)) rpmFrom = Math.min(rpmFrom, run.range.start);
        }
      }
    }
    for (const c of instructionsOf(ctx.file, model, ['COPY', 'ADD'])) {
      const dest = c.words.length > 0 ? c.words[c.words.length - 1].value : '';
      if (dest.startsWith('/etc/apt')) aptFrom = Math.min(aptFrom, c.range.start);
      if (dest.startsWith('/etc/yum') || dest.startsWith('/etc/dnf')) rpmFrom = Math.min(rpmFrom, c.range.start);
    }
    for (const rc of runCommands(ctx.file, (t) => /apt|yum|dnf|zypper/.test(t))) {
      const install = rc.packageInstall;
      if (!install) continue;
      const messageId = PROGRAMS[baseName(install.program)];
      if (!messageId) continue;
      // Something feeds its standard input (`yes | apt-get install …`): that answers.
      if (rc.command.pipeIndex > 0 || rc.command.redirects.some((r) => r.op === '<' || r.op === '<<' || r.op === '<<-' || r.op === '<<<')) continue;
      const argv = rc.command.argv;
      const programIndex = argv.length - rc.argv.length;
      const args = argv.slice(programIndex + 1);
      const sub = install.subcommandIndex - programIndex - 1;
      const start = rc.run.range.start;
      if (messageId === 'aptGet' || messageId === 'apt') {
        if (aptFrom < start || aptAnswered(args)) continue;
      } else if (messageId === 'zypper') {
        if (zypperAnswered(args, sub)) continue;
      } else if (rpmFrom < start || rpmAnswered(args)) continue;
      const span = rc.span(install.subcommandIndex);
      const fix = addYes(rc, install.subcommandIndex);
      ctx.report({
        messageId,
        data: { subcommand: argv[install.subcommandIndex] },
        start: span.start,
        end: span.end,
        ...(fix ? { fix: () => fix } : {}),
      });
    }
  },
});
