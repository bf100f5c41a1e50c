// Where the Kaniko executor runs in a workload, read one way for every dialect: the images that are
// the executor (a container's image, the image of a `docker run`), and each executor call with its
// flag words placed in the file (a pod's command/args, a `/kaniko/executor …` line of a script, the
// arguments after the image of a `docker run`). Reads only the neutral model and the shell layer.
// The kaniko-* rules and the Dockerfile-build reader (image-builds.ts) read these facts.
import { containerRuns } from './container-args.js';
import { placeInScalar } from '../../parse/yaml-nodes.js';
import { parseShell } from '../../parse/shell.js';
import { baseName, interpreterName, invocation, unwrap } from '../../parse/shell/programs.js';
import type { OffsetRange } from '../../types.js';
import type { Container, Fact, Workload } from '../workload.js';
import { builderOf } from './pod-security.js';

/** A word given to the executor, as the executor sees it, and where it is written. */
export interface ExecutorWord {
  value: string;
  range: OffsetRange;
}

export interface ExecutorCall {
  /** The container it runs in; undefined for a `docker run` of the executor image. */
  container: Container | undefined;
  /** Flag words, in order (the executor path itself excluded). */
  args: ExecutorWord[];
  /** Where the words come from: a pod container's `command`/`args`, a script line, or a `docker run`. */
  source: 'args' | 'script' | 'docker-run';
}

export interface ExecutorImage {
  value: string;
  range: OffsetRange;
  /** The container whose image it is; undefined for a `docker run` in a script. */
  container: Container | undefined;
  /** The image as written is the value (not a Tekton parameter resolved to its default), so it can be edited in place. */
  editable: boolean;
}

export function isKanikoImage(image: string | undefined): boolean {
  return builderOf(image) === 'kaniko';
}

/** A spanned piece of a scalar's value placed in the file (placeInScalar). */
function placer(text: string, value: string, range: OffsetRange): (start: number, end: number) => OffsetRange {
  return (start, end) => placeInScalar(text, value, range, start, end);
}

/** Whether a written scalar (plain or quoted) is exactly `value`. */
function writtenAs(text: string, range: OffsetRange, value: string): boolean {
  const raw = text.slice(range.start, range.end).trim();
  return raw === value || raw === `"${value}"` || raw === `'${value}'`;
}

/** The executor path: `/kaniko/executor`, or `executor` where the container is Kaniko's. */
export function isExecutorWord(word: string, inKaniko: boolean): boolean {
  if (baseName(word) !== 'executor') return false;
  return inKaniko || /(^|\/)kaniko\//.test(word);
}

/** Executor calls in one shell text that is the value of a scalar written at `range`. */
function scriptCalls(fileText: string, script: string, range: OffsetRange, container: Container | undefined): ExecutorCall[] {
  const out: ExecutorCall[] = [];
  const mentionsExecutor = script.includes('executor');
  const mentionsRun = /docker|podman|nerdctl/.test(script);
  if (!mentionsExecutor && !mentionsRun) return out;
  const place = placer(fileText, script, range);
  const inKaniko = isKanikoImage(container?.image?.value);
  if (mentionsExecutor) {
    for (const cmd of parseShell(script)) {
      const rest = unwrap(cmd.argv);
      const skip = cmd.argv.length - rest.length;
      if (rest.length === 0 || !isExecutorWord(rest[0], inKaniko)) continue;
      const words = cmd.words.slice(skip + 1).map((w) => ({ value: w.value, range: place(w.start, w.end) }));
      out.push({ container, args: words, source: 'script' });
    }
  }
  if (mentionsRun) {
    for (const run of containerRuns({ text: script })) {
      if (!run.args.image || !isKanikoImage(run.args.image.value)) continue;
      const args = run.args.imageArgs.map((w) => ({ value: w.value, range: w.start !== undefined && w.end !== undefined ? place(w.start, w.end) : range }));
      out.push({ container: undefined, args, source: 'docker-run' });
    }
  }
  return out;
}

/** Every executor call of a workload. */
export function executorCalls(w: Workload, fileText: string): ExecutorCall[] {
  const out: ExecutorCall[] = [];
  if (w.scope === 'pod') {
    for (const c of w.containers) {
      if (c.role === 'stepTemplate' || !isKanikoImage(c.image?.value)) continue;
      out.push(...containerArgsCalls(c, fileText));
    }
  }
  for (const s of w.scripts) out.push(...scriptCalls(fileText, s.text, s.range, s.runsIn));
  return out;
}

/** A pod container's `command`/`args`: the executor's flags, or a `sh -c` script calling it. */
function containerArgsCalls(c: Container, fileText: string): ExecutorCall[] {
  const words: Fact<string>[] = [...c.entrypoint, ...c.command];
  if (c.entrypoint.length === 0) return c.command.length > 0 ? [{ container: c, args: c.command.map(fact), source: 'args' }] : [{ container: c, args: [], source: 'args' }];
  const first = c.entrypoint[0].value;
  if (isExecutorWord(first, true)) return [{ container: c, args: words.slice(1).map(fact), source: 'args' }];
  const shell = interpreterName(first);
  if (shell !== null && shell !== '.' && shell !== 'source' && shell !== 'eval') {
    const values = words.slice(1).map((f) => f.value);
    const code = invocation(shell, values).code;
    if (code === null) return [];
    const holder = words.slice(1).find((f) => f.value === code);
    return holder ? scriptCalls(fileText, code, holder.range, c) : [];
  }
  return [];
}

function fact(f: Fact<string>): ExecutorWord {
  return { value: f.value, range: f.range };
}

/** Every Kaniko executor image of a workload: containers' images and `docker run` images in scripts. */
export function executorImages(w: Workload, fileText: string): ExecutorImage[] {
  const out: ExecutorImage[] = [];
  for (const c of w.containers) {
    if (!c.image || !isKanikoImage(c.image.value)) continue;
    out.push({ value: c.image.value, range: c.image.range, container: c, editable: writtenAs(fileText, c.image.range, c.image.value) });
  }
  for (const s of w.scripts) {
    if (!/docker|podman|nerdctl/.test(s.text)) continue;
    const place = placer(fileText, s.text, s.range);
    for (const run of containerRuns(s)) {
      const image = run.args.image;
      if (!image || image.start === undefined || image.end === undefined || !isKanikoImage(image.value)) continue;
      const range = place(image.start, image.end);
      out.push({ value: image.value, range, container: undefined, editable: range !== s.range && writtenAs(fileText, range, image.value) });
    }
  }
  return out;
}

/** A flag word split as the executor reads it: `--name=value` or `--name` (its value, if any, is the next word). */
function flagName(word: string): { name: string; inline: string | undefined } {
  const eq = word.indexOf('=');
  return eq > 0 && word.startsWith('-') ? { name: word.slice(0, eq), inline: word.slice(eq + 1) } : { name: word, inline: undefined };
}

/** One word of an executor call read as a flag, with what the rules ask of it. */
export interface ExecutorFlag {
  name: string;
  /** The value after `=`, when written in the same word. */
  inline: string | undefined;
  word: ExecutorWord;
  /** The word after it, which holds the value of a flag written `--flag value`. */
  next: ExecutorWord | undefined;
  /** A boolean flag is on: written bare, or `=true`/`=1`. */
  on: boolean;
}

/** The words of an executor call as flags, in order. */
export function executorFlags(call: ExecutorCall): ExecutorFlag[] {
  return call.args.map((word, i) => {
    const { name, inline } = flagName(word.value);
    return { name, inline, word, next: call.args[i + 1], on: inline === undefined || /^(true|1)$/i.test(inline) };
  });
}
