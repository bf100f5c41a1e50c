// The grammar of image build commands as the shells of CI jobs write them: which program and
// subcommand build an image from a Dockerfile, and which of their options take a value (so that the
// context is told from option values). Works on argv values from commands.ts.
import type { OptionSyntax } from './options.js';
import { baseName } from './programs.js';

export type BuildCommandTool = 'docker' | 'podman' | 'buildah' | 'nerdctl';

/**
 * Options of `docker build`, `docker buildx build`, `podman build` and `buildah bud` that take a
 * value as the next word; the others are flags. A value read as the context would hide the build, so
 * the list errs towards taking values.
 */
export const BUILD_OPTIONS: OptionSyntax = {
  shortValue: 'tfcmov',
  longValue: new Set([
    '--tag', '--file', '--build-arg', '--build-arg-file', '--target', '--label', '--platform', '--cache-from', '--cache-to',
    '--iidfile', '--network', '--add-host', '--shm-size', '--ulimit', '--memory', '--memory-swap', '--cpu-shares',
    '--cpuset-cpus', '--cpuset-mems', '--cpu-period', '--cpu-quota', '--isolation', '--secret', '--ssh', '--output',
    '--progress', '--builder', '--provenance', '--sbom', '--attest', '--annotation', '--metadata-file', '--build-context',
    '--allow', '--cgroup-parent', '--security-opt', '--no-cache-filter', '--call', '--check', '--volume', '--format',
    '--authfile', '--creds', '--cert-dir', '--env', '--jobs', '--runtime', '--runtime-flag', '--userns', '--arch', '--os',
    '--variant', '--timestamp', '--cache-ttl', '--sign-by', '--manifest', '--from', '--decryption-key', '--logfile',
    '--layer-label', '--unsetenv', '--unsetlabel', '--hooks-dir', '--ipc', '--pid', '--uts', '--cgroupns', '--device',
    '--dns', '--dns-option', '--dns-search', '--isolation', '--retry', '--retry-delay', '--signature-policy',
    '--os-feature', '--os-version', '--sbom-output', '--sbom-scanner-image', '--userns-uid-map', '--userns-gid-map',
    '--group-add', '--cap-add', '--cap-drop', '--cw', '--source-date-epoch',
  ]),
};

/**
 * Whether a command (wrappers taken off: programs.ts unwrap) is an image build — `docker [global options]
 * build|buildx build|image build|builder build`, the same for `podman` and `nerdctl`, `buildah bud|build` —
 * and the index of its first argument.
 */
export function buildCommand(runs: readonly string[]): { tool: BuildCommandTool; from: number } | undefined {
  const tool = baseName(runs[0] ?? '');
  if (tool === 'buildah') {
    const sub = runs[1];
    return sub === 'bud' || sub === 'build' || sub === 'build-using-dockerfile' ? { tool, from: 2 } : undefined;
  }
  if (tool !== 'docker' && tool !== 'podman' && tool !== 'nerdctl') return undefined;
  let i = 1;
  // Global options before the subcommand (`docker --context x build`, `podman --remote build`).
  while (i < runs.length && runs[i].startsWith('-')) i += /^(-H|--host|--config|-c|--context|-l|--log-level|--tlscacert|--tlscert|--tlskey|--connection|--url|--identity|--root|--runroot|--storage-driver|--namespace|-n|--address|-a)$/.test(runs[i]) ? 2 : 1;
  const first = runs[i];
  const second = runs[i + 1];
  if (first === 'build') return { tool, from: i + 1 };
  if ((first === 'buildx' && (second === 'build' || second === 'b')) || ((first === 'image' || first === 'builder') && second === 'build')) return { tool, from: i + 2 };
  return undefined;
}

