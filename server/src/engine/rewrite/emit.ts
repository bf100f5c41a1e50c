// Turns a build intent into the job's script items with the docker commands replaced and every other
// command kept as written: logins give way to the builder's credentials line, one build command per
// build (both from the builder, rewrite/builders/). Independent of any CI system and of any builder.
import { builderFor, type Builder } from './builders/index.js';
import { destinationsVariable, dqBody } from './script-words.js';
import type { BuildIntent, CommandIntent, LineIntent } from './intent.js';
import type { Refused } from './refusal.js';

export { destinationsVariable } from './script-words.js';

export interface EmitOptions {
  /** Absolute checkout directory as a shell expression, e.g. `$CI_PROJECT_DIR`. */
  workspace: string;
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

function replacementFor(cmd: CommandIntent, intent: BuildIntent, firstLogin: CommandIntent | undefined, configLine: string | undefined, builder: Builder): Replacement | undefined {
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
      return `${v}="$${v} ${builder.optionWords({ kind: 'destination', value: dqBody(push.ref) }).join(' ')}"`;
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
 * builder's credentials line, conditional pushes by DESTINATIONS assignments), one build command
 * after the last item touching each build, everything else kept as written.
 */
export function planScripts(intent: BuildIntent, options: EmitOptions, builder: Builder = builderFor({})): PlannedSection[] {
  const configLine = builder.configCommand(intent.logins);
  const firstLogin = intent.sections.flatMap((s) => s.items.flatMap((i) => i.lines.flatMap((l) => l.commands))).find((c) => c.role.kind === 'login');
  const replace = (cmd: CommandIntent) => replacementFor(cmd, intent, firstLogin, configLine, builder);
  // Where each build command goes: after the last item that builds, tags or pushes that build.
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
          items.push({ source: undefined, after: i, text: builder.buildCommand(intent, build, options), changed: true });
        }
      }
    });
    return { name: section.name, items, changed };
  });
}

/** Why the builder cannot build the intent, every reason with the decisive one first, or undefined when it can (Builder.refusalFor). */
export function intentRefusal(intent: BuildIntent, builder: Builder = builderFor({})): Refused | undefined {
  return builder.refusalFor(intent);
}
