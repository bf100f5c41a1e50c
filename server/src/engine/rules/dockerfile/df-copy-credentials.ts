// A credential file copied into a layer stays in that layer for good: deleting it in a later
// instruction only hides it, and anyone who pulls the image (or the build cache) can extract it.
import { Add, Copy } from 'dockerfile-ast';
import { defineRule } from '../../rule.js';
import { dockerfileModel, type Stage } from '../../model/dockerfile.js';
import { shippedStages } from '../../parse/dockerfile-instructions.js';
import { instructionWords, stageAt } from '../../model/dockerfile-instructions.js';
import type { Severity } from '../../types.js';
import { remoteKind } from '../../model/facts/sources.js';

export interface CredentialMatch {
  /** What the file is, for the message: "an SSH private key", "a Docker registry login", … */
  what: string;
  severity: Severity;
}

const SSH_KEYS = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/;
const ENV_TEMPLATES = /^\.env\.(example|sample|template|tpl|dist|defaults?|schema|ci\.example)$/;
/** Words in a key file's name or destination that say it is a public or signing-verification key. */
const PUBLIC_HINT = /(^|[^a-z])(pub|public|gpg|pgp|asc|keyring|signing|release|archive|apt|repo|cosign\.pub)([^a-z]|$)/i;

function segments(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * What credential a copy source names, or null. `dest` (the destination, when known) lets a key that
 * lands as `*.pub` or in an apt keyring count as the public key it is.
 */
export function credentialFile(source: string, dest = ''): CredentialMatch | null {
  const parts = segments(source);
  if (parts.length === 0) return null;
  const base = parts[parts.length - 1];
  const lower = base.toLowerCase();
  const parent = (parts[parts.length - 2] ?? '').toLowerCase();
  if (SSH_KEYS.test(lower)) return { what: 'an SSH private key', severity: 'error' };
  if (lower === '.ssh') return { what: 'an SSH key directory', severity: 'error' };
  if (parent === '.ssh' && lower === 'identity') return { what: 'an SSH private key', severity: 'error' };
  if (lower === '.git-credentials') return { what: 'stored git credentials', severity: 'error' };
  if (lower === '.netrc' || lower === '_netrc') return { what: 'a .netrc login file', severity: 'error' };
  if (lower === '.pypirc') return { what: 'a PyPI upload login (.pypirc)', severity: 'error' };
  if (lower === '.dockercfg' || (parent === '.docker' && lower === 'config.json')) return { what: 'a Docker registry login', severity: 'error' };
  if (lower === '.aws' || (parent === '.aws' && lower === 'credentials')) return { what: 'AWS credentials', severity: 'error' };
  if (lower === '.kube' || lower === 'kubeconfig' || lower.endsWith('.kubeconfig') || (parent === '.kube' && lower === 'config')) {
    return { what: 'a kubeconfig (cluster credentials)', severity: 'error' };
  }
  if (lower === '.env' || (lower.startsWith('.env.') && !ENV_TEMPLATES.test(lower))) return { what: 'an environment file (.env)', severity: 'warning' };
  // A project .npmrc usually holds settings only, but it is where registry tokens are written.
  if (lower === '.npmrc') return { what: 'an npm config file, which often holds a registry token', severity: 'info' };
  const destBase = segments(dest).pop() ?? '';
  const publicKey = PUBLIC_HINT.test(base) || /\.(pub|asc|gpg)$/i.test(destBase) || /keyrings?|trusted\.gpg|rpm-gpg/i.test(dest);
  if (/\.key$/i.test(lower) && !publicKey) return { what: 'a private key (*.key)', severity: 'error' };
  // Most .pem files are certificates (CA bundles); only names that say "key" are private keys.
  if (/\.pem$/i.test(lower) && /(^|[^a-z])(key|priv|private|privkey)([^a-z]|$)/i.test(lower.replace(/\.pem$/i, '')) && !publicKey) {
    return { what: 'a private key (*.pem)', severity: 'error' };
  }
  if (/\.(p12|pfx|jks|keystore)$/i.test(lower)) return { what: 'a key store', severity: 'warning' };
  return null;
}

export default defineRule({
  id: 'df-copy-credentials',
  targets: ['dockerfile'],
  severity: 'error',
  docs: {
    description: 'COPY or ADD puts a credential file (private key, .env, registry or cloud login, kubeconfig) into an image layer.',
    trivy: ['DS-0031'],
  },
  messages: {
    buildStage:
      '{instruction} copies {source}, {what}, into build stage "{stage}": it stays in that stage\'s layers and the build cache, and ships if the stage is built as a target or copied whole. Mount it for the one RUN that needs it (RUN --mount=type=secret or --mount=type=ssh).',
    credential:
      '{instruction} copies {source}, {what}, into an image layer: removing it later does not take it out of the image. Mount it for the one RUN that needs it (RUN --mount=type=secret or --mount=type=ssh) and exclude it in .dockerignore.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    // The stages whose layers are the shipped image: the final stage and the stages it is built on.
    const shipped: Set<Stage> = shippedStages(model, ctx.options.dockerfileTarget);
    for (const instruction of ctx.file.dockerfile.getInstructions()) {
      if (!(instruction instanceof Copy) && !(instruction instanceof Add)) continue;
      const words = instructionWords(ctx.file, instruction);
      if (words.length < 2) continue;
      const dest = words[words.length - 1].value;
      for (const source of words.slice(0, -1)) {
        if (source.value.startsWith('<<') || remoteKind(source.value)) continue;
        const found = credentialFile(source.value, dest);
        if (!found) continue;
        const stage = stageAt(model, source.range.start);
        const data = { instruction: instruction.getKeyword(), source: source.value, what: found.what };
        if (!stage || shipped.has(stage)) {
          ctx.report({ messageId: 'credential', data, start: source.range.start, end: source.range.end, severity: found.severity });
        } else {
          // A build stage does not ship, so the same file is one step less severe there.
          const severity: Severity = found.severity === 'error' ? 'warning' : 'info';
          ctx.report({ messageId: 'buildStage', data: { ...data, stage: stage.alias ?? String(stage.index) }, start: source.range.start, end: source.range.end, severity });
        }
      }
    }
  },
});
