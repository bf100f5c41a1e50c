// `ADD <url>` fetches whatever the server returns at build time: the same Dockerfile can produce a
// different image tomorrow, and a compromised host or mirror changes it silently. `ADD --checksum`
// (Dockerfile syntax 1.6+) makes the build fail when the content changes; a git source is stable only
// when it names a commit.
import { Add } from 'dockerfile-ast';
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionWords, scopeAt, stageAt } from '../../model/dockerfile-instructions.js';
import { urlWithCredentials } from '../../model/facts/secrets.js';
import { remoteKind } from '../../model/facts/sources.js';

/** The URL as shown in a message: user information redacted, query string (which may hold a token) dropped. */
export function shownUrl(url: string): string {
  const safe = urlWithCredentials(url) ?? url;
  const q = safe.indexOf('?');
  return q >= 0 ? safe.slice(0, q) + '?…' : safe;
}

/** A git source's `#ref` (optionally `#ref:subdir`) names a full commit id. */
function pinnedCommit(source: string): boolean {
  const hash = source.indexOf('#');
  if (hash < 0) return false;
  const ref = source.slice(hash + 1).split(':')[0];
  return /^[0-9a-f]{40}$/i.test(ref) || /^[0-9a-f]{64}$/i.test(ref);
}

export default defineRule({
  id: 'df-add-url-no-checksum',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'ADD fetches a URL or git repository without --checksum or a commit pin, so its content can change under the same Dockerfile.',
    checkov: ['CKV_DOCKER_4'],
    trivy: ['DS-0005'],
  },
  messages: {
    url: 'ADD downloads {url} without --checksum: whatever the server returns at build time goes into the image. Add --checksum=sha256:<digest of the reviewed file>.',
    git: 'ADD clones {url} without pinning a commit: the branch or tag can move. Name a full commit id (#<commit>) or add --checksum=<commit>.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    for (const instruction of ctx.file.dockerfile.getInstructions()) {
      if (!(instruction instanceof Add)) continue;
      const flags = instruction.getFlags();
      if (flags.some((f) => f.getName().toLowerCase() === 'checksum' && f.getValue())) continue;
      const words = instructionWords(ctx.file, instruction);
      // The last word is the destination; a heredoc source (`<<EOF`) is local text.
      const sources = words.slice(0, -1).filter((w) => !w.value.startsWith('<<'));
      const stage = stageAt(model, words[0]?.range.start ?? 0);
      for (const source of sources) {
        const resolved = source.value.includes('$') && stage ? scopeAt(model, stage, source.range.start).substitute(source.value) : source.value;
        const kind = remoteKind(resolved ?? source.value);
        if (!kind || (kind === 'git' && pinnedCommit(resolved ?? source.value))) continue;
        ctx.report({ messageId: kind, data: { url: shownUrl(source.value) }, start: source.range.start, end: source.range.end });
      }
    }
  },
});
