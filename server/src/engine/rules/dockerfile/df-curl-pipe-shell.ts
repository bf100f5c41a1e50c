// Piping a download straight into an interpreter runs whatever the server (or anyone between it and
// the build) returns, with no checksum or signature check, as root at build time.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { findRemoteExecution } from '../../parse/shell/remote-execution.js';

export default defineRule({
  id: 'df-curl-pipe-shell',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'A RUN instruction executes downloaded content directly (curl | sh and similar) without verifying it.',
  },
  messages: {
    pipe: 'The output of {fetcher} is piped into {interpreter}: remote code runs at build time without a checksum or signature check. Download to a file, verify it, then run it.',
    substitution: '{interpreter} runs code fetched by {fetcher} through a substitution: remote code runs at build time without a checksum or signature check. Download to a file, verify it, then run it.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        for (const script of run.scripts) {
          const found = findRemoteExecution(script.text);
          if (!found) continue;
          ctx.report({
            messageId: found.kind,
            data: { fetcher: found.fetcher, interpreter: found.interpreter },
            start: script.range.start,
            end: script.range.end,
          });
        }
      }
    }
  },
});
