// What a daemon-based build job really does, read from its shell scripts: registry logins, image
// builds, retags and pushes (with the shell conditions around them), plus every other command, each
// kept as-is or named as the reason the job cannot move to a daemonless build. Independent of any
// CI system: emitters for GitLab, GitHub Actions and Kubernetes all start from this model.
import { BUILD_OPTIONS } from '../parse/shell/build-commands.js';
import { parseScript, type Command as ShellCommand } from '../parse/shell/commands.js';
import { tokenize } from '../parse/shell/tokens.js';
import { baseName, unwrap } from '../parse/shell/programs.js';
import { maskSecrets } from './refusal.js';
import { withoutTag } from './script-words.js';
import { DAEMON_VARIABLES } from '../model/facts/daemon-env.js';

/** A shell word: `value` has quotes removed and variables as `${NAME}`; `raw` is the source text. */
export interface Word {
  value: string;
  raw: string;
}

/** A named list of script items, e.g. GitLab's `before_script` or one GitHub `run:` block. */
export interface ScriptSection {
  name: string;
  items: string[];
}

export type Credential =
  | { kind: 'basic'; username: Word; password: Word }
  /** A registry's credential helper (ecr-login, gcr), which the builder image may have. */
  | { kind: 'helper'; helper: 'ecr-login' | 'gcr' };

export interface Login {
  /** Key for config.json `auths`/`credHelpers`: the registry as written, Docker Hub normalized; undefined = all registries (credsStore). */
  registry: Word | undefined;
  credential: Credential;
  conditional: boolean;
}

export interface Build {
  /** `-t` names, in order. */
  tags: Word[];
  context: Word;
  dockerfile: Word | undefined;
  buildArgs: Word[];
  target: Word | undefined;
  labels: Word[];
  annotations: Word[];
  /** A single `--platform`; several are a feature the builder may lack. */
  platform: Word | undefined;
  /** Registry refs the job used as layer cache (`--cache-from` image refs, `--cache-to type=registry,ref=`). */
  cacheRefs: Word[];
  noCache: boolean;
  /** buildx `--push`: every tag is pushed by the build itself. */
  pushesTags: boolean;
  iidFile: Word | undefined;
  squash: boolean;
  conditional: boolean;
  /** Daemon options that were dropped (for notes); `unmapped` ones have no equivalent a builder could take. */
  dropped: { option: string; unmapped: boolean }[];
  /** What the build asks of the builder beyond building, tagging and pushing one image. */
  features: Feature[];
  /** The build command as written (a password masked), and its place among the job's blockers. */
  command: string;
  at: number;
}

/** What a build asks of the builder beyond a plain build; the builder says whether it can (Builder.lacks). */
export type Feature =
  | { kind: 'platforms'; value: string }
  | { kind: 'build-mounts'; flag: '--secret' | '--ssh' }
  | { kind: 'named-contexts' };

/**
 * What a command needs that the rewrite cannot map, recorded as a fact about the job: the builder
 * says why in its own words (Builder.reasonFor). `unmapped` reasons hold for any builder.
 */
export type Need =
  /** A docker subcommand that only a daemon can serve (`run`, `compose`, `save`, `manifest`, …). */
  | { kind: 'daemon'; sub: string; argv: string[] }
  | { kind: 'daemon-after-script'; sub: string }
  /** A tool that drives a daemon itself (werf, docker-compose, kind, …). */
  | { kind: 'daemon-tool'; tool: string }
  /** `sudo docker build`: a mapped docker command behind a wrapper. */
  | { kind: 'wrapped-docker'; sub: string; wrapper: string }
  | { kind: 'container-engine'; tool: string; sub: string }
  | { kind: 'dockerfile-stdin'; via: 'file' | 'redirect' | 'context' }
  | { kind: 'remote-context'; raw: string }
  | { kind: 'build-output'; flag: string; value: string }
  | { kind: 'retag-remote'; image: string }
  | { kind: 'login-password-from'; feeder: string }
  | { kind: 'login-without-credentials' }
  | { kind: 'unmapped'; reason: string };

export interface Push {
  ref: Word;
  build: number;
  conditional: boolean;
}

export type CommandRole =
  | { kind: 'neutral'; tool: string; opaque: boolean }
  /** Pipes a secret into `docker login --password-stdin`. */
  | { kind: 'feed' }
  | { kind: 'login'; login: number }
  | { kind: 'build'; build: number }
  | { kind: 'tag'; build: number }
  | { kind: 'push'; push: number }
  /** Docker housekeeping with no meaning without a daemon (`docker info`, `docker logout`, cache pulls). */
  | { kind: 'drop'; why: string }
  /** `|| true` guarding a dropped docker command. */
  | { kind: 'guard' }
  | { kind: 'blocked'; need: Need };

/** A logical line of a script (continuations and heredoc bodies included) and its top-level simple commands. */
export interface LogicalLine {
  /** Offsets of the line in the script text. */
  start: number;
  end: number;
  text: string;
  /** Its simple commands (not those inside substitutions), spans in the script text. */
  commands: ShellCommand[];
  /** The commands inside its `$( … )` and backquote substitutions. */
  substitutions: ShellCommand[];
  /** Depth of compound commands open when the line starts and ends. */
  depthAtStart: number;
  depthAtEnd: number;
}

/** The logical lines of a script, read by the shell layer (parse/shell/commands.ts). */
export function logicalLines(script: string): LogicalLine[] {
  const parsed = parseScript(script);
  const lines: LogicalLine[] = parsed.lines.map((l) => ({ ...l, text: parsed.text.slice(l.start, l.end), commands: [], substitutions: [] }));
  for (const c of parsed.commands) if (lines[c.line]) (c.substitution ? lines[c.line].substitutions : lines[c.line].commands).push(c);
  return lines;
}

export interface CommandIntent {
  argv: string[];
  /** The command as the shell layer read it: words and span as written. */
  raw: ShellCommand;
  role: CommandRole;
  conditional: boolean;
}

export interface LineIntent {
  line: LogicalLine;
  commands: CommandIntent[];
}

export interface ItemIntent {
  text: string;
  lines: LineIntent[];
}

export interface SectionIntent {
  name: string;
  items: ItemIntent[];
}

export interface Blocker {
  need: Need;
  /** Features the command asked for before the need showed: a builder lacking one is the decisive reason. */
  features: Feature[];
  /** The command text that caused it, as written (a password masked). */
  command: string;
  /** Place among the job's blockers and builds, in script order. */
  at: number;
}

export interface BuildIntent {
  sections: SectionIntent[];
  logins: Login[];
  builds: Build[];
  pushes: Push[];
  blockers: Blocker[];
  /** Scripts that may hide docker commands (`./build.sh`, `make image`, `source x.sh`). */
  opaque: string[];
  /** Things resolving the file's variables changed or could not decide (the builder adds its own: Builder.notesFor). */
  notes: string[];
  /** Some command other than the build changes the working directory before the build. */
  changesDirectory: boolean;
}

export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

const DOCKER_GLOBAL_WITH_VALUE = new Set(['-H', '--host', '--config', '-c', '--context', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

// The options of a build that take a value: the shell layer's build grammar, read by the CI build reader too.
const BUILD_WITH_VALUE = new Set([...(BUILD_OPTIONS.longValue ?? []), ...[...BUILD_OPTIONS.shortValue].map((c) => `-${c}`)]);
const BUILD_DROPPED = new Set([
  '--network', '--add-host', '--shm-size', '--ulimit', '-m', '--memory', '--memory-swap', '--cpu-shares', '-c',
  '--cpuset-cpus', '--cpuset-mems', '--cpu-period', '--cpu-quota', '--isolation', '--progress', '--builder',
  '--provenance', '--sbom', '--attest', '--metadata-file', '--cgroup-parent', '--security-opt', '--no-cache-filter',
  '-q', '--quiet', '--rm', '--force-rm', '--compress', '--pull', '--disable-content-trust',
]);

const DROPPED_SUBCOMMANDS = new Map<string, string>([
  ['info', 'reports on the daemon'],
  ['version', 'reports on the daemon'],
  ['logout', 'credentials live in the job container only'],
  ['images', 'lists daemon images'],
  ['image ls', 'lists daemon images'],
  ['image prune', 'cleans the daemon'],
  ['system prune', 'cleans the daemon'],
  ['system df', 'reports on the daemon'],
  ['system info', 'reports on the daemon'],
  ['rmi', 'cleans the daemon'],
  ['image rm', 'cleans the daemon'],
  ['buildx create', 'sets up a BuildKit builder'],
  ['buildx use', 'sets up a BuildKit builder'],
  ['buildx inspect', 'sets up a BuildKit builder'],
  ['buildx ls', 'lists BuildKit builders'],
  ['buildx rm', 'removes a BuildKit builder'],
  ['buildx version', 'reports the buildx version'],
  ['buildx prune', 'cleans the BuildKit cache'],
  ['buildx du', 'reports on the BuildKit cache'],
  ['context create', 'configures the daemon endpoint'],
  ['context use', 'configures the daemon endpoint'],
  ['context ls', 'configures the daemon endpoint'],
]);

/** Splits `--flag=value` and `--flag value` forms; returns [flag, value, wordsConsumed]. */
function readFlag(argv: string[], raws: string[], i: number, withValue: Set<string>): [string, Word | undefined, number] {
  const a = argv[i];
  const eq = a.startsWith('--') ? a.indexOf('=') : -1;
  if (eq > 0) {
    const flag = a.slice(0, eq);
    const rawEq = raws[i].indexOf('=');
    return [flag, { value: a.slice(eq + 1), raw: rawEq >= 0 ? raws[i].slice(rawEq + 1) : a.slice(eq + 1) }, 1];
  }
  if (withValue.has(a)) {
    if (i + 1 >= argv.length) return [a, undefined, 1];
    return [a, { value: argv[i + 1], raw: raws[i + 1] }, 2];
  }
  // `-tname` short form
  if (/^-[tf][^-]/.test(a) && withValue.has(a.slice(0, 2))) return [a.slice(0, 2), { value: a.slice(2), raw: raws[i].slice(2) }, 1];
  return [a, undefined, 1];
}

/** The docker subcommand (one or two words) and the index of its first argument. */
function dockerSubcommand(argv: string[]): { sub: string; rest: number } {
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-')) i += DOCKER_GLOBAL_WITH_VALUE.has(argv[i]) ? 2 : 1;
  const first = argv[i] ?? '';
  const second = argv[i + 1] ?? '';
  if (['image', 'buildx', 'builder', 'system', 'context', 'container'].includes(first) && second && !second.startsWith('-')) {
    const pair = `${first} ${second}`;
    if (pair === 'buildx build' || pair === 'buildx b' || pair === 'image build' || pair === 'builder build') return { sub: 'build', rest: i + 2 };
    if (pair === 'image push') return { sub: 'push', rest: i + 2 };
    if (pair === 'image tag') return { sub: 'tag', rest: i + 2 };
    if (pair === 'image pull') return { sub: 'pull', rest: i + 2 };
    if (pair.startsWith('container ')) return { sub: second, rest: i + 2 };
    return { sub: pair, rest: i + 2 };
  }
  return { sub: first, rest: i + 1 };
}

/**
 * The keys an image name is matched under: as written, and with the variables the file defines
 * expanded, so `docker push $IMAGE` finds the build tagged with what IMAGE holds (and the reverse).
 */
function nameKeys(value: string, variables: FileVariables): string[] {
  const keys = [imageKey(value)];
  if (value.includes('$')) {
    const expanded = imageKey(expandVariables(value, variables).value);
    if (!keys.includes(expanded)) keys.push(expanded);
  }
  return keys;
}

/** The build an image name refers to, by any of its keys. */
function builtImage(ctx: Ctx, value: string): number | undefined {
  for (const key of nameKeys(value, ctx.variables)) {
    const build = ctx.names.get(key);
    if (build !== undefined) return build;
  }
  return undefined;
}

function nameImage(ctx: Ctx, value: string, build: number): void {
  for (const key of nameKeys(value, ctx.variables)) ctx.names.set(key, build);
}

/** Normalizes an image name for matching: untagged names mean `:latest`. */
function imageKey(value: string): string {
  const lastSlash = value.lastIndexOf('/');
  const lastColon = value.lastIndexOf(':');
  if (value.includes('@') || lastColon > lastSlash) return value;
  // `${IMAGE}` alone may carry its own tag: match it only literally.
  if (/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value)) return value;
  return `${value}:latest`;
}

function isDockerHub(registry: string): boolean {
  return /^(https?:\/\/)?(index\.|registry-1\.)?docker\.io(\/v1\/?)?$/.test(registry);
}

function isEcr(registry: string): boolean {
  return /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/.test(registry);
}

function isGoogleRegistry(registry: string): boolean {
  return /(^|\/\/|\.)(gcr\.io|[a-z0-9-]+-docker\.pkg\.dev)$/.test(registry.replace(/\/$/, ''));
}

function wordAt(cmd: CommandParts, i: number): Word {
  return { value: cmd.argv[i], raw: cmd.raws[i] };
}

interface CommandParts {
  argv: string[];
  raws: string[];
}

/** Records why a command blocks the rewrite (a neutral reason, or a need the builder words). */
type Block = (need: Need | string, features?: Feature[]) => void;

interface Ctx {
  intent: BuildIntent;
  /** Order of blockers and builds, in script order. */
  at: number;
  /** Local image names → build index, each under its name as written and as the file's variables resolve it (nameKeys). */
  names: Map<string, number>;
  variables: FileVariables;
  pulled: Map<string, string>;
  pendingTags: { from: string; to: Word; cmd: CommandIntent }[];
  /** The names the job gave its builds (`-t`, `docker tag` targets), as written, for `docker push --all-tags`. */
  tagged: { word: Word; build: number }[];
  /** Shell variables holding a build's image ID (`ID=$(docker images -q app)`), with the command that set each. */
  imageIds: { name: string; cmd: CommandIntent; line: LogicalLine }[];
  sawBuild: boolean;
}

/** A build that cannot be mapped: what it needs, and the features it asked for before that showed. */
interface Unmappable {
  need: Need;
  features: Feature[];
}

function parseBuild(cmd: CommandParts, start: number, conditional: boolean, command: string): Build | Unmappable {
  const b: Build = {
    tags: [], context: { value: '.', raw: '.' }, dockerfile: undefined, buildArgs: [], target: undefined, labels: [],
    annotations: [], platform: undefined, cacheRefs: [], noCache: false, pushesTags: false, iidFile: undefined,
    squash: false, conditional, dropped: [], features: [], command, at: -1,
  };
  const fail = (need: Need): Unmappable => ({ need, features: b.features });
  const unmapped = (reason: string) => fail({ kind: 'unmapped', reason });
  const positional: Word[] = [];
  for (let i = start; i < cmd.argv.length;) {
    const a = cmd.argv[i];
    if (!a.startsWith('-') || a === '-') {
      positional.push(wordAt(cmd, i));
      i++;
      continue;
    }
    const [flag, value, used] = readFlag(cmd.argv, cmd.raws, i, BUILD_WITH_VALUE);
    i += used;
    switch (flag) {
      case '-t': case '--tag': if (value) b.tags.push(value); break;
      case '-f': case '--file':
        if (value?.value === '-') return fail({ kind: 'dockerfile-stdin', via: 'file' });
        b.dockerfile = value; break;
      case '--build-arg': if (value) b.buildArgs.push(value); break;
      case '--target': b.target = value; break;
      case '--label': if (value) b.labels.push(value); break;
      case '--annotation': if (value) b.annotations.push(value); break;
      case '--platform':
        if (value && value.value.includes(',')) { b.features.push({ kind: 'platforms', value: value.value }); break; }
        b.platform = value; break;
      case '--cache-from': case '--cache-to': {
        if (!value) break;
        const v = value.value;
        if (v.includes('=') || v.startsWith('type=')) {
          const fields = new Map(v.split(',').map((f) => { const k = f.indexOf('='); return [f.slice(0, k), f.slice(k + 1)] as [string, string]; }));
          const type = fields.get('type') ?? 'registry';
          const ref = fields.get('ref');
          if (type === 'registry' && ref) b.cacheRefs.push({ value: ref, raw: ref });
          else b.dropped.push({ option: `${flag} ${v}`, unmapped: true });
        } else {
          b.cacheRefs.push(value);
        }
        break;
      }
      case '--no-cache': b.noCache = true; break;
      case '--push': b.pushesTags = true; break;
      case '--load': break;
      case '--iidfile': b.iidFile = value; break;
      case '--squash': b.squash = true; break;
      case '--secret': case '--ssh':
        if (!b.features.some((f) => f.kind === 'build-mounts' && f.flag === flag)) b.features.push({ kind: 'build-mounts', flag });
        break;
      case '--output': case '-o': {
        const v = value?.value ?? '';
        if (/type=registry/.test(v) || /push=true/.test(v)) { b.pushesTags = true; break; }
        if (/type=docker/.test(v)) break;
        return fail({ kind: 'build-output', flag, value: v });
      }
      case '--build-context':
        if (!b.features.some((f) => f.kind === 'named-contexts')) b.features.push({ kind: 'named-contexts' });
        break;
      default:
        if (BUILD_DROPPED.has(flag)) { b.dropped.push({ option: flag, unmapped: false }); break; }
        return unmapped(`uses a docker build flag the rewrite does not know (${flag}); rewrite this build by hand`);
    }
  }
  if (positional.length !== 1) return unmapped(positional.length === 0 ? 'the docker build has no context path' : `the docker build has several positional arguments (${positional.map((p) => p.raw).join(' ')})`);
  const ctx = positional[0];
  if (ctx.value === '-') return fail({ kind: 'dockerfile-stdin', via: 'context' });
  if (/^(https?|git|ssh):\/\/|^git@/.test(ctx.value)) return fail({ kind: 'remote-context', raw: ctx.raw });
  b.context = ctx;
  return b;
}

function parseLogin(cmd: CommandParts, start: number, feeder: ShellCommand | undefined, feederRaw: string | undefined, stdinFile: string | undefined, conditional: boolean): Login | Need {
  const unmapped = (reason: string): Need => ({ kind: 'unmapped', reason });
  let username: Word | undefined;
  let password: Word | undefined;
  let stdin = false;
  let registry: Word | undefined;
  for (let i = start; i < cmd.argv.length;) {
    const a = cmd.argv[i];
    if (!a.startsWith('-')) { registry = wordAt(cmd, i); i++; continue; }
    const [flag, value, used] = readFlag(cmd.argv, cmd.raws, i, new Set(['-u', '--username', '-p', '--password']));
    i += used;
    if (flag === '-u' || flag === '--username') username = value;
    else if (flag === '-p' || flag === '--password') password = value;
    else if (flag === '--password-stdin') stdin = true;
    else return unmapped(`docker login uses an option the rewrite does not know (${flag})`);
  }
  const host = registry?.value ?? '';
  const key: Word | undefined = registry === undefined || isDockerHub(host) ? { value: DOCKER_HUB_KEY, raw: DOCKER_HUB_KEY } : registry;
  const feederText = feeder ? feeder.argv.join(' ') : '';
  if (isEcr(host) || /aws ecr get-login/.test(feederText) || /aws ecr get-login/.test(password?.value ?? '')) {
    return { registry: key, credential: { kind: 'helper', helper: 'ecr-login' }, conditional };
  }
  if (/gcloud auth (print-access-token|application-default print-access-token)/.test(feederText + (password?.value ?? ''))) {
    return { registry: key, credential: { kind: 'helper', helper: 'gcr' }, conditional };
  }
  if (stdin) {
    if (feeder && (feeder.argv[0] === 'echo' || feeder.argv[0] === 'printf')) {
      const words = feederRaw ? splitRawWords(feederRaw) : [];
      const args = words.slice(1).filter((w) => !/^-[neE]+$/.test(w));
      const raw = feeder.argv[0] === 'printf' && args.length >= 2 ? args[args.length - 1] : args.join(' ');
      password = { value: feeder.argv.slice(1).filter((w) => !/^-[neE]+$/.test(w)).join(' '), raw };
    } else if (feeder && feeder.argv[0] === 'cat' && feeder.argv.length === 2) {
      password = { value: `$(cat ${feeder.argv[1]})`, raw: `"$(cat ${splitRawWords(feederRaw ?? '')[1] ?? feeder.argv[1]})"` };
    } else if (stdinFile !== undefined) {
      password = { value: `$(cat ${stdinFile})`, raw: `"$(cat ${stdinFile})"` };
    } else if (feeder) {
      return { kind: 'login-password-from', feeder: feederText };
    } else {
      return unmapped('docker login --password-stdin has no visible source for the password');
    }
  }
  if (!username || !password) return { kind: 'login-without-credentials' };
  if (!/[$`]/.test(password.value) && !/[$`]/.test(password.raw)) {
    return unmapped('the registry password is written in the file itself; move it to a CI/CD secret variable first, then rewrite');
  }
  if (isGoogleRegistry(host) && username.value === '_json_key') {
    return { registry: key, credential: { kind: 'basic', username, password }, conditional };
  }
  return { registry: key, credential: { kind: 'basic', username, password }, conditional };
}

/** Splits a command text into its words as written (quotes kept). */
function splitRawWords(text: string): string[] {
  return tokenize(text).tokens.flatMap((t) => (t.kind === 'word' && t.body < 0 ? [t.word.raw] : []));
}

function classifyNeutral(argv: string[], assignments: string[]): CommandRole {
  const name = argv[0] ?? '';
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (argv.length === 0) {
    return { kind: 'neutral', tool: '', opaque: false };
  }
  if (base === 'export' && argv.length > 1 && argv.slice(1).every((a) => DAEMON_VARIABLES.has(a.split('=')[0]))) {
    return { kind: 'drop', why: 'configures the Docker client' };
  }
  void assignments;
  const opaque =
    /\.(sh|bash)$/.test(name) ||
    ((base === 'sh' || base === 'bash' || base === 'source' || base === '.') && argv.slice(1).some((a) => !a.startsWith('-'))) ||
    base === 'make' || base === 'just' || base === 'task' || base === 'dapper';
  return { kind: 'neutral', tool: base, opaque };
}

/** Tools that drive a Docker daemon themselves: no daemonless builder replaces them. */
export const DAEMON_TOOLS = new Set(['docker-compose', 'werf', 'docker-slim', 'slim', 'pack', 'kind', 'k3d', 'testcontainers', 'dive']);

/** Variables the file defines for the job (its own, `extends:`, anchors, `default:`, top-level), as written. */
export type FileVariables = ReadonlyMap<string, string>;

/**
 * Expands `$NAME`/`${NAME}` (and GitHub's `${{ env.NAME }}`) from the file's variables, nested ones
 * too; names it does not define stay `${NAME}` (or the expression as written).
 */
export function expandVariables(value: string, variables: FileVariables): { value: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const expand = (text: string, depth: number): string =>
    text.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole: string, env: string | undefined, braced: string | undefined, bare: string | undefined) => {
      const name = (env ?? braced ?? bare)!;
      const defined = variables.get(name);
      if (defined === undefined || depth >= 8) {
        unresolved.add(name);
        return env !== undefined ? whole : `\${${name}}`;
      }
      return expand(defined, depth + 1);
    });
  return { value: expand(value, 0), unresolved: [...unresolved] };
}

/** Expands only GitHub's `${{ env.NAME }}` expressions (action inputs and env values are not shell words). */
export function expandEnvExpressions(value: string, variables: FileVariables): string {
  const expand = (text: string, depth: number): string =>
    text.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole: string, name: string) => {
      const defined = variables.get(name);
      return defined === undefined || depth >= 8 ? whole : expand(defined, depth + 1);
    });
  return expand(value, 0);
}

/** The first `${{ … }}` expression left in a value: a secret, a variable, a github or matrix value known only at run time. */
export function runtimeExpression(value: string): string | undefined {
  return /\$\{\{.*?\}\}/s.exec(value)?.[0];
}

/** Predefined variables that name a registry or repository and never carry a tag. */
const TAGLESS_VARIABLES = new Set(['CI_REGISTRY', 'CI_REGISTRY_IMAGE', 'CI_PROJECT_PATH', 'CI_PROJECT_PATH_SLUG', 'CI_PROJECT_NAME', 'CI_PROJECT_NAMESPACE', 'GITHUB_REPOSITORY']);

/** The config.json key for a registry as written: Docker Hub however spelled, any other registry by its host (port kept). */
export function registryKey(registry: string): string {
  if (isDockerHub(registry)) return DOCKER_HUB_KEY;
  return registry.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}

/** Why a registry login cannot be keyed from the file: its value comes from a run-time expression. */
export function runtimeRegistryNote(raw: string, expression: string): string {
  const from = raw.includes(expression) ? '' : ` (${expression})`;
  return `the login registry ${raw} is only known at run time${from}; config.json keys it by the value it gets, so for Docker Hub write the key ${DOCKER_HUB_KEY} instead`;
}

/** A login whose registry is a variable the file sets is keyed by what it resolves to (Docker Hub normalized). */
function resolveLoginRegistries(intent: BuildIntent, variables: FileVariables): void {
  for (const login of intent.logins) {
    const r = login.registry;
    if (!r || r.value === DOCKER_HUB_KEY || !r.value.includes('$')) continue;
    const { value, unresolved } = expandVariables(r.value, variables);
    const expression = runtimeExpression(value);
    if (expression !== undefined) {
      intent.notes.push(runtimeRegistryNote(r.raw, expression));
      continue;
    }
    if (unresolved.length > 0) continue;
    const key = registryKey(value);
    if (key === DOCKER_HUB_KEY) {
      login.registry = { value: DOCKER_HUB_KEY, raw: DOCKER_HUB_KEY };
      intent.notes.push(`the login registry ${r.raw} is Docker Hub (${value}), which config.json keys as ${DOCKER_HUB_KEY}`);
    } else if (key !== value) {
      // A scheme or path in the variable: config.json wants the host.
      login.registry = { value: key, raw: key };
    }
  }
}

/** Tag-free GitHub expressions (a repository's owner/name), the counterpart of TAGLESS_VARIABLES. */
const TAGLESS_EXPRESSION = /^\$\{\{\s*github\.(repository|repository_owner)\s*\}\}$/;

/**
 * A registry cache source as a repository, from its value with the file's variables expanded
 * (`expanded`): `:tag` and `@digest` stripped. The reference comes back as written when nothing had
 * to be expanded or stripped. A source that may still hold a tag (a variable the file does not
 * define, or a run-time expression, in the repository's last segment) gives the reason instead.
 */
export function cacheRepository(ref: Word, expanded: string): { ref: Word } | { why: string } {
  const value = expanded;
  const withoutDigest = value.replace(/@sha256:[0-9a-f]+$/i, '');
  const slash = withoutDigest.lastIndexOf('/');
  const last = withoutDigest.slice(slash + 1);
  const colon = last.replace(/\$\{\{.*?\}\}|\$\{[^}]*\}/g, (m) => '_'.repeat(m.length)).lastIndexOf(':');
  const name = colon >= 0 ? last.slice(0, colon) : last;
  // With a `:tag` or digest written after it, what precedes is a repository (else the reference would be invalid).
  const explicit = colon >= 0 || withoutDigest !== value;
  const hidden = explicit ? [] : [...name.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]).filter((v) => !TAGLESS_VARIABLES.has(v));
  const expressions = explicit ? [] : [...name.matchAll(/\$\{\{.*?\}\}/g)].map((m) => m[0]).filter((e) => !TAGLESS_EXPRESSION.test(e));
  if (hidden.length === 0 && expressions.length === 0) {
    // Written as the job wrote it unless a variable of the file had to be expanded.
    if (value === ref.value) return { ref };
    const repo = withoutDigest.slice(0, slash + 1) + name;
    return { ref: { value: repo, raw: `"${repo}"` } };
  }
  return { why: hidden.length > 0 ? `$${hidden[0]} is not set in the file and may hold a tag` : `${expressions[0]} is only known at run time and may hold a tag` };
}

/**
 * The build's cache source made a repository (cacheRepository). When that cannot be done safely, the
 * cache goes to the GitLab registry when the build pushes there, else it is left out; either way
 * with a note.
 */
function resolveCache(intent: BuildIntent, build: Build, index: number, variables: FileVariables): void {
  const ref = build.cacheRefs[0];
  if (!ref) return;
  const repository = cacheRepository(ref, expandVariables(ref.value, variables).value);
  if ('ref' in repository) {
    if (repository.ref !== ref) build.cacheRefs = [repository.ref];
    return;
  }
  const { why } = repository;
  const toGitlab = intent.pushes.some((p) => p.build === index && p.ref.value.startsWith('${CI_REGISTRY_IMAGE}')) || build.tags.some((t) => build.pushesTags && t.value.startsWith('${CI_REGISTRY_IMAGE}'));
  if (toGitlab) {
    build.cacheRefs = [{ value: '${CI_REGISTRY_IMAGE}/cache', raw: '"$CI_REGISTRY_IMAGE/cache"' }];
    intent.notes.push(`the cache source ${ref.raw} cannot be made a repository safely (${why}); the cache goes to $CI_REGISTRY_IMAGE/cache`);
  } else {
    build.cacheRefs = [];
    intent.notes.push(cacheDroppedNote(ref.raw, why));
  }
}

export function cacheDroppedNote(source: string, why: string): string {
  return `dropped the layer cache: its source ${source} cannot be made a repository safely (${why})`;
}

/**
 * Reads the build intent of a job from its script sections (in run order: e.g. before_script,
 * script, after_script). Pure: nothing is evaluated.
 */
export function readBuildIntent(sections: ScriptSection[], variables: FileVariables = new Map()): BuildIntent {
  const intent: BuildIntent = { sections: [], logins: [], builds: [], pushes: [], blockers: [], opaque: [], notes: [], changesDirectory: false };
  const ctx: Ctx = { intent, at: 0, names: new Map(), variables, pulled: new Map(), pendingTags: [], tagged: [], imageIds: [], sawBuild: false };
  for (const section of sections) {
    const sectionIntent: SectionIntent = { name: section.name, items: [] };
    intent.sections.push(sectionIntent);
    for (const text of section.items) {
      const item: ItemIntent = { text, lines: [] };
      sectionIntent.items.push(item);
      for (const line of logicalLines(text)) item.lines.push(readLine(line, ctx, section.name));
    }
  }
  keepImageIdsToDocker(ctx);
  intent.opaque = intent.opaque.map(maskSecrets);
  // A pull is only meaningful if a later step reuses it; as a layer cache source the builder has its own.
  for (const b of intent.builds) if (b.noCache) b.cacheRefs = [];
  resolveLoginRegistries(intent, variables);
  intent.builds.forEach((b, i) => resolveCache(intent, b, i, variables));
  intent.notes = intent.notes.map(maskSecrets);
  return intent;
}

/** A command's text as written: its span is an offset into the script, the line's text starts at `line.start`. */
function commandText(line: LogicalLine, raw: ShellCommand): string {
  return line.text.slice(raw.start - line.start, raw.end - line.start);
}

/** Container engines other than a plain `docker` call: each needs a daemon or a privileged runtime a daemonless job lacks. */
const CONTAINER_ENGINES = new Set(['docker', 'podman', 'nerdctl']);

/** What a wrapped (`sudo docker …`) or non-docker engine (`podman run …`) command needs. */
function engineNeed(argv: string[], runs: string[]): Need {
  const tool = baseName(runs[0]);
  const { sub } = dockerSubcommand(runs);
  if (tool === 'docker') {
    if (['build', 'push', 'tag', 'login'].includes(sub)) return { kind: 'wrapped-docker', sub, wrapper: baseName(argv[0]) };
    return { kind: 'daemon', sub, argv: runs };
  }
  return { kind: 'container-engine', tool, sub };
}

/** The command text for a refusal, with the literal secrets in it masked (maskSecrets). */
function quotedCommand(text: string): string {
  return maskSecrets(text);
}

function readLine(line: LogicalLine, ctx: Ctx, section: string): LineIntent {
  const { intent } = ctx;
  // One reading of the line: meaning (argv) and spans (words as written) come from the same commands.
  const parsed = line.commands;
  const result: LineIntent = { line, commands: [] };
  parsed.forEach((shell, index) => {
    const raw = shell;
    const parts: CommandParts = { argv: shell.argv, raws: shell.words.map((w) => w.raw) };
    const conditional = raw.depth > 0;
    const name = shell.argv[0] ?? '';
    const base = name.slice(name.lastIndexOf('/') + 1);
    const cmd: CommandIntent = { argv: shell.argv, raw, role: { kind: 'neutral', tool: base, opaque: false }, conditional };
    result.commands.push(cmd);
    const block: Block = (need, features = []) => {
      const blocked: Need = typeof need === 'string' ? { kind: 'unmapped', reason: need } : need;
      cmd.role = { kind: 'blocked', need: blocked };
      intent.blockers.push({ need: blocked, features, command: quotedCommand(commandText(line, raw)), at: ctx.at++ });
    };
    // `sudo docker run`, `podman run`: what actually runs is a container engine the rewrite cannot map.
    const runs = unwrap(shell.argv);
    const engine = runs.length > 0 ? baseName(runs[0]) : '';
    if (CONTAINER_ENGINES.has(engine) && (engine !== 'docker' || runs[0] !== shell.argv[0])) {
      block(engineNeed(shell.argv, runs));
      return;
    }
    if (base === 'docker') {
      if (section === 'after_script') {
        const { sub } = dockerSubcommand(shell.argv);
        if (DROPPED_SUBCOMMANDS.has(sub)) { cmd.role = { kind: 'drop', why: DROPPED_SUBCOMMANDS.get(sub)! }; return; }
        block({ kind: 'daemon-after-script', sub });
        return;
      }
      readDocker(shell, parsed, index, parts, cmd, ctx, block, line);
      return;
    }
    if (DAEMON_TOOLS.has(base)) { block({ kind: 'daemon-tool', tool: base }); return; }
    if (name.startsWith('$(aws ecr get-login')) {
      intent.logins.push({ registry: undefined, credential: { kind: 'helper', helper: 'ecr-login' }, conditional });
      cmd.role = { kind: 'login', login: intent.logins.length - 1 };
      return;
    }
    // `echo "$PASS" | docker login --password-stdin`: the feeder belongs to the login.
    const next = parsed[index + 1];
    if (next && next.pipeline === shell.pipeline && next.argv[0] === 'docker' && dockerSubcommand(next.argv).sub === 'login') {
      cmd.role = { kind: 'feed' };
      return;
    }
    // `docker push x || true`: the guard goes with the docker command.
    const prev = result.commands[index - 1];
    if ((base === 'true' || base === ':') && shell.connector === '||' && prev && (prev.role.kind !== 'neutral')) {
      cmd.role = { kind: 'guard' };
      return;
    }
    if (shell.argv.length === 0 && readImageId(shell, line, cmd, ctx)) return;
    cmd.role = classifyNeutral(shell.argv, shell.assignments);
    if (cmd.role.kind === 'neutral') {
      if (cmd.role.opaque) intent.opaque.push(commandText(line, raw));
      if (base === 'cd' || base === 'pushd') intent.changesDirectory = true;
    }
  });
  return result;
}

/** A repository without its `:tag` or `@digest` (a `:` inside `${…}` is not a tag). */
function repositoryOf(value: string): string {
  return withoutTag(value.replace(/@sha256:[0-9a-f]+$/i, ''));
}

/**
 * `docker push -a <repo>`: every name of that repository the job gave a build becomes a push of it.
 * Tags the daemon got elsewhere (a pull) cannot be seen, so a repository the job tagged nothing in is refused.
 */
function pushAllTags(repo: string, cmd: CommandIntent, ctx: Ctx, block: Block): void {
  const { intent } = ctx;
  const wanted = new Set([repo, expandVariables(repo, ctx.variables).value]);
  const names = ctx.tagged.filter((t) => wanted.has(repositoryOf(t.word.value)) || wanted.has(repositoryOf(expandVariables(t.word.value, ctx.variables).value)));
  if (names.length === 0) { block(`docker push --all-tags ${repo} pushes tags this job did not create with a visible docker build or tag; list the tags explicitly`); return; }
  const builds = new Set(names.map((n) => n.build));
  if (builds.size > 1) { block(`docker push --all-tags ${repo} pushes the tags of several builds; push each tag with its own docker push`); return; }
  if (cmd.conditional) { block('docker push --all-tags runs only under a shell condition; push each tag with its own docker push'); return; }
  const first = intent.pushes.length;
  const seen = new Set<string>();
  for (const n of names) if (!seen.has(n.word.value) && seen.add(n.word.value)) intent.pushes.push({ ref: n.word, build: n.build, conditional: false });
  cmd.role = { kind: 'push', push: first };
}

/** `--format` values that print the image ID. */
const ID_FORMAT = /^\{\{\s*\.I[Dd]\s*\}\}$/;

/**
 * `ID=$(docker images -q <built image>)` or `ID=$(docker inspect --format '{{.Id}}' <built image>)`:
 * the variable names the build (so `docker tag $ID …` is a name of it) and the assignment goes, as
 * a daemonless build has no daemon to ask. True when the command was read so.
 */
function readImageId(shell: ShellCommand, line: LogicalLine, cmd: CommandIntent, ctx: Ctx): boolean {
  if (shell.assignments.length !== 1) return false;
  const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(shell.assignments[0])?.[1];
  const inner = line.substitutions.filter((s) => s.start >= shell.start && s.end <= shell.end);
  if (!name || inner.length !== 1 || inner[0].argv[0] !== 'docker') return false;
  const argv = inner[0].argv;
  const { sub, rest } = dockerSubcommand(argv);
  const args = argv.slice(rest);
  let image: string | undefined;
  if (sub === 'images' || sub === 'image ls') {
    const positional = args.filter((a) => !a.startsWith('-'));
    if (args.some((a) => a === '-q' || a === '--quiet') && args.every((a) => !a.startsWith('-') || a === '-q' || a === '--quiet') && positional.length === 1) image = positional[0];
  } else if (sub === 'inspect' || sub === 'image inspect') {
    const at = args.findIndex((a) => a === '--format' || a === '-f');
    const format = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--format='))?.slice('--format='.length);
    const positional = args.filter((a, i) => !a.startsWith('-') && i !== at + 1);
    if (format !== undefined && ID_FORMAT.test(format) && positional.length === 1 && args.length === positional.length + (at >= 0 ? 2 : 1)) image = positional[0];
  }
  const build = image === undefined ? undefined : builtImage(ctx, image);
  if (build === undefined) return false;
  ctx.names.set(`\${${name}}`, build);
  ctx.imageIds.push({ name, cmd, line });
  cmd.role = { kind: 'drop', why: 'reads the image ID from the daemon; the build is named by its tag instead' };
  return true;
}

/**
 * An image-ID variable any other command reads would be empty once its assignment goes: it is kept,
 * and blocks the rewrite, unless only docker commands the rewrite replaces use it.
 */
function keepImageIdsToDocker(ctx: Ctx): void {
  if (ctx.imageIds.length === 0) return;
  const readers = ctx.intent.sections.flatMap((s) => s.items.flatMap((i) => i.lines.flatMap((l) => l.commands.map((c) => ({ c, text: commandText(l.line, c.raw) })))));
  for (const { name, cmd, line } of ctx.imageIds) {
    const use = new RegExp(`\\$\\{?${name}\\b`);
    const reader = readers.find(({ c, text }) => c !== cmd && !['tag', 'push', 'drop', 'guard'].includes(c.role.kind) && use.test(text));
    if (!reader) continue;
    const need: Need = { kind: 'unmapped', reason: `$${name} holds the image ID from the daemon, and \`${quotedCommand(reader.text)}\` reads it; a daemonless build has no daemon to ask. Rewrite that step by hand (the builder can write the pushed digest to a file instead)` };
    cmd.role = { kind: 'blocked', need };
    ctx.intent.blockers.push({ need, features: [], command: quotedCommand(commandText(line, cmd.raw)), at: ctx.at++ });
  }
}

function readDocker(
  shell: ShellCommand,
  parsed: ShellCommand[],
  index: number,
  parts: CommandParts,
  cmd: CommandIntent,
  ctx: Ctx,
  block: Block,
  line: LogicalLine,
): void {
  const { intent } = ctx;
  const { sub, rest } = dockerSubcommand(shell.argv);
  const conditional = cmd.conditional;
  if (DROPPED_SUBCOMMANDS.has(sub)) { cmd.role = { kind: 'drop', why: DROPPED_SUBCOMMANDS.get(sub)! }; return; }
  switch (sub) {
    case 'login': {
      const feeder = shell.pipeIndex > 0 ? parsed[index - 1] : undefined;
      const feederRaw = feeder ? commandText(line, line.commands[index - 1]) : undefined;
      const stdinFile = shell.redirects.find((r) => r.op === '<')?.target;
      const login = parseLogin(parts, rest, feeder, feederRaw, stdinFile, conditional);
      if (!('credential' in login)) { block(login); return; }
      if (conditional) { block('the registry login runs only under a shell condition; the rewrite cannot carry that condition into config.json'); return; }
      intent.logins.push(login);
      cmd.role = { kind: 'login', login: intent.logins.length - 1 };
      return;
    }
    case 'build': {
      if (shell.redirects.some((r) => r.op === '<' || r.op === '<<' || r.op === '<<<' || r.op === '<<-')) {
        block({ kind: 'dockerfile-stdin', via: 'redirect' });
        return;
      }
      const build = parseBuild(parts, rest, conditional, quotedCommand(commandText(line, cmd.raw)));
      if ('need' in build) { block(build.need, build.features); return; }
      if (conditional) {
        block('the docker build runs only under a shell condition; move the condition to the job\'s rules: and rewrite, or rewrite by hand', build.features);
        return;
      }
      build.at = ctx.at++;
      intent.builds.push(build);
      const id = intent.builds.length - 1;
      cmd.role = { kind: 'build', build: id };
      for (const t of build.tags) {
        nameImage(ctx, t.value, id);
        ctx.tagged.push({ word: t, build: id });
      }
      if (build.pushesTags) for (const t of build.tags) intent.pushes.push({ ref: t, build: id, conditional });
      for (const ref of build.cacheRefs) ctx.pulled.delete(imageKey(ref.value));
      return;
    }
    case 'tag': {
      const args = shell.argv.slice(rest);
      if (args.length !== 2) { block('docker tag with an unexpected number of arguments'); return; }
      const from = builtImage(ctx, args[0]);
      if (from === undefined) {
        block({ kind: 'retag-remote', image: args[0] });
        return;
      }
      nameImage(ctx, args[1], from);
      ctx.tagged.push({ word: { value: args[1], raw: parts.raws[shell.argv.lastIndexOf(args[1])] }, build: from });
      cmd.role = { kind: 'tag', build: from };
      return;
    }
    case 'push': {
      const args = shell.argv.slice(rest).filter((a) => !a.startsWith('-'));
      const flags = shell.argv.slice(rest).filter((a) => a.startsWith('-'));
      if (args.length !== 1) { block('docker push with an unexpected number of arguments'); return; }
      if (flags.some((f) => f === '-a' || f === '--all-tags')) { pushAllTags(args[0], cmd, ctx, block); return; }
      const build = builtImage(ctx, args[0]);
      if (build === undefined) {
        block(`docker push ${args[0]} pushes an image this job did not build with a visible docker build; rewrite by hand`);
        return;
      }
      const rawIndex = shell.argv.indexOf(args[0], rest);
      intent.pushes.push({ ref: { value: args[0], raw: parts.raws[rawIndex] }, build, conditional });
      cmd.role = { kind: 'push', push: intent.pushes.length - 1 };
      return;
    }
    case 'pull': {
      const args = shell.argv.slice(rest).filter((a) => !a.startsWith('-'));
      cmd.role = { kind: 'drop', why: 'pulls an image into the daemon (the builder pulls base images and cache itself)' };
      if (args[0]) ctx.pulled.set(imageKey(args[0]), args[0]);
      return;
    }
    default:
      block({ kind: 'daemon', sub, argv: shell.argv });
  }
}
