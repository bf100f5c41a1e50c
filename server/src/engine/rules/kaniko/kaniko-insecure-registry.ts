// `--insecure*` makes Kaniko talk plain HTTP and `--skip-tls-verify*` accepts any certificate: anyone
// on the network path reads the registry credentials it sends and swaps the layers it pulls or
// pushes, so the built image is whatever they want it to be.
import { executorCalls, executorFlags } from '../../model/facts/kaniko.js';
import { defineRule } from '../../rule.js';

/** Each flag and what it leaves unprotected, in message words; `host` flags name one registry. */
const FLAGS: Record<string, { messageId: 'insecure' | 'skipTls'; scope: string; host?: true }> = {
  '--insecure': { messageId: 'insecure', scope: 'the registries it pushes to' },
  '--insecure-pull': { messageId: 'insecure', scope: 'the registries it pulls base images from' },
  '--insecure-registry': { messageId: 'insecure', scope: 'registry', host: true },
  '--skip-tls-verify': { messageId: 'skipTls', scope: 'the registries it pushes to' },
  '--skip-tls-verify-pull': { messageId: 'skipTls', scope: 'the registries it pulls base images from' },
  '--skip-tls-verify-registry': { messageId: 'skipTls', scope: 'registry', host: true },
};

export default defineRule({
  id: 'kaniko-insecure-registry',
  scope: 'any',
  severity: 'warning',
  docs: {
    description: 'Kaniko must not talk to registries over plain HTTP or without verifying TLS (--insecure, --insecure-pull, --insecure-registry, --skip-tls-verify*).',
  },
  messages: {
    insecure:
      'Kaniko runs with {flag}, so it talks to {scope} over plain HTTP: anyone on the network path can read the credentials it sends and replace the layers it pulls or pushes. Serve the registry over TLS.',
    skipTls:
      'Kaniko runs with {flag}, so it accepts any TLS certificate from {scope}: anyone on the network path can impersonate the registry, read the credentials and replace layers. Give Kaniko the registry\'s CA with --registry-certificate instead.',
  },
  create(ctx) {
    return {
      workload(w) {
        for (const call of executorCalls(w, ctx.file.text)) {
          for (const { name, inline, word, next, on } of executorFlags(call)) {
            const flag = FLAGS[name];
            if (!flag || (!flag.host && !on)) continue;
            const host = flag.host ? (inline ?? next?.value ?? '') : '';
            const scope = flag.host ? (host ? `registry ${host}` : 'the named registry') : flag.scope;
            ctx.report({ messageId: flag.messageId, data: { flag: name, scope }, ...word.range });
          }
        }
      },
    };
  },
});
