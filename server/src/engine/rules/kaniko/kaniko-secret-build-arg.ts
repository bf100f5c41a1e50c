// A build argument is recorded in the image: in the history of every layer a RUN that sees it
// creates, and in the build's provenance. A secret passed with --build-arg is readable by anyone who
// can pull the image, long after the CI variable is rotated.
import { executorCalls, executorFlags } from '../../model/facts/kaniko.js';
import { defineRule } from '../../rule.js';
import { secretWord } from '../../model/facts/secrets.js';

export default defineRule({
  id: 'kaniko-secret-build-arg',
  scope: 'any',
  severity: 'warning',
  docs: {
    description: 'Kaniko must not receive secrets as --build-arg values, which stay in the image history.',
  },
  messages: {
    secretArg:
      'Kaniko passes the build argument {name} (its name says {word}) with --build-arg; build arguments are kept in the image\'s layer history, readable by anyone who can pull the image. Give the build the secret as a file instead (a secret mount with the maintained fork\'s --secret and RUN --mount=type=secret), or fetch it in a stage that does not end up in the image.',
  },
  create(ctx) {
    return {
      workload(w) {
        for (const call of executorCalls(w, ctx.file.text)) {
          for (const { name, inline, word, next } of executorFlags(call)) {
            if (name !== '--build-arg') continue;
            const valueWord = inline !== undefined ? word : next;
            const value = inline ?? valueWord?.value;
            if (!valueWord || value === undefined) continue;
            const argName = value.split('=')[0].trim();
            if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(argName)) continue;
            const secret = secretWord(argName);
            if (secret === null) continue;
            ctx.report({ messageId: 'secretArg', data: { name: argName, word: secret }, ...valueWord.range });
          }
        }
      },
    };
  },
});
