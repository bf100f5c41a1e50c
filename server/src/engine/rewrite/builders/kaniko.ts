// The Kaniko builder: its pinned default image, the tools its debug image has, the config.json it
// reads registry credentials from, the /kaniko/executor flags for a build, the executor container of
// a pod, and its reasons for what it cannot build.
import { DOCKER_HUB_KEY, type BuildIntent, type Feature, type Login, type Need, type Word } from '../intent.js';
import type { LintOptions } from '../../types.js';
import { commandRefusal, refused, type CommandReason, type Refused } from '../refusal.js';
import { dqBody, quoted, withoutTag } from '../script-words.js';
import { blockersFor, intentOptions, shellCommand, type Builder, type BuilderPhrases, type BuildOption, type ToolSets } from './builder.js';

/** Pinned default image: the maintained fork's debug variant (has the busybox shell CI runners need). */
export const DEFAULT_KANIKO_IMAGE = 'ghcr.io/osscontainertools/kaniko:v1.28.5-debug';

export const KANIKO_CONFIG_PATH = '/kaniko/.docker/config.json';

/** The image to use, or why the configured one cannot be used (floating tags are never emitted). */
export function resolveKanikoImage(options: LintOptions): { image: string } | { reason: string } {
  const image = (options.rewrite?.image ?? '').trim() || DEFAULT_KANIKO_IMAGE;
  if (image.includes('@sha256:')) return { image };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > lastSlash ? image.slice(colon + 1) : '';
  if (tag === '' || /^(latest|debug|slim|alpine|warmer|bootstrap)$/.test(tag)) {
    return { reason: `the configured Kaniko image '${image}' uses a floating tag; set daemonless.kaniko.image to a pinned version such as ${DEFAULT_KANIKO_IMAGE}` };
  }
  return { image };
}

/** Kaniko's cache repository for a cache reference: `<repo>/cache` unless the reference names a cache repository itself. */
export function cacheRepo(ref: Word): string {
  const body = dqBody(ref);
  const repo = withoutTag(body);
  const target = repo === body && !/:/.test(body.slice(body.lastIndexOf('/') + 1)) && /cache/i.test(body) ? repo : `${repo}/cache`;
  return `"${target}"`;
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
export function executorCommand(intent: BuildIntent, index: number, options: { workspace: string }): string {
  return shellCommand(kaniko, intentOptions(kaniko, intent, index, options));
}

const FLAGS: Record<Exclude<BuildOption['kind'], 'cache-repo' | 'shell-words'>, string> = {
  context: '--context',
  dockerfile: '--dockerfile',
  destination: '--destination',
  'build-arg': '--build-arg',
  target: '--target',
  label: '--label',
  annotation: '--annotation',
  platform: '--custom-platform',
  'digest-file': '--digest-file',
  'no-push': '--no-push',
  'single-snapshot': '--single-snapshot',
};

function optionWords(option: BuildOption): string[] {
  switch (option.kind) {
    case 'shell-words': return [option.value];
    case 'cache-repo': return ['--cache=true', '--cache-repo', option.value];
    case 'no-push': case 'single-snapshot': return [FLAGS[option.kind]];
    default: return [FLAGS[option.kind], option.value];
  }
}

/** The executor's arguments in a pod: `--flag=value`, the context as a `dir://` URL. */
function containerArgs(option: BuildOption): string[] {
  switch (option.kind) {
    case 'shell-words': return [option.value];
    case 'cache-repo': return ['--cache=true', `--cache-repo=${option.value}`];
    case 'no-push': case 'single-snapshot': return [FLAGS[option.kind]];
    case 'context': return [`--context=dir://${option.value}`];
    default: return [`${FLAGS[option.kind]}=${option.value}`];
  }
}

/** The executor image for a pod: the configured/default image without its `-debug` suffix (no shell needed). */
export function executorImage(image: string): string {
  if (image.includes('@')) return image;
  return image.replace(/:(v?\d[^:/@]*)-debug$/, ':$1');
}

const ONE_PLATFORM = 'Kaniko builds one platform per run. Build on one runner per architecture and merge the manifests (manifest-tool, crane index append)';
const OUTPUTS = "Kaniko's --tar-path or --oci-layout-path";
const REMOTE_CONTEXT = "Kaniko's git:// context";

const PHRASES: BuilderPhrases = {
  secretMounts: 'upstream Kaniko does not support secret or ssh mounts (the maintained fork has them behind feature flags)',
  annotations: 'only the maintained Kaniko fork has --annotation',
  outputs: OUTPUTS,
  tarball: 'write a tarball with --tar-path',
  onePlatform: ONE_PLATFORM,
  remoteContext: REMOTE_CONTEXT,
  tektonTask: 'the catalog kaniko Task (task/kaniko: --dockerfile, --context=$(workspaces.source.path)/…, --destination=$(params.IMAGE), --digest-file=$(results.IMAGE_DIGEST.path), a dockerconfig workspace at /kaniko/.docker)',
  agentContainer: '/kaniko/executor in a kaniko container (debug image, command sleep, args 99d, docker config secret at /kaniko/.docker)',
};

// Busybox applets and shell builtins present in the Kaniko debug image.
const KANIKO_TOOLS = new Set(
  ('echo printf export cd mkdir cat sed awk tr cut grep egrep head tail date base64 test [ [[ ls cp mv rm wget env sh ' +
    'true false set unset source . basename dirname sort uniq wc xargs find sleep tee touch chmod chown id whoami pwd expr ' +
    'seq sha256sum sha1sum md5sum tar gzip gunzip zcat unzip read eval exit return local shift : readlink realpath ' +
    'printenv hostname uname ln stat du df dd diff od hexdump which type command trap wait umask getopts let alias').split(' '),
);
// Common tools the Kaniko image does not have: using them after the rewrite would fail.
const MISSING_TOOLS = new Set(
  ('apk apt apt-get yum dnf microdnf zypper pip pip3 npm npx yarn pnpm git jq yq curl bash zsh python python3 node ' +
    'ruby perl make aws gcloud az helm kubectl go java mvn gradle cosign crane skopeo trivy grype syft').split(' '),
);

const SUPPORTS: Builder['supports'] = { multiPlatform: false, buildSecrets: false, namedContexts: false, shell: 'busybox' };

/** Why Kaniko cannot give a build a feature it asks for. */
function lacks(feature: Feature): string | undefined {
  switch (feature.kind) {
    case 'platforms':
      return SUPPORTS.multiPlatform ? undefined : `builds for several platforms (--platform ${feature.value}); ${ONE_PLATFORM}`;
    case 'build-mounts': {
      const type = feature.flag.slice(2);
      return SUPPORTS.buildSecrets ? undefined : `passes build ${type}s (${feature.flag}); Kaniko's RUN --mount=type=${type} support is limited to the maintained fork behind feature flags. Rewrite by hand or keep DinD`;
    }
    case 'named-contexts':
      return SUPPORTS.namedContexts ? undefined : 'uses named build contexts (--build-context), which Kaniko does not support';
  }
}

const NEEDS_DAEMON =
  'needs a Docker daemon, which a Kaniko job does not have. Split the job: build and push with Kaniko here, then use the pushed image in a later job (as its image or a service)';

function daemonReason(sub: string, argv: readonly string[]): string {
  switch (sub) {
    case 'compose':
      return 'docker compose needs a Docker daemon; Kaniko builds one Dockerfile per run. Build each service image with its own Kaniko call, or keep DinD for this job';
    case 'save':
    case 'load':
    case 'export':
    case 'import':
    case 'image save':
    case 'image load':
      return `docker ${sub} needs the image in a local daemon; Kaniko can write a tarball instead (--tar-path), or split the job`;
    case 'inspect':
    case 'image inspect':
      return 'docker inspect reads image data from the daemon; Kaniko can write the pushed digest to a file (--digest-file). Rewrite that step by hand or split the job';
    case 'manifest':
    case 'buildx imagetools':
      return `docker ${sub} assembles multi-platform manifests; Kaniko builds one platform per run. Build per architecture and merge with manifest-tool or crane`;
    case 'run':
      if (argv.some((a) => /binfmt|qemu-user-static/.test(a)))
        return 'sets up QEMU for a multi-platform build; Kaniko builds one platform per run (no emulation). Build on one runner per architecture and merge the manifests';
      return `docker run ${NEEDS_DAEMON}`;
    default:
      return `docker ${sub} ${NEEDS_DAEMON}`;
  }
}

const DAEMON_TOOL_REASONS: Record<string, string> = {
  'docker-compose': 'docker-compose needs a Docker daemon; Kaniko builds one Dockerfile per run. Build each service image with its own Kaniko call, or keep DinD for this job',
  werf: 'werf drives the Docker daemon itself; Kaniko cannot replace it. Use werf\'s own daemonless Buildah backend (WERF_BUILDAH_MODE=auto) instead',
  'docker-slim': 'docker-slim needs a Docker daemon to run and minify the image; keep DinD for this job or drop the slimming step',
  slim: 'slim (docker-slim) needs a Docker daemon to run and minify the image; keep DinD for this job or drop the slimming step',
  pack: 'Buildpacks `pack` builds through a Docker daemon; use a daemonless Buildpacks lifecycle (kpack, or `pack --publish` against a remote builder) instead',
  kind: 'kind runs a Kubernetes cluster inside the Docker daemon; DinD is used for something other than building an image here',
  k3d: 'k3d runs a Kubernetes cluster inside the Docker daemon; DinD is used for something other than building an image here',
  testcontainers: 'Testcontainers starts containers through a Docker daemon; split testing into its own job',
  dive: 'dive inspects images in a Docker daemon; split it into a later job',
};

/** Why a command with this need blocks a Kaniko rewrite. */
function reasonFor(need: Need): string {
  switch (need.kind) {
    case 'daemon': return daemonReason(need.sub, need.argv);
    case 'daemon-after-script': return `after_script runs docker ${need.sub}, which ${NEEDS_DAEMON}`;
    case 'daemon-tool': return DAEMON_TOOL_REASONS[need.tool] ?? `${need.tool} ${NEEDS_DAEMON}`;
    case 'wrapped-docker': return `docker ${need.sub} runs through ${need.wrapper}, which the rewrite does not map; remove the wrapper (a Kaniko job needs no root on the runner), then rewrite`;
    case 'container-engine': return `${need.tool} ${need.sub} needs a container engine (and a privileged runner), which a Kaniko job does not have. Split the job: build and push with Kaniko here, then run containers in a later job`;
    case 'dockerfile-stdin':
      if (need.via === 'file') return 'the Dockerfile comes from stdin (-f -); Kaniko needs it as a file. Write it to a file first and pass that path';
      if (need.via === 'redirect') return 'the Dockerfile comes from stdin; Kaniko needs it as a file. Write it to a file first and pass that path';
      return 'the build context or Dockerfile comes from stdin (docker build -); Kaniko needs a directory. Write the Dockerfile to a file and build that directory';
    case 'remote-context': return `the build context is a remote URL (${need.raw}); convert it to ${REMOTE_CONTEXT} by hand`;
    case 'build-output': return `writes the build output elsewhere (${need.flag} ${need.value}); map it to ${OUTPUTS} by hand`;
    case 'retag-remote': return `docker tag ${need.image} retags an image this job did not build; Kaniko cannot retag remote images (use crane or skopeo copy in another job)`;
    case 'login-password-from': return `docker login reads its password from \`${need.feeder}\`; write ${KANIKO_CONFIG_PATH} from that value by hand`;
    case 'login-without-credentials': return `docker login without a username and password in the script (interactive or credential-store login); write ${KANIKO_CONFIG_PATH} by hand`;
    case 'unmapped': return need.reason;
  }
}

function blockersOf(intent: BuildIntent): CommandReason[] {
  return blockersFor(intent, lacks, reasonFor);
}

function refusalFor(intent: BuildIntent): Refused | undefined {
  const blockers = blockersOf(intent);
  if (blockers.length > 0) return commandRefusal(blockers);
  if (intent.builds.length === 0) {
    if (intent.opaque.length > 0) {
      return refused(`the image build is hidden in \`${intent.opaque[0]}\`, so the rewrite cannot see the docker commands. Inline the docker build/push commands in the job (or point the rewrite at them), then rewrite.`);
    }
    return refused('the job runs no docker build, so Docker-in-Docker is used for something else here; Kaniko only replaces image builds.');
  }
  for (const section of intent.sections) {
    for (const item of section.items) {
      for (const line of item.lines) {
        for (const cmd of line.commands) {
          if (cmd.role.kind === 'neutral' && MISSING_TOOLS.has(cmd.role.tool)) {
            return refused(`\`${line.line.text.slice(cmd.raw.start - line.line.start, cmd.raw.end - line.line.start)}\` uses ${cmd.role.tool}, which the Kaniko image (busybox only) does not have. Move that step to an earlier job and pass its result as an artifact or dotenv variable, then rewrite.`);
          }
        }
      }
    }
  }
  return undefined;
}

export const CACHE_NOTE = 'the registry cache becomes --cache-repo: Kaniko caches each instruction there and stops at the first miss, unlike BuildKit\'s --cache-from/--cache-to';

function notesFor(intent: BuildIntent): string[] {
  const dropped = intent.builds.flatMap((b) => b.dropped.map((d) => `dropped docker build option ${d.option}${d.unmapped ? ' (no Kaniko equivalent)' : ''}`));
  const cache = intent.builds.some((b) => b.cacheRefs.length > 0) ? [CACHE_NOTE] : [];
  return [...dropped, ...intent.notes, ...cache];
}

export const kaniko: Builder = {
  id: 'kaniko',
  name: 'Kaniko',
  image: (options) => {
    const image = resolveKanikoImage(options);
    return 'reason' in image ? refused(image.reason) : image;
  },
  isOwnImage: (image) => /kaniko/i.test(image),
  supports: SUPPORTS,
  shellPath: '/busybox/sh',
  tools: { present: KANIKO_TOOLS, missing: MISSING_TOOLS } satisfies ToolSets,
  executable: '/kaniko/executor',
  envPrefix: 'KANIKO_',
  configPath: KANIKO_CONFIG_PATH,
  digestFile: '/kaniko/digest',
  lacks,
  reasonFor,
  blockersOf,
  refusalFor,
  notesFor,
  cacheNote: CACHE_NOTE,
  phrases: PHRASES,
  configCommand: configJsonCommand,
  buildCommand: executorCommand,
  cacheRepo,
  optionWords,
  containerArgs,
  pod: {
    name: 'kaniko',
    image: executorImage,
    nonRoot: 'Kaniko must run as root (UID 0) inside its container. Allow root for this pod (it needs no privileges), then rewrite',
    // UID 0 and part of the default capabilities in its own container, nothing more: no privilege
    // escalation (it runs as root already) and the runtime's default seccomp profile, which allows
    // what it does (unpacking layers, chown, no namespaces or mounts).
    securityContext: (client) => [
      ...(client.runAsUser !== undefined && client.runAsUser !== 0 ? ['runAsUser: 0'] : []),
      'allowPrivilegeEscalation: false',
      'seccompProfile:',
      '  type: RuntimeDefault',
    ],
  },
};
