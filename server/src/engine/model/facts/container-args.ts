// Reading container-runtime flags the way `docker run`/`docker create` read them, so CI rules see
// `--privileged` and host socket mounts in scripts (`docker run …`) and in GitHub Actions
// `options:` alike. Only flags before the image count in a `run` command: later words belong to the
// container's own command.
import { commandName, parseShell, type ShellCommand } from '../../parse/shell.js';
import type { ShellWord } from '../../parse/shell/tokens.js';
import { isRuntimeSocketPath } from '../container-facts.js';
import type { CiScript } from '../../dialects/ci-model.js';

export interface ContainerMount {
  /** The argument as written after quote removal (`/var/run/docker.sock:/var/run/docker.sock`). */
  token: string;
  hostPath: string;
  /** Span of the word holding the mount, relative to the script text (when read from a script). */
  start?: number;
  end?: number;
}

/** A word of a container command with its span in the script text (absent for plain strings). */
export interface SpannedWord {
  value: string;
  start?: number;
  end?: number;
}

export interface ContainerArgs {
  /** `--privileged` tokens (also `--privileged=true`), as written. */
  privileged: string[];
  /** The `--privileged` words with their spans, in the same order. */
  privilegedWords: SpannedWord[];
  /** Bind mounts of a host container-runtime socket (or a directory holding one). */
  socketMounts: ContainerMount[];
  /** With `stopAtImage`: the image word and the words after it (the container's own arguments). */
  image?: SpannedWord;
  imageArgs: SpannedWord[];
}

// `docker run` options that take a value as the next word (when not written `--opt=value`).
const VALUE_OPTIONS = new Set([
  '-a', '--attach', '--add-host', '--annotation', '--blkio-weight', '--cap-add', '--cap-drop', '--cgroup-parent',
  '--cgroupns', '--cidfile', '-c', '--cpu-shares', '--cpus', '--cpuset-cpus', '--cpuset-mems', '--device',
  '--dns', '--dns-option', '--dns-search', '--domainname', '--entrypoint', '-e', '--env', '--env-file',
  '--expose', '--gpus', '--group-add', '--health-cmd', '--health-interval', '--health-retries',
  '--health-start-period', '--health-timeout', '-h', '--hostname', '--ip', '--ip6', '--ipc', '--isolation',
  '-l', '--label', '--label-file', '--link', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory',
  '--memory-reservation', '--memory-swap', '--mount', '--name', '--network', '--net', '--network-alias',
  '--pid', '--pids-limit', '--platform', '-p', '--publish', '--pull', '--restart', '--runtime',
  '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs',
  '-u', '--user', '--ulimit', '--userns', '--uts', '-v', '--volume', '--volume-driver', '--volumes-from',
  '-w', '--workdir',
]);

const RUNTIMES = new Set(['docker', 'podman', 'nerdctl']);

/** Host path of a `-v`/`--volume` spec (`host:container[:opts]`), or undefined for named volumes. */
export function volumeHostPath(spec: string): string | undefined {
  const host = spec.split(':')[0];
  return host.startsWith('/') ? host : undefined;
}

/** Host path of a `--mount type=bind,source=…` spec. */
function mountSource(spec: string): string | undefined {
  const fields = new Map(
    spec.split(',').map((kv) => {
      const eq = kv.indexOf('=');
      return eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
    }),
  );
  if ((fields.get('type') ?? 'volume') !== 'bind') return undefined;
  return fields.get('source') ?? fields.get('src');
}

/**
 * Reads container flags from option words. With `stopAtImage`, stops at the first word that is not
 * an option (the image), as `docker run` does.
 */
export function parseContainerArgs(words: readonly (string | SpannedWord)[], stopAtImage: boolean): ContainerArgs {
  const out: ContainerArgs = { privileged: [], privilegedWords: [], socketMounts: [], imageArgs: [] };
  const spanned = words.map((w) => (typeof w === 'string' ? { value: w } : w));
  const addMount = (token: string, hostPath: string | undefined, at: SpannedWord | undefined) => {
    if (hostPath !== undefined && isRuntimeSocketPath(hostPath)) out.socketMounts.push({ token, hostPath, start: at?.start, end: at?.end });
  };
  for (let i = 0; i < spanned.length; i++) {
    const word = spanned[i].value;
    if (word === '--' || (!word.startsWith('-') || word === '-')) {
      if (stopAtImage) {
        const at = word === '--' ? i + 1 : i;
        out.image = spanned[at];
        out.imageArgs = spanned.slice(at + 1);
        break;
      }
      if (word === '--') break;
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.startsWith('--') && eq > 0 ? word.slice(0, eq) : word;
    const inline = word.startsWith('--') && eq > 0 ? word.slice(eq + 1) : undefined;
    if (name === '--privileged') {
      if (inline === undefined || inline === 'true') { out.privileged.push(word); out.privilegedWords.push(spanned[i]); }
      continue;
    }
    let value = inline;
    let valueWord: SpannedWord | undefined = spanned[i];
    if (value === undefined && VALUE_OPTIONS.has(name)) {
      value = spanned[i + 1]?.value;
      valueWord = spanned[i + 1];
      i += 1;
    } else if (value === undefined && /^-v./.test(word)) {
      // `-v/var/run/docker.sock:/var/run/docker.sock` (value attached to a short flag)
      value = word.slice(2);
    }
    if (value === undefined) continue;
    const valueToken = inline !== undefined || /^-v./.test(word) ? word : value;
    if (name === '-v' || name === '--volume' || /^-v./.test(word)) addMount(valueToken, volumeHostPath(value), valueWord);
    else if (name === '--mount') addMount(valueToken, mountSource(value), valueWord);
  }
  return out;
}

/** The runtime and the words after `run`/`create` (also `container run`, `sudo docker run`). */
function runOptionWords(cmd: ShellCommand): { tool: string; words: ShellWord[] } | undefined {
  let argv: ShellWord[] = cmd.words;
  if (commandName(cmd) === 'sudo') {
    argv = argv.slice(1);
    while (argv.length > 0 && argv[0].value.startsWith('-')) argv = argv.slice(1);
  }
  if (argv.length < 2) return undefined;
  const tool = argv[0].value.slice(argv[0].value.lastIndexOf('/') + 1);
  if (!RUNTIMES.has(tool)) return undefined;
  let rest = argv.slice(1);
  if (rest[0]?.value === 'container') rest = rest.slice(1);
  if (rest[0]?.value !== 'run' && rest[0]?.value !== 'create') return undefined;
  return { tool, words: rest.slice(1) };
}

export interface ContainerRun {
  command: ShellCommand;
  /** `docker`, `podman` or `nerdctl`. */
  tool: string;
  args: ContainerArgs;
}

/**
 * A least-recently-used map from script text, bounded by the characters it holds: script texts repeat
 * across jobs, files and edits of one file, and a large pipeline's scripts should all fit.
 */
export class TextCache<V> {
  private readonly entries = new Map<string, V>();
  private characters = 0;
  constructor(private readonly maxCharacters: number) {}
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    if (this.entries.delete(key)) this.characters -= key.length;
    this.entries.set(key, value);
    this.characters += key.length;
    for (const oldest of this.entries.keys()) {
      if (this.characters <= this.maxCharacters) break;
      this.entries.delete(oldest);
      this.characters -= oldest.length;
    }
  }
}

/** Longer scripts are parsed every time rather than kept: the cache stays small whatever the input. */
const CACHED_SCRIPT_MAX_LENGTH = 4096;
const runsCache = new TextCache<readonly ContainerRun[]>(1_000_000);
const NO_RUNS: readonly ContainerRun[] = Object.freeze([]);

/**
 * False only when no word of the script can be `docker`, `podman` or `nerdctl`, so it needs no
 * parse. Words are made of the script's characters with quotes, backslashes, `$` and line breaks
 * taken out; the exception is ANSI-C quoting (`$'\x64ocker'`), which needs a backslash and a `$`.
 */
export function mayRunContainer(text: string): boolean {
  if (RUNTIME_WORD.test(text)) return true;
  if (text.includes('\\') && text.includes('$')) return true;
  return /["'$\\\r\n]/.test(text) && RUNTIME_WORD.test(text.replace(/["'$\\\r\n]/g, ''));
}
const RUNTIME_WORD = /docker|podman|nerdctl/;

function parseRuns(text: string): readonly ContainerRun[] {
  if (!mayRunContainer(text)) return NO_RUNS;
  const out: ContainerRun[] = [];
  for (const command of parseShell(text)) {
    const run = runOptionWords(command);
    if (run) out.push({ command, tool: run.tool, args: parseContainerArgs(run.words, true) });
  }
  return out.length === 0 ? NO_RUNS : out;
}

/**
 * `docker|podman|nerdctl run|create` commands in a script, with their container flags. Results are
 * shared between scripts with the same text and must not be modified.
 */
export function containerRuns(script: Pick<CiScript, 'text'>): readonly ContainerRun[] {
  const text = script.text;
  // Most scripts name no runtime: that is one regex test, cheaper than hashing the text for the cache.
  if (!mayRunContainer(text)) return NO_RUNS;
  if (text.length > CACHED_SCRIPT_MAX_LENGTH) return parseRuns(text);
  let runs = runsCache.get(text);
  if (!runs) {
    runs = parseRuns(text);
    runsCache.set(text, runs);
  }
  return runs;
}

/** Words of a GitHub Actions `options:` string (docker create flags). */
export function optionWords(options: string): string[] {
  return parseShell(options).flatMap((c) => [...c.assignments, ...c.argv]);
}

/** The same words with their spans in the `options:` string, for `parseContainerArgs`. */
export function optionWordSpans(options: string): ShellWord[] {
  return parseShell(options).flatMap((c) => [...c.assignmentWords, ...c.words]);
}
