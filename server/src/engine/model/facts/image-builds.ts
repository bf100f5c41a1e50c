// The Dockerfile builds a CI file names, for the adapters that decide which stage of a Dockerfile
// ships: `docker build`/`docker buildx build`/`podman build`/`buildah bud` commands in scripts (any
// dialect's scripts, read through the shell layer), Kaniko executor calls (model/facts/kaniko.ts),
// GitHub's docker/build-push-action steps, Azure Pipelines' Docker@2/Docker@1 tasks, and Jenkins'
// Docker Pipeline `docker.build(…)` calls. Paths come back relative to the repository root, where CI
// commands start; a path the file cannot resolve (a variable it does not set, a run-time expression,
// an absolute path of the runner) is left out rather than guessed. Pure: reads no files.
import { ParsedFile, perFile } from '../../parsed-file.js';
import type { Position } from '../../text-position.js';
import { dialectsFor } from '../../dialects/index.js';
import { githubActionsModel } from '../../dialects/github-actions/model.js';
import { azureTasks, type AzureTask } from '../../dialects/azure-pipelines/model.js';
import { jenkinsModel } from '../../dialects/jenkins/model.js';
import type { DockerBuildCall } from '../../dialects/jenkins/calls.js';
import type { CiJob, CiStep } from '../../dialects/ci-model.js';
import { parseScript, type Command } from '../../parse/shell/commands.js';
import { BUILD_OPTIONS, buildCommand, type BuildCommandTool } from '../../parse/shell/build-commands.js';
import { optionValue, parseOptions } from '../../parse/shell/options.js';
import { baseName, unwrap } from '../../parse/shell/programs.js';
import { placeInScalar } from '../../parse/yaml-nodes.js';
import { mapGet, scalarString } from '../../parse/yaml.js';
import { expandVariables } from '../../rewrite/intent.js';
import type { OffsetRange } from '../../types.js';
import { executorCalls, isExecutorWord, isKanikoImage } from './kaniko.js';
import type { Script, Workload } from '../workload.js';

export type BuildTool = BuildCommandTool | 'kaniko' | 'build-push-action' | 'azure-docker-task' | 'docker-pipeline';

export interface DockerfileBuild {
  tool: BuildTool;
  /**
   * Where the Dockerfile is, relative to the repository root (forward slashes, no `./`), in the order
   * the tool looks: the first that exists is the one built (`-f` as given; the context's
   * `Dockerfile`, or Podman's `Containerfile` first; Kaniko's path from where it runs, then from the context).
   */
  dockerfile: string[];
  /** The Dockerfile as the command writes it (`-f`, `--dockerfile`, `file:`), or undefined for the context's default. */
  written: string | undefined;
  /** The build context, relative to the repository root ('.' for the root). */
  context: string;
  /** The `--target` stage; undefined when the build builds the last stage. */
  target: string | undefined;
  /** Where the build is written: its `--target` value when it has one, else its command or step. */
  range: OffsetRange;
}

/** A path resolved against the repository root, or undefined when the file cannot tell where it is. */
type Place = string | undefined;

/** Variables and expressions that name the repository root in each system (where CI commands start). */
const ROOT_VARIABLES = new Set([
  'CI_PROJECT_DIR', 'GITHUB_WORKSPACE', 'WORKSPACE', 'BITBUCKET_CLONE_DIR', 'DRONE_WORKSPACE', 'CI_WORKSPACE',
  'CIRCLE_WORKING_DIRECTORY', 'BUILD_SOURCESDIRECTORY', 'BUILD_REPOSITORY_LOCALPATH', 'SYSTEM_DEFAULTWORKINGDIRECTORY',
]);
const ROOT_PREFIX =
  /^(?:\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{\{\s*github\.workspace\s*\}\}|\$\((?:Build\.SourcesDirectory|Build\.Repository\.LocalPath|System\.DefaultWorkingDirectory)\)|\$\(Pipeline\.Workspace\)\/s|\$\(workspaces\.[A-Za-z0-9_-]+\.path\))(?=\/|$)/;
/** The directory a command runs in, written as a variable or a substitution. */
const CWD_PREFIX = /^(?:\$\{PWD\}|\$\(pwd\)|`pwd`)(?=\/|$)/;

/** Joins relative paths and normalizes them; undefined when the result leaves the root. */
function joinPath(base: string, rel: string): Place {
  const parts: string[] = [];
  for (const part of `${base}/${rel}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

/** Reading state of one shell: variables it set (file variables first) and the directory it is in. */
interface Shell {
  variables: Map<string, string>;
  /** Relative to the root; undefined once a `cd` went somewhere the reader cannot follow. */
  cwd: Place;
}

/** A value written in the file, resolved to a place relative to the root (see the module comment). */
function resolvePath(value: string, shell: Shell, base: Place = shell.cwd): Place {
  let v = expandVariables(value, shell.variables).value;
  let from: Place = base;
  let prefixed = false;
  const root = ROOT_PREFIX.exec(v);
  const cwd = CWD_PREFIX.exec(v);
  if (root && (root[1] === undefined || ROOT_VARIABLES.has(root[1]))) {
    from = '.';
    v = v.slice(root[0].length);
    prefixed = true;
  } else if (cwd) {
    from = shell.cwd;
    v = v.slice(cwd[0].length);
    prefixed = true;
  }
  if (from === undefined || /[$`]/.test(v) || v.startsWith('~')) return undefined;
  // An absolute path of the runner's file system says nothing about the repository.
  if (v.startsWith('/') && !prefixed) return undefined;
  return joinPath(from, v.replace(/^\/+/, ''));
}

/** A stage name as written; undefined when it is a variable the file does not set (then the build is not known). */
function resolveName(value: string, shell: Shell): string | undefined | null {
  const v = expandVariables(value, shell.variables).value.trim();
  if (v === '') return null;
  return /[$`{}\s]/.test(v) ? undefined : v;
}

/** A shell text of the file and where it is written. */
type ScriptText = Pick<Script, 'text' | 'range'>;

/** Where a piece of a script is written in the file (placeInScalar). */
function placeIn(fileText: string, script: ScriptText, start: number, end: number): OffsetRange {
  return placeInScalar(fileText, script.text, script.range, start, end);
}

/** The last time an option is given (the one the tool uses). */
function lastOption<T extends { name: string }>(options: readonly T[], name: string): T | undefined {
  for (let i = options.length - 1; i >= 0; i--) if (options[i].name === name) return options[i];
  return undefined;
}

const CONTEXT_DEFAULTS: Record<string, readonly string[]> = { podman: ['Containerfile', 'Dockerfile'], buildah: ['Containerfile', 'Dockerfile'] };

/** One build command of a script, or undefined when it is not a build or cannot be placed. */
function scriptBuild(cmd: Command, runs: readonly string[], skip: number, shell: Shell, place: (start: number, end: number) => OffsetRange): DockerfileBuild | undefined {
  const found = buildCommand(runs);
  if (!found) return undefined;
  const args = runs.slice(found.from);
  const parsed = parseOptions(args, BUILD_OPTIONS);
  const positionals = parsed.positionals.map((p) => p.value);
  // Exactly one context (`buildah bud` may leave it out: the current directory).
  if (positionals.length > 1 || (positionals.length === 0 && found.tool !== 'buildah')) return undefined;
  const contextWord = positionals[0] ?? '.';
  if (contextWord === '-' || /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(contextWord)) return undefined;
  const context = resolvePath(contextWord, shell);
  const file = optionValue(parsed, '-f', '--file');
  if (file === null || file === '-' || (file !== undefined && /^https?:\/\//.test(file))) return undefined;
  const targetValue = optionValue(parsed, '--target');
  const target = targetValue === undefined ? null : targetValue === null ? undefined : resolveName(targetValue, shell);
  if (target === undefined) return undefined;
  let dockerfile: string[];
  if (file !== undefined) {
    const at = resolvePath(file, shell);
    if (at === undefined) return undefined;
    dockerfile = [at];
  } else {
    if (context === undefined) return undefined;
    dockerfile = (CONTEXT_DEFAULTS[found.tool] ?? ['Dockerfile']).map((name) => joinPath(context, name)!);
  }
  // The `--target` word when written, else the command; `skip` words of wrappers come first.
  const targetOption = lastOption(parsed.options, '--target');
  const targetIndex = targetOption === undefined ? -1 : skip + found.from + targetOption.index + (args[targetOption.index].includes('=') ? 0 : 1);
  const word = target !== null && targetIndex >= 0 ? cmd.words[targetIndex] : undefined;
  const range = word ? place(word.start, word.end) : place(cmd.start, cmd.end);
  return { tool: found.tool, dockerfile, written: file, context: context ?? '.', target: target ?? undefined, range };
}

/** The `NAME=value` of an assignment word, its value expanded; undefined when it sets nothing known. */
function assignment(word: string, shell: Shell): [string, string] | undefined {
  const eq = word.indexOf('=');
  if (eq <= 0) return undefined;
  return [word.slice(0, eq), expandVariables(word.slice(eq + 1), shell.variables).value];
}

/** What a command changes in the shell that reads it: variables it sets and `cd`. */
function follow(cmd: Command, shell: Shell): void {
  const name = cmd.argv[0];
  const nested = cmd.conditional || cmd.depth > 0 || cmd.body >= 0 || cmd.pipeIndex > 0 || cmd.connector === '|' || cmd.connector === '&';
  if (name === undefined) {
    for (const a of cmd.assignments) {
      const set = assignment(a, shell);
      if (!set) continue;
      // A value set only under a condition is not known after it.
      if (nested) shell.variables.delete(set[0]);
      else shell.variables.set(set[0], set[1]);
    }
    return;
  }
  if (name === 'export') {
    for (const a of cmd.argv.slice(1)) {
      const set = assignment(a, shell);
      if (set && !nested) shell.variables.set(set[0], set[1]);
      else if (set) shell.variables.delete(set[0]);
    }
    return;
  }
  if (name === 'cd' || name === 'pushd' || name === 'popd') {
    const to = cmd.argv.slice(1).filter((a) => !a.startsWith('-') || a === '-');
    shell.cwd = nested || name !== 'cd' || to.length !== 1 || to[0] === '-' ? undefined : resolvePath(to[0], shell);
  }
}

/** Builds in one script, read in order with the shell state it leaves; `inKaniko`: it runs in Kaniko's image. */
function scriptBuilds(fileText: string, script: ScriptText, shell: Shell, inKaniko: boolean, out: DockerfileBuild[]): void {
  if (!/build|bud|executor|\bcd\b|=/.test(script.text)) return;
  const place = (start: number, end: number) => placeIn(fileText, script, start, end);
  const parsed = parseScript(script.text);
  // The subshells open at the current command, outermost first, each with the state it started from:
  // a `cd` or an assignment inside `( … )` ends with it.
  const open: { group: number; variables: Map<string, string>; cwd: Place }[] = [];
  const close = (keep: number) => {
    while (open.length > keep) {
      const outer = open.pop()!;
      shell.variables = outer.variables;
      shell.cwd = outer.cwd;
    }
  };
  for (const cmd of parsed.commands) {
    const groups: number[] = [];
    for (let g = cmd.group; g >= 0 && parsed.bodies[g].kind === '('; g = parsed.bodies[g].parent) groups.unshift(g);
    let same = 0;
    while (same < open.length && same < groups.length && open[same].group === groups[same]) same++;
    close(same);
    for (const group of groups.slice(same)) open.push({ group, variables: new Map(shell.variables), cwd: shell.cwd });
    if (cmd.substitution) continue;
    const runs = unwrap(cmd.argv);
    const skip = cmd.argv.length - runs.length;
    let build: DockerfileBuild | undefined;
    if (runs.length > 0 && isExecutorWord(runs[0], inKaniko)) {
      const words = cmd.words.slice(skip + 1);
      build = kanikoBuild(words.map((w) => w.value), words.map((w) => place(w.start, w.end)), shell, place(cmd.start, cmd.end));
    } else if (runs.length > 0) {
      build = scriptBuild(cmd, runs, skip, shell, place);
    }
    if (build) out.push(build);
    else follow(cmd, shell);
  }
  close(0);
}

/** Kaniko's flags: `--dockerfile`/`-f`, `--context`/`-c`, `--target`. */
function kanikoBuild(values: string[], ranges: OffsetRange[], shell: Shell, fallback: OffsetRange): DockerfileBuild | undefined {
  const parsed = parseOptions(values, { shortValue: 'fcd', longValue: new Set(['--dockerfile', '--context', '--target', '--destination', '--build-arg', '--cache-repo', '--label']) });
  const contextValue = optionValue(parsed, '-c', '--context');
  // Kaniko's default context (/workspace/) is a path of the executor's container, not of the repository.
  if (contextValue === undefined || contextValue === null) return undefined;
  const dir = contextValue.replace(/^dir:\/\//, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dir)) return undefined;
  const context = resolvePath(dir, shell);
  if (context === undefined) return undefined;
  const file = optionValue(parsed, '-f', '--dockerfile');
  if (file === null) return undefined;
  const targetValue = optionValue(parsed, '--target');
  const target = targetValue === undefined ? null : targetValue === null ? undefined : resolveName(targetValue, shell);
  if (target === undefined) return undefined;
  let dockerfile: string[];
  if (file === undefined) dockerfile = [joinPath(context, 'Dockerfile')!];
  else {
    // Kaniko takes the path from where it runs when a file is there, else from the context.
    const candidates = [resolvePath(file, shell), resolvePath(file, shell, context)].filter((p): p is string => p !== undefined);
    if (candidates.length === 0) return undefined;
    dockerfile = [...new Set(candidates)];
  }
  const option = lastOption(parsed.options, '--target');
  const index = option === undefined ? -1 : option.index + (values[option.index].includes('=') ? 0 : 1);
  const range = target !== null && index >= 0 && ranges[index] ? ranges[index] : fallback;
  return { tool: 'kaniko', dockerfile, written: file, context, target: target ?? undefined, range };
}

/** Variables a workload's scripts see from the file: the workload's effective ones, then the file-wide ones. */
function variablesOf(w: Workload, global: readonly { name: string; value?: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of [...global, ...w.env]) if (v.value !== undefined) out.set(v.name, v.value);
  return out;
}

/** Dialects whose scripts of one section run in one shell, so a `cd` or a variable carries to the next item. */
const ONE_SHELL = new Set(['gitlab-ci', 'bitbucket', 'drone', 'woodpecker']);

/** GitHub's `working-directory` of a run step: its own, else the job's and then the workflow's `defaults.run`. */
function workingDirectory(job: CiJob, step: CiStep): string | undefined {
  const own = scalarString(mapGet(job.doc, step.node, 'working-directory')?.value);
  if (own !== undefined) return own;
  for (const holder of [job.node, job.doc.contents]) {
    const run = mapGet(job.doc, mapGet(job.doc, holder, 'defaults')?.value, 'run')?.value;
    const dir = scalarString(mapGet(job.doc, run, 'working-directory')?.value);
    if (dir !== undefined) return dir;
  }
  return undefined;
}

/** `docker/build-push-action` inputs: `context` (the repository by default), `file` (`{context}/Dockerfile`), `target`. */
function buildPushAction(step: CiStep, shell: Shell): DockerfileBuild | undefined {
  if (!/^docker\/build-push-action@/i.test(step.uses?.value ?? '')) return undefined;
  const input = (name: string) => step.with.get(name);
  const contextInput = input('context')?.value.trim();
  // The default Git context is the repository at the commit; `{{defaultContext}}:sub` is its folder.
  const contextValue = contextInput === undefined || contextInput === '' ? '.' : contextInput.replace(/^\{\{\s*defaultContext\s*\}\}(?::|$)/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(contextValue)) return undefined;
  const context = resolvePath(contextValue === '' ? '.' : contextValue, shell);
  if (context === undefined) return undefined;
  const fileInput = input('file')?.value.trim();
  const targetInput = input('target');
  const target = targetInput === undefined ? null : resolveName(targetInput.value, shell);
  if (target === undefined) return undefined;
  const dockerfile = fileInput ? resolvePath(fileInput, shell) : joinPath(context, 'Dockerfile');
  if (dockerfile === undefined) return undefined;
  const range = target !== null && targetInput ? targetInput.range : (step.uses?.range ?? step.range);
  return { tool: 'build-push-action', dockerfile: [dockerfile], written: fileInput || undefined, context, target: target ?? undefined, range };
}

function githubBuilds(file: ParsedFile, out: DockerfileBuild[]): void {
  for (const job of githubActionsModel(file).jobs) {
    // The job's own env, then the workflow's (model order: own first, no name twice).
    const jobVariables = new Map<string, string>();
    for (const v of job.variables) if (v.value !== undefined && !jobVariables.has(v.name)) jobVariables.set(v.name, v.value);
    const inKaniko = isKanikoImage(job.image?.name);
    for (const step of job.steps) {
      const variables = new Map(jobVariables);
      for (const v of step.env) if (v.value !== undefined) variables.set(v.name, v.value);
      const root: Shell = { variables, cwd: '.' };
      if (step.run) {
        const dir = workingDirectory(job, step);
        const shell: Shell = { variables, cwd: dir === undefined ? '.' : resolvePath(dir, root) };
        scriptBuilds(file.text, step.run, shell, inKaniko, out);
        continue;
      }
      const build = buildPushAction(step, root);
      if (build) out.push(build);
    }
  }
}

/** The `--target` of a build's arguments written as one string, and where its value is. */
function argumentsTarget(fileText: string, args: ScriptText, shell: Shell): { target: string | null | undefined; range?: OffsetRange } {
  // One command of arguments: line breaks separate arguments (Docker@1's multi-line input), not commands.
  const words = parseScript(args.text.replace(/[\r\n]/g, ' ')).commands.flatMap((c) => c.words);
  const parsed = parseOptions(words.map((w) => w.value), BUILD_OPTIONS);
  const value = optionValue(parsed, '--target');
  if (value === undefined) return { target: null };
  if (value === null) return { target: undefined };
  const option = lastOption(parsed.options, '--target')!;
  const word = words[option.index + (words[option.index].value.includes('=') ? 0 : 1)];
  return { target: resolveName(value, shell), range: word ? placeIn(fileText, args, word.start, word.end) : args.range };
}

/** A path input of a task: undefined when it is a glob the agent matches against the files (`**\/Dockerfile`), which this pure reader cannot. */
function taskPath(value: string, shell: Shell): Place {
  return /[*?[\]{}]/.test(value) ? undefined : resolvePath(value.trim(), shell);
}

function dirName(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '.' : path.slice(0, at);
}

/**
 * Azure Pipelines' Docker task. Docker@2: `command` build or buildAndPush (the default), `Dockerfile`
 * (default `**\/Dockerfile`, a glob: skipped), `buildContext` (default `**`: the Dockerfile's
 * directory), and `arguments`, which buildAndPush ignores (the task says so in its log), so that build
 * ships the last stage whatever they say. Docker@1: `command` "Build an image"/build (the default),
 * `dockerFile`, `useDefaultContext` (default true: the Dockerfile's directory) else `buildContext`, and
 * `arguments`. Paths are from the sources directory, the repository root.
 */
function azureDockerTask(fileText: string, step: AzureTask): DockerfileBuild | undefined {
  const version = /^Docker@([12])$/i.exec(step.task.value.trim())?.[1];
  if (!version) return undefined;
  const input = (name: string) => step.inputs.get(name.toLowerCase());
  const command = input('command')?.value.trim() ?? (version === '2' ? 'buildAndPush' : 'build');
  const builds = version === '2' ? command === 'build' || command === 'buildAndPush' : command === 'build' || command === 'Build an image';
  if (!builds) return undefined;
  const shell: Shell = { variables: new Map(), cwd: '.' };
  const fileInput = input('Dockerfile');
  // An empty input is the default, a glob.
  const dockerfile = taskPath(fileInput?.value.trim() || '**/Dockerfile', shell);
  if (dockerfile === undefined) return undefined;
  let context: Place;
  const contextInput = input('buildContext')?.value.trim();
  if (version === '2') context = contextInput === undefined || contextInput === '' || contextInput === '**' ? dirName(dockerfile) : taskPath(contextInput, shell);
  else context = input('useDefaultContext')?.value.trim().toLowerCase() === 'false' ? (contextInput ? taskPath(contextInput, shell) : undefined) : dirName(dockerfile);
  if (context === undefined) return undefined;
  const args = input('arguments');
  const read = args && !(version === '2' && command === 'buildAndPush') ? argumentsTarget(fileText, { text: args.value, range: args.range }, shell) : { target: null };
  if (read.target === undefined) return undefined;
  const range = read.target !== null && read.range ? read.range : step.task.range;
  return { tool: 'azure-docker-task', dockerfile: [dockerfile], written: fileInput?.value, context, target: read.target ?? undefined, range };
}

/** Groovy interpolations (`${…}`, `$name`) in a GString, as shell variables nothing sets: a word that holds one is not known. */
const INTERPOLATION = /\$\{[^}\n]*\}?|\$\w+/g;

/**
 * Jenkins' Docker Pipeline `docker.build('image', 'args')`: it runs `docker build -t image args` in
 * the workspace (the repository root), so the arguments are read as that command's (the context
 * last); with one argument they are `.`. Only string literals are read; a GString's interpolations
 * keep their place as variables nothing sets, so a build whose target or paths hold one is skipped.
 */
function dockerPipelineBuild(fileText: string, call: DockerBuildCall, variables: Map<string, string>): DockerfileBuild | undefined {
  if (!call.args || call.directory === null) return undefined;
  const cwd: Place = call.directory === undefined ? '.' : resolvePath(call.directory, { variables, cwd: '.' });
  if (cwd === undefined) return undefined;
  const literal = call.args[1];
  // Escapes would change the text the shell sees: such a string is not read.
  if (literal && literal.value.includes('\\')) return undefined;
  // A single-quoted string's `$x` is the shell's to expand (from `environment { }`); a GString's is Groovy's.
  const shellText = literal?.interpolated ? literal.value.replace(INTERPOLATION, (m) => `$${'_'.repeat(m.length - 1)}`) : literal?.value;
  const written = shellText === undefined ? '.' : shellText.replace(/[\r\n]/g, ' ');
  const prefix = 'docker build ';
  const commands = parseScript(prefix + written).commands;
  if (commands.length !== 1) return undefined;
  const place = (start: number, end: number): OffsetRange =>
    literal && start >= prefix.length ? { start: literal.content.start + start - prefix.length, end: literal.content.start + end - prefix.length } : call.range;
  const build = scriptBuild(commands[0], commands[0].argv, 0, { variables, cwd }, place);
  return build && { ...build, tool: 'docker-pipeline' };
}

/** Whether a text can name a build at all (a cheap test before any parse): every form read here has one of these words. */
export function mayNameBuildsText(text: string): boolean {
  return /build|bud|executor|Docker@/.test(text);
}

function readBuilds(file: ParsedFile): DockerfileBuild[] {
  const out: DockerfileBuild[] = [];
  if (file.kind === 'dockerfile' || file.kind === 'unknown' || !mayNameBuildsText(file.text)) return out;
  if (file.kind === 'github-actions') {
    githubBuilds(file, out);
    return out;
  }
  for (const dialect of dialectsFor(file.kind)) {
    const { workloads, globalEnv } = dialect.workloads(file);
    for (const w of workloads) {
      // A template never runs by itself; the jobs that use it carry its scripts.
      if (w.template) continue;
      const variables = variablesOf(w, globalEnv);
      // Pods (Tekton, Kubernetes) start where their image or workingDir says: relative paths are not known.
      const start: Place = w.scope === 'pod' ? undefined : '.';
      // A script with its own folder (Jenkins `dir()`) starts there; one not known from the text, nowhere known.
      const startOf = (script: Script): Place =>
        script.directory === undefined ? start : script.directory === null ? undefined : resolvePath(script.directory, { variables, cwd: start });
      let shell: Shell = { variables: new Map(variables), cwd: start };
      let section: string | undefined;
      for (const script of w.scripts) {
        const fresh = !ONE_SHELL.has(w.dialect) || script.section === 'after_script' || (section === 'after_script');
        if (fresh) shell = { variables: new Map(variables), cwd: startOf(script) };
        section = script.section;
        scriptBuilds(file.text, script, shell, isKanikoImage(script.runsIn?.image?.value), out);
      }
      // Executor calls in a pod container's command/args or a `docker run` of the image (scripts were read above).
      for (const call of executorCalls(w, file.text)) {
        if (call.source === 'script') continue;
        const fallback = call.args[0]?.range ?? w.keyRange;
        const build = kanikoBuild(call.args.map((a) => a.value), call.args.map((a) => a.range), { variables, cwd: start }, fallback);
        if (build) out.push(build);
      }
    }
  }
  if (file.kind === 'azure-pipelines') {
    for (const step of azureTasks(file)) {
      const build = azureDockerTask(file.text, step);
      if (build) out.push(build);
    }
  }
  if (file.kind === 'jenkins') {
    const { calls } = jenkinsModel(file);
    const variables = new Map<string, string>();
    for (const v of calls.environment) if (v.value !== undefined) variables.set(v.name, v.value);
    for (const call of calls.dockerBuilds) {
      const build = dockerPipelineBuild(file.text, call, variables);
      if (build) out.push(build);
    }
  }
  return out;
}

/**
 * The Dockerfile builds a CI file names (see DockerfileBuild), in the order they are written, one per
 * place in the file (a script that several jobs reach is read once per job: each may set other variables).
 */
export const dockerfileBuilds: (file: ParsedFile) => DockerfileBuild[] = perFile('dockerfile-builds', (file) => {
  const seen = new Set<string>();
  return readBuilds(file)
    .filter((b) => {
      const key = `${b.range.start}:${b.range.end}:${b.dockerfile.join(',')}:${b.target ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.range.start - b.range.start);
});

/** What the builds of one Dockerfile say about the stage that ships. */
export type BuiltStage<B extends DockerfileBuild = DockerfileBuild> =
  /** Every build names this stage, which is not the last one: `build` is the first that names it. */
  | { kind: 'target'; target: string; build: B; stageRange: { start: Position; end: Position } }
  /** The builds disagree (two targets, or a target and a build of the last stage): the last stage is judged. */
  | { kind: 'ambiguous'; builds: B[]; stageRange: { start: Position; end: Position } }
  /** No build, or every build ships the last stage, or the stage they name is not in the file. */
  | { kind: 'last' };

/**
 * The stage that ships by the builds of a Dockerfile (`text`): the one every build names (stage names
 * compared as Docker does, case-insensitively), where a build without `--target` names the last stage.
 */
export function builtStage<B extends DockerfileBuild>(builds: readonly B[], text: string): BuiltStage<B> {
  if (builds.length === 0) return { kind: 'last' };
  const froms = new ParsedFile({ path: 'Dockerfile', text }, 'dockerfile').dockerfile.getFROMs();
  if (froms.length < 2) return { kind: 'last' };
  const last = froms[froms.length - 1].getBuildStage()?.toLowerCase();
  const chosen = new Set(builds.map((b) => b.target?.toLowerCase() ?? last ?? ''));
  if (chosen.size > 1) {
    const lastFrom = froms[froms.length - 1];
    const range = lastFrom.getBuildStageRange() ?? lastFrom.getRange();
    return { kind: 'ambiguous', builds: [...builds], stageRange: { start: range.start, end: range.end } };
  }
  const [name] = chosen;
  const build = builds.find((b) => b.target !== undefined);
  const from = froms.find((f) => f.getBuildStage()?.toLowerCase() === name);
  if (!build || name === last || !from) return { kind: 'last' };
  const range = from.getBuildStageRange() ?? from.getRange();
  return { kind: 'target', target: build.target!, build, stageRange: { start: range.start, end: range.end } };
}
