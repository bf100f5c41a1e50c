// Kaniko reads registry credentials from /kaniko/.docker/config.json. A script that writes literal
// credentials there puts them in the CI file, its history and the job log; a config directory on a
// writable volume lets any step of the build (a RUN of the Dockerfile runs as root in the same
// container) rewrite the credentials or plant a credential helper.
import { parseScript } from '../../parse/shell/commands.js';
import { baseName } from '../../parse/shell/programs.js';
import { containerRuns } from '../../model/facts/container-args.js';
import { placeInScalar, trimRange } from '../../parse/yaml-nodes.js';
import { isKanikoImage } from '../../model/facts/kaniko.js';
import type { Script, Workload } from '../../model/workload.js';
import { CONTAINER_ROLE_WORDS } from '../../model/workload.js';
import { readOnlyMountFix } from '../../fixes/k8s/pod-security.js';
import { defineRule } from '../../rule.js';
import type { OffsetRange } from '../../types.js';
import { editableYaml } from '../../model/workload.js';

const CONFIG_DIR = '/kaniko/.docker';
/**
 * Volume sources the kubelet always mounts read-only, whatever the mount says: the API data volumes,
 * since the fix for CVE-2017-1002102 (kubernetes/kubernetes#58720, Kubernetes 1.10; not switchable since 1.11).
 */
const ALWAYS_READ_ONLY = new Set(['secret', 'configMap', 'projected', 'downwardAPI']);
/** Fields of a Docker config.json that hold a credential. */
const CREDENTIAL_FIELD = /"(auth|password|identitytoken|registrytoken)"\s*:\s*"([^"]*)"/gi;

function isConfigPath(path: string): boolean {
  return /(^|\/)kaniko\/\.docker\/config\.json$/.test(path.trim()) || /^\$\{?DOCKER_CONFIG\}?\/config\.json$/.test(path.trim());
}

function underConfigDir(mountPath: string | undefined): boolean {
  if (mountPath === undefined) return false;
  const p = mountPath.trim().replace(/\/+$/, '');
  return p === CONFIG_DIR || p.startsWith(CONFIG_DIR + '/');
}

/** Whether a `host:container[:mode]` bind puts something writable at Kaniko's config directory. */
function writableConfigBind(spec: string): boolean {
  const [, target, mode] = spec.split(':');
  return underConfigDir(target) && !(mode ?? '').split(',').includes('ro');
}

/** The first credential field whose value is written out (no `$` expansion, no substitution). */
function literalCredential(text: string): string | undefined {
  for (const m of text.matchAll(CREDENTIAL_FIELD)) {
    const value = m[2];
    if (value.trim() !== '' && !/[$`]/.test(value)) return m[1].toLowerCase();
  }
  return undefined;
}

interface Written {
  field: string;
  start: number;
  end: number;
}

/** Commands that write a literal credential into Kaniko's config.json: `echo/printf … > config.json`, `… | tee config.json`, heredocs. */
function literalWrites(script: string): Written[] {
  if (!script.includes('config.json')) return [];
  const parsed = parseScript(script);
  const out: Written[] = [];
  const { commands, tokens, heredocs } = parsed;
  commands.forEach((cmd, i) => {
    const toConfig = cmd.redirects.some((r) => (r.op === '>' || r.op === '>>' || r.op === '>|') && isConfigPath(r.target)) ||
      (baseName(cmd.argv[0] ?? '') === 'tee' && cmd.argv.slice(1).some(isConfigPath));
    if (!toConfig) return;
    // The text written: this command's words, the heredoc it reads, or the commands piped into a `tee`.
    const sources = baseName(cmd.argv[0] ?? '') === 'tee'
      ? commands.filter((c, k) => k < i && c.pipeline === cmd.pipeline && !c.substitution)
      : [cmd];
    for (const source of sources) {
      for (const word of source.words.slice(1)) {
        const field = literalCredential(word.value);
        if (field) { out.push({ field, start: word.start, end: word.end }); return; }
      }
      for (const r of source.redirects) {
        if (!r.op.startsWith('<<') || r.op === '<<<') continue;
        const doc = heredocs.find((h) => tokens[h.operator]?.kind === 'op' && (tokens[h.operator] as { start: number }).start === r.start);
        if (!doc) continue;
        const body = script.slice(doc.bodyStart, doc.bodyEnd);
        const field = literalCredential(body);
        if (field) { out.push({ field, start: doc.bodyStart, end: doc.bodyStart + body.trimEnd().length }); return; }
      }
    }
  });
  return out;
}

function placeInScript(text: string, s: Script, start: number, end: number): OffsetRange {
  return placeInScalar(text, s.text, s.range, start, end);
}

export default defineRule({
  id: 'kaniko-inline-credentials',
  scope: 'any',
  severity: 'warning',
  docs: {
    description: 'Registry credentials for Kaniko must not be written literally into /kaniko/.docker/config.json, and Kaniko must not mount its config directory writable.',
  },
  messages: {
    literal:
      'This command writes a literal {field} into Kaniko\'s config.json: the credential is in the CI file, its history and possibly the job log. Take it from a masked CI variable or secret instead, or mount a docker-registry secret read-only at /kaniko/.docker.',
    writableBind:
      'The Kaniko container is given {spec} without :ro, so the build (a RUN step runs as root in the same container) can rewrite the registry credentials it mounts. Add :ro.',
    writableMount:
      'The {role} "{container}" of {kind} "{workload}" mounts the {source} volume "{volume}" at {path} without readOnly: true, so the build (a RUN step runs as root in the same container) can rewrite the registry credentials kept there. Mount it read-only.',
  },
  create(ctx) {
    const text = ctx.file.text;
    return {
      script(s) {
        for (const write of literalWrites(s.text)) {
          ctx.report({ messageId: 'literal', data: { field: write.field }, ...placeInScript(text, s, write.start, write.end) });
        }
        for (const run of containerRuns(s)) {
          const image = run.args.image;
          if (!image || !isKanikoImage(image.value) || image.start === undefined) continue;
          // `-v spec`, `-vspec`, `--volume spec`, `--volume=spec` before the image.
          const words = run.command.words.filter((w) => w.end <= image.start!);
          words.forEach((w, i) => {
            const spec = w.value === '-v' || w.value === '--volume' ? words[i + 1] : undefined;
            const inline = /^(-v|--volume=)./.test(w.value) ? w.value.replace(/^(-v|--volume=)/, '') : undefined;
            const value = inline ?? spec?.value;
            const at = inline !== undefined ? w : spec;
            if (value === undefined || !at || !writableConfigBind(value)) return;
            ctx.report({ messageId: 'writableBind', data: { spec: value }, ...placeInScript(text, s, at.start, at.end) });
          });
        }
      },
      workload(w: Workload) {
        for (const c of w.containers) {
          // Only the executor's own mounts: another container (an init container writing the config) needs it writable.
          if (!isKanikoImage(c.image?.value)) continue;
          for (const b of c.bindMounts) if (writableConfigBind(b.value)) ctx.report({ messageId: 'writableBind', data: { spec: b.value }, ...b.range });
          for (const m of c.volumeMounts) {
            if (m.readOnly || !underConfigDir(m.mountPath)) continue;
            const volume = w.volumes.find((v) => v.name === m.name);
            if (!volume?.source || ALWAYS_READ_ONLY.has(volume.source) || volume.sourceReadOnly) continue;
            ctx.report({
              messageId: 'writableMount',
              data: { role: CONTAINER_ROLE_WORDS[c.role], container: c.name ?? '(unnamed)', kind: w.kind, workload: w.name ?? '(unnamed)', volume: m.name, source: volume.source, path: m.mountPath ?? '' },
              ...trimRange(text, m.range),
              fix: readOnlyMountFix(editableYaml(ctx.file, w), m),
            });
          }
        }
      },
    };
  },
});
