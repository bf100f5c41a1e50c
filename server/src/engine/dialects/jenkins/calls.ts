// What a Jenkinsfile declares, read from its tokens: pod YAML embedded in `podTemplate(yaml: …)` or a
// declarative `kubernetes { yaml … }` agent, the `containerTemplate(…)` and `hostPathVolume(…)` DSL,
// and `sh` steps with the container they run in (`container('docker') { … }`, `defaultContainer`);
// for pipelines on an agent host, Docker Pipeline agents' `docker run` options and `environment { }`;
// and Docker Pipeline `docker.build(…)` calls with their string arguments.
import type { EnvVar, Fact } from '../../model/workload.js';
import { blankOutside } from '../../parse/embedded-text.js';
import type { OffsetRange } from '../../types.js';
import { matchingClose, tokenizeGroovy, type GroovyProblem, type GroovyString, type GroovyToken } from './groovy.js';

/** A call's argument value: a string, a word (`true`, a variable), a number, or a list/call (unread). */
export interface ArgValue {
  token: GroovyToken;
  /** The whole value, a list or nested call included. */
  range: OffsetRange;
  /** Nested calls of a list value (`envVars: [envVar(key: …, value: …)]`). */
  calls: Call[];
}

export interface Call {
  name: string;
  nameRange: OffsetRange;
  /** From the name to the closing parenthesis. */
  range: OffsetRange;
  /** `key: value` arguments at the call's own level, first occurrence kept. */
  args: Map<string, ArgValue>;
  /** The first positional argument when it is a string (`container('docker')`). */
  positional?: GroovyString;
  /** The `{ … }` closure that follows the call, if any. */
  body?: OffsetRange;
}

export interface PodYaml {
  /** The string literal holding the YAML. */
  literal: GroovyString;
  /** The podTemplate call or the `kubernetes { … }` block it belongs to. */
  owner: OffsetRange;
}

export interface ShStep {
  text: string;
  range: OffsetRange;
  /** The container named by the innermost enclosing `container(…) { }`; unset outside one. */
  container?: string;
  /** The innermost pod owner (see `JenkinsCalls.owners`) the step is written in, if any. */
  owner?: OffsetRange;
  /**
   * Inside `dir('…') { }` blocks: the folder the step runs in, the blocks' paths joined outermost
   * first; null when one of them is not a plain string literal. Unset outside any.
   */
  directory?: string | null;
}

/** A pod agent: a `podTemplate(…)` call or a `kubernetes { }` agent block. */
export interface PodAgent {
  /** Where its steps are written (see `JenkinsCalls.owners`). */
  range: OffsetRange;
  /** The `podTemplate` or `kubernetes` word. */
  keyword: OffsetRange;
}

/**
 * A container the Docker Pipeline plugin starts on the agent for the steps: a declarative
 * `agent { docker { image '…'; args '…' } }` (or `dockerfile { args '…' }`), or `.inside('…') { }`.
 */
export interface DockerAgent {
  /** The `docker`, `dockerfile` or `inside` word. */
  keyword: OffsetRange;
  /** What messages call it: its image, else how it is written (`dockerfile agent`, `docker.inside`). */
  name: string;
  image?: Fact<string>;
  /** The `docker run` options the plugin adds, as written in the string. */
  args?: Fact<string>;
}

/** A declarative `kubernetes { defaultContainer 'x' }`: where steps outside `container()` run in that agent's pod. */
export interface DefaultContainer {
  name: string;
  owner: OffsetRange;
}

/** A Docker Pipeline `docker.build('image', 'args')` call. */
export interface DockerBuildCall {
  /** From `docker` to the closing parenthesis. */
  range: OffsetRange;
  /** Its arguments, when each is a string literal (one or two); undefined when one is anything else. */
  args: GroovyString[] | undefined;
  /** Inside `dir('…') { }` blocks: the folder the step runs in (see ShStep.directory); unset outside any. */
  directory?: string | null;
}

export interface JenkinsCalls {
  podYamls: PodYaml[];
  podTemplates: Call[];
  containerTemplates: Call[];
  hostPathVolumes: Call[];
  shSteps: ShStep[];
  defaultContainers: DefaultContainer[];
  /**
   * Where each pod agent's steps are written: a podTemplate call with its body, or, for a declarative
   * `agent { kubernetes { … } }`, the block that holds the `agent` (the pipeline's or the stage's).
   */
  owners: PodAgent[];
  dockerAgents: DockerAgent[];
  dockerBuilds: DockerBuildCall[];
  /**
   * `NAME = 'value'` in declarative `environment { }` blocks (pipeline or stage) and the
   * `'NAME=value'` strings of `withEnv([…]) { }` steps, in file order.
   */
  environment: EnvVar[];
  /** The first `pipeline {` or `node` block: the pipeline as the file writes it. */
  pipeline?: OffsetRange;
  problems: GroovyProblem[];
}

function isPunct(t: GroovyToken | undefined, ch: string): boolean {
  return t !== undefined && t.type === 'punct' && t.text === ch;
}

function isWord(t: GroovyToken | undefined, word?: string): t is GroovyToken & { type: 'word' } {
  return t !== undefined && t.type === 'word' && (word === undefined || t.text === word);
}

/**
 * How deep calls nested in arguments are read (`podTemplate(containers: [containerTemplate(envVars:
 * [envVar(…)])])` is three): deeper ones stay opaque values, so hostile nesting cannot exhaust the stack.
 */
const MAX_CALL_NESTING = 16;

/** Reads the call whose name token is at `at` and whose `(` is at `at + 1`. */
function readCall(tokens: readonly GroovyToken[], at: number, depth = 0): { call: Call; next: number } | undefined {
  const nameTok = tokens[at];
  const close = matchingClose(tokens, at + 1);
  const end = close < 0 ? tokens.length : close;
  const args = new Map<string, ArgValue>();
  let positional: GroovyString | undefined;
  let k = at + 2;
  let first = true;
  while (k < end) {
    const t = tokens[k];
    if ((t.type === 'word' || t.type === 'string') && isPunct(tokens[k + 1], ':')) {
      const key = t.type === 'word' ? t.text : t.value;
      const value = readValue(tokens, k + 2, end, depth);
      if (value && !args.has(key)) args.set(key, value.value);
      k = value ? value.next : k + 2;
    } else {
      if (first && t.type === 'string') positional = t;
      const value = readValue(tokens, k, end, depth);
      k = value ? value.next : k + 1;
    }
    first = false;
    if (isPunct(tokens[k], ',')) k++;
  }
  const lastTok = tokens[close < 0 ? tokens.length - 1 : close];
  const call: Call = {
    name: nameTok.type === 'word' ? nameTok.text : '',
    nameRange: { start: nameTok.start, end: nameTok.end },
    range: { start: nameTok.start, end: lastTok.end },
    args,
    positional,
  };
  let next = close < 0 ? tokens.length : close + 1;
  if (isPunct(tokens[next], '{')) {
    const bodyClose = matchingClose(tokens, next);
    const bodyEnd = bodyClose < 0 ? tokens[tokens.length - 1] : tokens[bodyClose];
    call.body = { start: tokens[next].start, end: bodyEnd.end };
  }
  return { call, next };
}

/** One argument value starting at `k`, up to the next `,` at this level; nested calls of lists kept. */
function readValue(tokens: readonly GroovyToken[], k: number, end: number, depth: number): { value: ArgValue; next: number } | undefined {
  const t = tokens[k];
  if (t === undefined || k >= end) return undefined;
  let last = k;
  const calls: Call[] = [];
  if (isPunct(t, '[') || isPunct(t, '(')) {
    const close = matchingClose(tokens, k);
    last = close < 0 ? end - 1 : close;
    for (let j = k + 1; j < last; j++) {
      if (depth < MAX_CALL_NESTING && isWord(tokens[j]) && isPunct(tokens[j + 1], '(')) {
        const inner = readCall(tokens, j, depth + 1);
        if (inner) {
          calls.push(inner.call);
          j = inner.next - 1;
        }
      }
    }
  } else if (depth < MAX_CALL_NESTING && isWord(t) && isPunct(tokens[k + 1], '(')) {
    const inner = readCall(tokens, k, depth + 1);
    if (inner) {
      calls.push(inner.call);
      last = inner.next - 1;
    }
  }
  // A value may go on (`'''…'''.stripIndent()`, `a + b`): skip to the `,` or the end at this level.
  let next = last + 1;
  while (next < end && !isPunct(tokens[next], ',')) {
    if (isPunct(tokens[next], '(') || isPunct(tokens[next], '[') || isPunct(tokens[next], '{')) {
      const close = matchingClose(tokens, next);
      next = close < 0 ? end : close + 1;
    } else next++;
  }
  return { value: { token: t, range: { start: t.start, end: tokens[Math.min(last, tokens.length - 1)].end }, calls }, next };
}

/** The string a command-style or parenthesised step gives as its script (`sh '…'`, `sh(script: '…')`). */
function stepString(tokens: readonly GroovyToken[], at: number): GroovyString | undefined {
  const next = tokens[at + 1];
  if (next?.type === 'string') return next;
  if (isPunct(next, '(')) {
    const read = readCall(tokens, at);
    const script = read?.call.args.get('script')?.token;
    if (script?.type === 'string') return script;
    return read?.call.positional;
  }
  // `sh script: '…', label: '…'`
  if (isWord(next, 'script') && isPunct(tokens[at + 2], ':') && tokens[at + 3]?.type === 'string') return tokens[at + 3] as GroovyString;
  return undefined;
}

export function readJenkinsCalls(text: string): JenkinsCalls {
  const { tokens, problems } = tokenizeGroovy(text);
  const out: JenkinsCalls = { podYamls: [], podTemplates: [], containerTemplates: [], hostPathVolumes: [], shSteps: [], defaultContainers: [], owners: [], dockerAgents: [], dockerBuilds: [], environment: [], problems };
  // Enclosing blocks, innermost last: podTemplate/kubernetes owners and container() scopes.
  const owners: PodAgent[] = [];
  const containers: { name: string; range: OffsetRange }[] = [];
  const dirs: { range: OffsetRange; path: string | null }[] = [];
  /** The folder of the dir() blocks holding `at` (see ShStep.directory). */
  const directoryAt = (at: number): string | null | undefined => {
    let folder: string | null | undefined;
    for (const d of dirs) {
      if (at < d.range.start || at >= d.range.end) continue;
      folder = folder === null || d.path === null ? null : folder === undefined ? d.path : `${folder}/${d.path}`;
    }
    return folder;
  };
  // The `{` tokens open at the current token, innermost last (one push and one pop per brace).
  const braces: number[] = [];
  // Where the last environment { } and agent { docker { } } blocks end: a block of the same kind
  // inside one is read with it (or is no such block), so each token is scanned once.
  let environmentEnd = -1;
  let dockerAgentEnd = -1;
  /** The last-opened block that holds `at`: blocks are found in text order, so that is the innermost. */
  const innermost = <T extends { range: OffsetRange }>(list: T[], at: number): T | undefined => {
    for (let k = list.length - 1; k >= 0; k--) if (list[k].range.start <= at && at < list[k].range.end) return list[k];
    return undefined;
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (isPunct(t, '{')) braces.push(k);
    else if (isPunct(t, '}')) braces.pop();
    if (t.type !== 'word') continue;
    const prev = tokens[k - 1];
    // `x.sh(…)` on some object other than the steps is not a step; `steps.sh` is.
    const member = isPunct(prev, '.') && !isWord(tokens[k - 2], 'steps');
    switch (t.text) {
      case 'podTemplate':
        if (isPunct(tokens[k + 1], '(')) {
          const read = readCall(tokens, k);
          if (read) {
            out.podTemplates.push(read.call);
            owners.push({ range: { start: read.call.range.start, end: read.call.body?.end ?? read.call.range.end }, keyword: read.call.nameRange });
          }
        }
        break;
      case 'kubernetes':
        if (isPunct(tokens[k + 1], '{')) {
          // `agent { kubernetes { … } }`: its steps are written beside the agent, in the stage or pipeline
          // block that holds it, not inside the kubernetes block.
          const agentBlock = isPunct(tokens[k - 1], '{') && isWord(tokens[k - 2], 'agent') ? braces[braces.length - 2] : undefined;
          const from = agentBlock ?? k + 1;
          const close = matchingClose(tokens, from);
          const range = { start: agentBlock === undefined ? t.start : tokens[from].start, end: (close < 0 ? tokens[tokens.length - 1] : tokens[close]).end };
          owners.push({ range, keyword: { start: t.start, end: t.end } });
        }
        break;
      case 'docker':
      case 'dockerfile':
        // `agent { docker { … } }`: the other `docker` words (`docker.build`, `docker.image`) are objects.
        if (t.start > dockerAgentEnd && isPunct(tokens[k + 1], '{') && isPunct(prev, '{') && isWord(tokens[k - 2], 'agent')) {
          const close = matchingClose(tokens, k + 1);
          const end = close < 0 ? tokens.length : close;
          dockerAgentEnd = (tokens[end] ?? tokens[tokens.length - 1]).end;
          const agent: DockerAgent = { keyword: { start: t.start, end: t.end }, name: `${t.text} agent` };
          for (let j = k + 2; j < end; j++) {
            const key = tokens[j];
            const value = isPunct(tokens[j + 1], ':') ? tokens[j + 2] : tokens[j + 1];
            if (!isWord(key) || value?.type !== 'string' || value.interpolated) continue;
            if (key.text === 'image') agent.image ??= { value: value.value, range: value.content };
            if (key.text === 'args') agent.args ??= { value: value.value, range: value.content };
          }
          if (agent.image) agent.name = agent.image.value;
          out.dockerAgents.push(agent);
        }
        break;
      case 'inside':
        if (isPunct(prev, '.') && isPunct(tokens[k + 1], '(')) {
          const value = tokens[k + 2];
          const args = value?.type === 'string' && !value.interpolated ? { value: value.value, range: value.content } : undefined;
          // `docker.image('maven:3.9').inside(…)`: the image is the string before `).inside`.
          const before = tokens[k - 3];
          const named = isPunct(tokens[k - 2], ')') && before?.type === 'string' && isPunct(tokens[k - 4], '(') && isWord(tokens[k - 5], 'image');
          const image = named && !before.interpolated ? { value: before.value, range: before.content } : undefined;
          out.dockerAgents.push({ keyword: { start: t.start, end: t.end }, name: image?.value ?? 'docker.inside', image, args });
        }
        break;
      case 'build':
        // `docker.build(…)`; the `docker` word before it is the plugin's global variable.
        if (isPunct(prev, '.') && isWord(tokens[k - 2], 'docker') && !isPunct(tokens[k - 3], '.') && isPunct(tokens[k + 1], '(')) {
          const close = matchingClose(tokens, k + 1);
          const end = close < 0 ? tokens.length : close;
          const args: GroovyString[] = [];
          let plain = true;
          // At most two strings separated by a comma: the loop stops at anything else, so each call is read in constant time.
          for (let j = k + 2; j < end && plain; j += 2) {
            const value = tokens[j];
            if (args.length === 2 || value.type !== 'string' || (j + 1 < end && !isPunct(tokens[j + 1], ','))) plain = false;
            else args.push(value);
          }
          const docker = tokens[k - 2];
          const directory = directoryAt(t.start);
          out.dockerBuilds.push({
            range: { start: docker.start, end: (tokens[end] ?? tokens[tokens.length - 1]).end },
            args: plain && close >= 0 && (args.length === 1 || args.length === 2) ? args : undefined,
            ...(directory !== undefined ? { directory } : {}),
          });
        }
        break;
      case 'dir':
        if (!member && isPunct(tokens[k + 1], '(')) {
          const read = readCall(tokens, k);
          // GString interpolation or escapes: the folder is not known from the text.
          const path = read?.call.positional && !/[$\\]/.test(read.call.positional.value) ? read.call.positional.value : null;
          if (read?.call.body) dirs.push({ range: read.call.body, path });
        }
        break;
      case 'environment':
        if (!member && t.start > environmentEnd && isPunct(tokens[k + 1], '{')) {
          const block = environmentBlock(tokens, k + 1);
          out.environment.push(...block.entries);
          environmentEnd = block.end;
        }
        break;
      case 'withEnv':
        if (!member && isPunct(tokens[k + 1], '(') && isPunct(tokens[k + 2], '[')) out.environment.push(...withEnvEntries(tokens, k + 2));
        break;
      case 'pipeline':
      case 'node':
        if (!member && out.pipeline === undefined && (isPunct(tokens[k + 1], '{') || isPunct(tokens[k + 1], '('))) out.pipeline = { start: t.start, end: t.end };
        break;
      case 'yaml': {
        if (member) break;
        const value = isPunct(tokens[k + 1], ':') ? tokens[k + 2] : tokens[k + 1];
        if (value?.type === 'string') {
          const owner = innermost(owners, t.start)?.range ?? { start: t.start, end: value.end };
          out.podYamls.push({ literal: value, owner });
        }
        break;
      }
      case 'containerTemplate':
      case 'hostPathVolume':
        if (isPunct(tokens[k + 1], '(')) {
          const read = readCall(tokens, k);
          if (read) (t.text === 'containerTemplate' ? out.containerTemplates : out.hostPathVolumes).push(read.call);
        }
        break;
      case 'container':
        if (!member && isPunct(tokens[k + 1], '(')) {
          const read = readCall(tokens, k);
          const name = read?.call.positional ?? read?.call.args.get('name')?.token;
          if (read?.call.body && name?.type === 'string') containers.push({ name: name.value, range: read.call.body });
        }
        break;
      case 'defaultContainer': {
        const value = isPunct(tokens[k + 1], '(') ? tokens[k + 2] : tokens[k + 1];
        const owner = innermost(owners, t.start);
        if (value?.type === 'string' && owner) out.defaultContainers.push({ name: value.value, owner: owner.range });
        break;
      }
      case 'sh': {
        if (member) break;
        const script = stepString(tokens, k);
        if (script) {
          const scope = innermost(containers, t.start);
          const directory = directoryAt(t.start);
          out.shSteps.push({
            text: script.value,
            range: script.content,
            container: scope?.name,
            owner: innermost(owners, t.start)?.range,
            ...(directory !== undefined ? { directory } : {}),
          });
        }
        break;
      }
    }
  }
  out.owners = owners;
  return out;
}

/**
 * The `NAME = 'value'` entries directly in the block opened at `open`. A value that is not a plain
 * string (`credentials('id')`, a `"${…}"` interpolation) is unknown here and kept without a value.
 */
function environmentBlock(tokens: readonly GroovyToken[], open: number): { entries: EnvVar[]; end: number } {
  const close = matchingClose(tokens, open);
  const end = close < 0 ? tokens.length : close;
  const out: EnvVar[] = [];
  let depth = 0;
  for (let j = open + 1; j < end; j++) {
    const t = tokens[j];
    if (isPunct(t, '{') || isPunct(t, '(') || isPunct(t, '[')) depth++;
    else if (isPunct(t, '}') || isPunct(t, ')') || isPunct(t, ']')) depth--;
    if (depth !== 0 || !isWord(t) || !isPunct(tokens[j + 1], '=') || isPunct(tokens[j + 2], '=')) continue;
    const value = tokens[j + 2];
    const literal = value?.type === 'string' && !value.interpolated ? value : undefined;
    out.push({ name: t.text, nameRange: { start: t.start, end: t.end }, value: literal?.value, valueRange: literal?.content });
  }
  return { entries: out, end: (tokens[end] ?? tokens[tokens.length - 1]).end };
}

/** The `'NAME=value'` strings of a `withEnv([…])` list (at `open`, its `[`); an interpolated value is not known. */
function withEnvEntries(tokens: readonly GroovyToken[], open: number): EnvVar[] {
  const close = matchingClose(tokens, open);
  const end = close < 0 ? tokens.length : close;
  const out: EnvVar[] = [];
  for (let j = open + 1; j < end; j++) {
    const t = tokens[j];
    if (t.type !== 'string') continue;
    const eq = t.value.indexOf('=');
    const name = eq > 0 ? t.value.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const valueStart = t.content.start + eq + 1;
    const known = !t.interpolated || !t.value.slice(eq + 1).includes('$');
    out.push({
      name,
      nameRange: { start: t.content.start, end: t.content.start + eq },
      value: known ? t.value.slice(eq + 1) : undefined,
      valueRange: known ? { start: valueStart, end: t.content.end } : undefined,
    });
  }
  return out;
}

/**
 * The file text with everything but one string literal's content blanked (line breaks kept) and
 * interpolations replaced by placeholders of the same length: a YAML document at the offsets it has
 * in the Jenkinsfile, so every range read from it is a range of the Jenkinsfile.
 */
export function maskOutside(text: string, literal: GroovyString): string {
  const out = blankOutside(text, literal.content);
  const { start } = literal.content;
  if (literal.interpolated) {
    const value = literal.value;
    for (const m of value.matchAll(/\$\{[^}\n]*\}?|\$\w+/g)) {
      for (let j = 0; j < m[0].length; j++) out[start + m.index + j] = 'x';
    }
  }
  return out.join('');
}
