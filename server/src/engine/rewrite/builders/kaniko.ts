// The Kaniko builder: its pinned default image, the tools its debug image has, the config.json it
// reads registry credentials from, and the /kaniko/executor call for a build intent.
import { DOCKER_HUB_KEY, type Build, type BuildIntent, type Login, type Word } from '../../fixes/kaniko/intent.js';
import { doubleQuotedBody } from '../../fixes/kaniko/script-lines.js';
import type { LintOptions } from '../../types.js';
import { absolutePath, destinationsVariable, dqBody, joinPath, quoted } from '../script-words.js';
import type { Builder, ToolSets } from './builder.js';

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

/** Kaniko's cache repository for a cache reference: `<repo>/cache` unless the reference names a cache repository itself. */
export function cacheRepo(ref: Word): string {
  const body = dqBody(ref);
  const repo = stripTag(body);
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

export const kaniko: Builder = {
  id: 'kaniko',
  name: 'Kaniko',
  image: resolveKanikoImage,
  supports: { multiPlatform: false, buildSecrets: false, namedContexts: false, shell: 'busybox' },
  tools: { present: KANIKO_TOOLS, missing: MISSING_TOOLS } satisfies ToolSets,
  configCommand: configJsonCommand,
  buildCommand: executorCommand,
  cacheRepo,
};
