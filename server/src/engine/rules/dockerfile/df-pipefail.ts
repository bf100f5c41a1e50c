// A pipeline's status is its last command's: `curl … | tar x` succeeds when the download fails, and
// the build goes on with a missing or truncated file. `-o pipefail` makes the RUN fail instead.
import { defineRule } from '../../rule.js';
import { dockerfileModel, rootStage, type Stage } from '../../model/dockerfile.js';
import { instructionsOf, type InstructionView } from '../../parse/dockerfile-instructions.js';
import { runCommands, type RunCommand } from '../../parse/dockerfile-run-commands.js';
import { baseName } from '../../parse/shell/programs.js';
import type { ParsedFile } from '../../parsed-file.js';
import type { FixOutcome } from '../../types.js';

/** Shells whose `-o pipefail` is known to work (plain `sh` may be a shell without it). */
const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ksh', 'mksh', 'ash']);
/**
 * Commands that only print or filter local state (the `find … -exec ldd | awk | sort | xargs -r
 * apt-mark manual` idiom of official images): in front of a pipe they fail only when the build is
 * already broken in a way later steps show. A pipe fed by anything else (a download, a build, a
 * package manager, `cat` of a file that may be missing) is reported.
 */
const INSPECTION = new Set([
  'echo', 'printf', 'true', 'yes', 'find', 'ldd', 'grep', 'egrep', 'fgrep', 'awk', 'gawk', 'mawk', 'sed', 'sort', 'uniq', 'cut',
  'tr', 'head', 'tail', 'wc', 'locale', 'apt-mark', 'dpkg-query', 'env', 'printenv', 'id', 'uname', 'getent', 'basename', 'dirname', 'tee',
]);
/** xargs options that take a value. */
const XARGS_VALUED = new Set(['-I', '-i', '-n', '-P', '-d', '-s', '-L', '-l', '-E', '-e', '-a', '--delimiter', '--max-args', '--max-procs', '--arg-file', '--replace', '--max-lines', '--max-chars', '--eof']);

/** The program a pipeline member runs: for xargs, the command it runs. */
function feederName(argv: string[]): string {
  const name = baseName(argv[0] ?? '');
  if (name !== 'xargs') return name;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (!w.startsWith('-')) return baseName(w);
    if (!w.includes('=') && XARGS_VALUED.has(w)) i++;
  }
  return 'echo';
}
/** Official images whose every variant except Alpine (and BusyBox) ships bash. */
const BASH_IMAGES = new Set([
  'debian', 'ubuntu', 'buildpack-deps', 'python', 'node', 'golang', 'ruby', 'php', 'perl', 'rust', 'openjdk', 'eclipse-temurin',
  'amazoncorretto', 'maven', 'gradle', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux',
]);

export const PIPEFAIL_SHELL = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';

/** True for a SHELL exec array that turns on pipefail in a shell that has it. */
export function shellHasPipefail(exec: string[]): boolean {
  if (exec.length === 0 || !PIPEFAIL_SHELLS.has(baseName(exec[0]))) return false;
  return exec.some((w, i) => w === '-opipefail' || (/^-[A-Za-z]*o$/.test(w) && exec[i + 1] === 'pipefail'));
}

/** True when the image is known to ship bash (official Debian/Ubuntu/RHEL-family images and their language images). */
export function imageHasBash(image: string): boolean {
  const ref = image.replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
  const at = ref.indexOf('@');
  const named = at >= 0 ? ref.slice(0, at) : ref;
  const colon = named.lastIndexOf(':');
  const name = colon >= 0 ? named.slice(0, colon) : named;
  const tag = colon >= 0 ? named.slice(colon + 1) : '';
  if (name.includes('/')) return false;
  return BASH_IMAGES.has(name) && !/alpine|busybox|windows|nanoserver/i.test(tag);
}

function setsPipefail(argv: string[]): boolean {
  if (argv[0] !== 'set') return false;
  return argv.some((w, i) => (/^-[A-Za-z]*o$/.test(w) && argv[i + 1] === 'pipefail') || w === '-opipefail');
}

/** The SHELL in effect at an offset of a stage: its own last one before it, or its parent's last one. */
function shellAt(shells: InstructionView[], stage: Stage, offset: number): InstructionView | null {
  let found: InstructionView | null = null;
  for (const s of shells) if (s.stage === stage && s.range.start < offset) found = s;
  if (found || !stage.parent) return found;
  return shellAt(shells, stage.parent, Number.MAX_SAFE_INTEGER);
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Inserts the pipefail SHELL above the RUN (and above the comment lines directly over it, which belong to it). */
function insertShellFix(file: ParsedFile, runStart: number): FixOutcome {
  const text = file.text;
  let at = lineStartOf(text, runStart);
  while (at > 0) {
    const prev = lineStartOf(text, at - 1);
    if (!/^\s*#/.test(text.slice(prev, at))) break;
    at = prev;
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStartOf(text, runStart)))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    type: 'fix',
    title: 'Run this stage\'s RUN instructions in bash with pipefail',
    kind: 'rewrite',
    edits: [{ start: at, end: at, text: indent + PIPEFAIL_SHELL + eol }],
    notes: ['Every later RUN of this stage runs in bash instead of /bin/sh.'],
  };
}

export default defineRule({
  id: 'df-pipefail',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'A RUN pipes one command into another without -o pipefail, so a failure before the last command is ignored.',
    hadolint: ['DL4006'],
  },
  messages: {
    pipe: 'The pipe from {first} into {last} ignores a failure of {first}: set SHELL ["/bin/bash", "-o", "pipefail", "-c"] before this RUN, or start it with set -o pipefail.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    const shells = instructionsOf(ctx.file, model, ['SHELL']);
    const pipelines = new Map<string, RunCommand[]>();
    const all = runCommands(ctx.file, (t) => t.includes('|'));
    const parses = new Map<object, number>();
    // Where each script first runs `set -o pipefail` (it fails loudly where the shell lacks it).
    const pipefailFrom = new Map<object, number>();
    for (const rc of all) {
      if (!pipefailFrom.has(rc.parsed) && setsPipefail(rc.command.argv)) pipefailFrom.set(rc.parsed, rc.command.start);
    }
    for (const rc of all) {
      if (rc.nested || rc.command.substitution || rc.run.form === 'exec') continue;
      if (!parses.has(rc.parsed)) parses.set(rc.parsed, parses.size);
      const key = `${parses.get(rc.parsed)}:${rc.command.pipeline}`;
      const list = pipelines.get(key) ?? [];
      list.push(rc);
      pipelines.set(key, list);
    }
    const firstPiped = new Map<Stage, number>();
    const found: { rc: RunCommand[]; stage: Stage }[] = [];
    for (const list of pipelines.values()) {
      if (list.length < 2 || !list.some((rc) => rc.command.pipeIndex > 0)) continue;
      const head = list[0];
      const feeders = list.slice(0, -1);
      if (feeders.every((rc) => INSPECTION.has(feederName(rc.command.argv)))) continue;
      if ((pipefailFrom.get(head.parsed) ?? Number.MAX_SAFE_INTEGER) < head.command.start) continue;
      const shell = shellAt(shells, head.stage, head.run.range.start);
      const exec = shell?.json ? shell.words.map((w) => w.value) : null;
      if (exec && shellHasPipefail(exec)) continue;
      found.push({ rc: list, stage: head.stage });
      const start = ctx.file.lines.offsetAt(head.run.instruction.getRange().start);
      if (!firstPiped.has(head.stage) || firstPiped.get(head.stage)! > start) firstPiped.set(head.stage, start);
    }
    for (const { rc: list, stage } of found) {
      const head = list[0];
      const tail = list[list.length - 1];
      const a = head.span();
      const b = tail.span();
      const base = rootStage(stage).image?.resolved;
      const hasShell = shells.some((s) => {
        for (let st: Stage | null = stage; st; st = st.parent) if (s.stage === st) return true;
        return false;
      });
      const fixable = !!base && imageHasBash(base) && !hasShell;
      const runStart = firstPiped.get(stage)!;
      ctx.report({
        messageId: 'pipe',
        data: { first: baseName(head.command.argv[0] ?? ''), last: baseName(tail.command.argv[0] ?? '') },
        start: a.start,
        end: Math.max(a.end, b.end),
        ...(fixable ? { fix: () => insertShellFix(ctx.file, runStart) } : {}),
      });
    }
  },
});
