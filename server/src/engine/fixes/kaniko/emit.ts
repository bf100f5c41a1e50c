// Turns a build intent into Kaniko shell: the config.json line built from the job's own credential
// variables, one /kaniko/executor call per build, and the job's script items with the docker
// commands replaced and every other command kept as written. Independent of any CI system.
import type { LintOptions } from '../../types.js';
import { DOCKER_HUB_KEY, type Build, type BuildIntent, type CommandIntent, type LineIntent, type Login, type Word } from './intent.js';
import { doubleQuotedBody } from './script-lines.js';

/** Pinned default image: the maintained fork's debug variant (has the busybox shell CI runners need). */
export const DEFAULT_KANIKO_IMAGE = 'ghcr.io/osscontainertools/kaniko:v1.27.6-debug';

export const KANIKO_CONFIG_PATH = '/kaniko/.docker/config.json';

/** The image to use, or why the configured one cannot be used (floating tags are never emitted). */
export function resolveKanikoImage(options: LintOptions): { image: string } | { reason: string } {
  const image = (options.kanikoImage ?? '').trim() || DEFAULT_KANIKO_IMAGE;
  if (image.includes('@sha256:')) return { image };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > lastSlash ? image.slice(colon + 1) : '';
  if (tag === '' || /^(latest|debug|slim|alpine|warmer|bootstrap)$/.test(tag)) {
    return { reason: `the configured Kaniko image '${image}' uses a floating tag; set daemonless.kaniko.image to a pinned version such as ${DEFAULT_KANIKO_IMAGE}` };
  }
  return { image };
}

export interface EmitOptions {
  /** Absolute checkout directory as a shell expression, e.g. `$CI_PROJECT_DIR`. */
  workspace: string;
}

/** A word usable inside a double-quoted shell string. */
function dqBody(w: Word): string {
  return doubleQuotedBody(w.raw) ?? w.value.replace(/[\\"`]/g, (c) => '\\' + c);
}

/** A raw word made safe as one argument: unquoted words with expansions get double quotes. */
function quoted(w: Word): string {
  if (/^[^"'`\\\s]*\$/.test(w.raw) && !/["'\s]/.test(w.raw)) return `"${w.raw}"`;
  return w.raw;
}

function joinPath(base: string, rel: string): string {
  return rel === '' ? base : `${base}/${rel}`;
}

/** `.`/`sub/dir` relative to the workspace; absolute or variable paths as written. */
function absolutePath(w: Word, workspace: string): string {
  const body = doubleQuotedBody(w.raw);
  if (body === undefined) return w.raw;
  if (/^[/$~]/.test(body)) return w.raw;
  const rel = body.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return `"${joinPath(workspace, rel)}"`;
}

function stripTag(body: string): string {
  const lastSlash = body.lastIndexOf('/');
  for (let i = body.length - 1; i > lastSlash; i--) {
    if (body[i] !== ':') continue;
    const before = body.slice(0, i);
    const open = (before.match(/\$\{/g) ?? []).length;
    const close = (before.match(/\}/g) ?? []).length;
    if (open === close) return before;
  }
  return body;
}

export function cacheRepo(ref: Word): string {
  const body = dqBody(ref);
  const repo = stripTag(body);
  const target = repo === body && !/:/.test(body.slice(body.lastIndexOf('/') + 1)) && /cache/i.test(body) ? repo : `${repo}/cache`;
  return `"${target}"`;
}

/** The variable collecting conditional destinations of one build. */
export function destinationsVariable(build: number): string {
  return build === 0 ? 'DESTINATIONS' : `DESTINATIONS_${build + 1}`;
}

/** `echo "{…}" > /kaniko/.docker/config.json` from the job's login variables; undefined without logins. */
export function configJsonCommand(logins: readonly Login[]): string | undefined {
  if (logins.length === 0) return undefined;
  const auths: string[] = [];
  const helpers: string[] = [];
  let credsStore: string | undefined;
  const seen = new Set<string>();
  for (const login of logins) {
    const key = login.registry ? dqBody(login.registry) : undefined;
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if (login.credential.kind === 'helper') {
      if (key === undefined || key === DOCKER_HUB_KEY) credsStore = login.credential.helper;
      else helpers.push(`\\"${key}\\":\\"${login.credential.helper}\\"`);
      continue;
    }
    const { username, password } = login.credential;
    auths.push(`\\"${key}\\":{\\"auth\\":\\"$(printf '%s:%s' ${quoted(username)} ${quoted(password)} | base64 | tr -d '\\n')\\"}`);
  }
  const parts: string[] = [];
  if (auths.length > 0) parts.push(`\\"auths\\":{${auths.join(',')}}`);
  if (helpers.length > 0) parts.push(`\\"credHelpers\\":{${helpers.join(',')}}`);
  if (credsStore) parts.push(`\\"credsStore\\":\\"${credsStore}\\"`);
  return `echo "{${parts.join(',')}}" > ${KANIKO_CONFIG_PATH}`;
}

/** One `/kaniko/executor …` call for a build of the intent. */
export function executorCommand(intent: BuildIntent, index: number, options: EmitOptions): string {
  const build: Build = intent.builds[index];
  const workspace = intent.changesDirectory ? '$(pwd)' : options.workspace;
  const context = absolutePath(build.context, workspace);
  let dockerfile: string;
  if (build.dockerfile) {
    dockerfile = absolutePath(build.dockerfile, workspace);
  } else {
    const ctxBody = doubleQuotedBody(context);
    dockerfile = ctxBody !== undefined ? `"${joinPath(ctxBody, 'Dockerfile')}"` : `${context}/Dockerfile`;
  }
  const args = ['/kaniko/executor', '--context', context, '--dockerfile', dockerfile];
  const pushes = intent.pushes.filter((p) => p.build === index);
  const seen = new Set<string>();
  const always = pushes.filter((p) => !p.conditional && !seen.has(p.ref.value) && seen.add(p.ref.value));
  const conditional = pushes.some((p) => p.conditional);
  for (const p of always) args.push('--destination', p.ref.raw);
  if (conditional) args.push(always.length > 0 ? `$${destinationsVariable(index)}` : `\${${destinationsVariable(index)}:---no-push}`);
  for (const a of build.buildArgs) args.push('--build-arg', a.raw);
  if (build.target) args.push('--target', build.target.raw);
  for (const l of build.labels) args.push('--label', l.raw);
  for (const a of build.annotations) args.push('--annotation', a.raw);
  if (build.platform) args.push('--custom-platform', build.platform.raw);
  if (pushes.length === 0) args.push('--no-push');
  if (build.cacheRefs.length > 0 && !build.noCache) args.push('--cache=true', '--cache-repo', cacheRepo(build.cacheRefs[0]));
  if (build.iidFile) args.push('--digest-file', build.iidFile.raw);
  if (build.squash) args.push('--single-snapshot');
  return args.join(' ');
}

/** One script item after the rewrite: kept as is, rewritten from an original item, or new. */
export interface PlannedItem {
  /** Index of the original item it comes from; undefined for an inserted item. */
  source: number | undefined;
  /** For an inserted item: the original item it follows (which may itself be gone). */
  after?: number;
  text: string;
  changed: boolean;
}

export interface PlannedSection {
  name: string;
  items: PlannedItem[];
  changed: boolean;
}

type Replacement = string | null;

function replacementFor(cmd: CommandIntent, intent: BuildIntent, firstLogin: CommandIntent | undefined, configLine: string | undefined): Replacement | undefined {
  const role = cmd.role;
  switch (role.kind) {
    case 'login':
      return cmd === firstLogin && configLine ? configLine : null;
    case 'build': {
      const hasConditional = intent.pushes.some((p) => p.build === role.build && p.conditional);
      return hasConditional ? `${destinationsVariable(role.build)}=""` : null;
    }
    case 'push': {
      const push = intent.pushes[role.push];
      if (!push.conditional) return null;
      const v = destinationsVariable(push.build);
      return `${v}="$${v} --destination ${dqBody(push.ref)}"`;
    }
    case 'tag':
    case 'drop':
    case 'feed':
    case 'guard':
      return null;
    default:
      return undefined;
  }
}

/** Rewrites one logical line; null when nothing of it remains. */
function rewriteLine(line: LineIntent, replace: (cmd: CommandIntent) => Replacement | undefined): string | null {
  const cmds = line.commands;
  const repl = cmds.map(replace);
  if (repl.every((r) => r === undefined)) return line.line.text;
  // Group a feeder with its login and a guard with its command, so they go together.
  const groups: { from: number; to: number; repl: Replacement | undefined }[] = [];
  for (let i = 0; i < cmds.length; i++) {
    const kind = cmds[i].role.kind;
    if (kind === 'guard' && groups.length > 0) { groups[groups.length - 1].to = i; continue; }
    if (kind === 'feed' && i + 1 < cmds.length) { groups.push({ from: i, to: i + 1, repl: repl[i + 1] }); i++; continue; }
    groups.push({ from: i, to: i, repl: repl[i] });
  }
  const text = line.line.text;
  const base = line.line.start;
  const edits: { start: number; end: number; text: string }[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    if (group.repl === undefined) continue;
    const first = cmds[group.from].raw;
    const last = cmds[group.to].raw;
    if (group.repl !== null) {
      edits.push({ start: first.start, end: last.end, text: group.repl });
      continue;
    }
    // Extend over a run of removed groups.
    let h = g;
    while (h + 1 < groups.length && groups[h + 1].repl === null) h++;
    const runLast = cmds[groups[h].to].raw;
    const next = h + 1 < groups.length ? cmds[groups[h + 1].from].raw : undefined;
    const prev = g > 0 ? cmds[groups[g - 1].to].raw : undefined;
    if (next && (runLast.after === '&&' || runLast.after === ';') && !runLast.beforeCloser && !next.afterKeyword) {
      edits.push({ start: first.start, end: next.start, text: '' });
    } else if (prev && (first.before === '&&' || first.before === ';') && !first.afterKeyword) {
      edits.push({ start: prev.end, end: runLast.end, text: '' });
    } else {
      edits.push({ start: first.start, end: runLast.end, text: ':' });
    }
    g = h;
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start - base) + e.text + out.slice(e.end - base);
  const stripped = out.replace(/(&&|\|\||;|\s|:)+/g, '');
  if (stripped === '') return null;
  return out;
}

function rewriteItem(item: { text: string; lines: LineIntent[] }, replace: (cmd: CommandIntent) => Replacement | undefined): string | null {
  const { text, lines } = item;
  if (lines.length === 0) return text;
  let out = text.slice(0, lines[0].line.start);
  let removedAny = false;
  let keptCommands = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const sepEnd = i + 1 < lines.length ? lines[i + 1].line.start : text.length;
    const separator = text.slice(line.line.end, sepEnd);
    const rewritten = rewriteLine(line, replace);
    if (rewritten === null) { removedAny = true; continue; }
    if (line.commands.length > 0) keptCommands++;
    out += rewritten + separator;
  }
  if (removedAny && keptCommands === 0) return null;
  if (!removedAny) return out;
  const trailing = /\n*$/.exec(text)?.[0] ?? '';
  return out.replace(/\n*$/, '') + trailing;
}

/**
 * The job's script sections after the rewrite: docker commands replaced in place (logins by the
 * config.json line, conditional pushes by DESTINATIONS assignments), one executor call after the
 * last item touching each build, everything else kept as written.
 */
export function planScripts(intent: BuildIntent, options: EmitOptions): PlannedSection[] {
  const configLine = configJsonCommand(intent.logins);
  const firstLogin = intent.sections.flatMap((s) => s.items.flatMap((i) => i.lines.flatMap((l) => l.commands))).find((c) => c.role.kind === 'login');
  const replace = (cmd: CommandIntent) => replacementFor(cmd, intent, firstLogin, configLine);
  // Where each executor call goes: after the last item that builds, tags or pushes that build.
  const lastItem = new Map<number, { section: number; item: number }>();
  intent.sections.forEach((section, s) =>
    section.items.forEach((item, i) => {
      for (const line of item.lines) {
        for (const cmd of line.commands) {
          const r = cmd.role;
          const build = r.kind === 'build' || r.kind === 'tag' ? r.build : r.kind === 'push' ? intent.pushes[r.push].build : undefined;
          if (build !== undefined) lastItem.set(build, { section: s, item: i });
        }
      }
    }),
  );
  return intent.sections.map((section, s) => {
    const items: PlannedItem[] = [];
    let changed = false;
    section.items.forEach((item, i) => {
      const text = rewriteItem(item, replace);
      if (text === null) changed = true;
      else if (text === item.text) items.push({ source: i, text, changed: false });
      else { changed = true; items.push({ source: i, text, changed: true }); }
      for (const [build, at] of [...lastItem.entries()].sort((a, b) => a[0] - b[0])) {
        if (at.section === s && at.item === i) {
          changed = true;
          items.push({ source: undefined, after: i, text: executorCommand(intent, build, options), changed: true });
        }
      }
    });
    return { name: section.name, items, changed };
  });
}

/** Why the intent cannot be rewritten, or undefined when it can. */
export function intentRefusal(intent: BuildIntent): string | undefined {
  if (intent.blockers.length > 0) {
    const b = intent.blockers[0];
    const more = intent.blockers.length > 1 ? ` (and ${intent.blockers.length - 1} more)` : '';
    return `\`${b.command}\`: ${b.reason}${more}.`;
  }
  if (intent.builds.length === 0) {
    if (intent.opaque.length > 0) {
      return `the image build is hidden in \`${intent.opaque[0]}\`, so the rewrite cannot see the docker commands. Inline the docker build/push commands in the job (or point the rewrite at them), then rewrite.`;
    }
    return 'the job runs no docker build, so Docker-in-Docker is used for something else here; Kaniko only replaces image builds.';
  }
  for (const section of intent.sections) {
    for (const item of section.items) {
      for (const line of item.lines) {
        for (const cmd of line.commands) {
          if (cmd.role.kind === 'neutral' && cmd.role.availability === 'no') {
            return `\`${line.line.text.slice(cmd.raw.start - line.line.start, cmd.raw.end - line.line.start)}\` uses ${cmd.role.tool}, which the Kaniko image (busybox only) does not have. Move that step to an earlier job and pass its result as an artifact or dotenv variable, then rewrite.`;
          }
        }
      }
    }
  }
  return undefined;
}
