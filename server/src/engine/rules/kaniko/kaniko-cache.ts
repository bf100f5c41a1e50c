// Kaniko only uses its layer cache with --cache=true: the other cache flags alone do nothing, so a
// build that looks cached rebuilds every layer (slow, and a different result whenever a base image
// or package moves). With --no-push it also needs --cache-repo, having no destination to derive it from.
import { executorCalls, executorFlags, type ExecutorWord } from '../../model/facts/kaniko.js';
import { defineRule } from '../../rule.js';

const CACHE_FLAGS = new Set(['--cache-dir', '--cache-repo', '--cache-ttl', '--cache-copy-layers', '--cache-run-layers']);

export default defineRule({
  id: 'kaniko-cache',
  scope: 'any',
  severity: 'info',
  docs: {
    description: 'Kaniko cache flags need --cache=true to take effect, and a cache with --no-push needs --cache-repo.',
  },
  messages: {
    withoutCache:
      'Kaniko is given {flag} but not --cache=true, so it uses no layer cache and the flag does nothing. Add --cache=true and name the cache repository with --cache-repo (a repository the job can push to; Kaniko otherwise derives <destination>/cache).',
    disabled:
      'Kaniko is given {flag} together with --cache=false, so it uses no layer cache and the flag does nothing. Set --cache=true with a --cache-repo the job can push to, or drop the cache flags.',
    noPushNoRepo:
      'Kaniko caches layers (--cache) in a build with --no-push but no --cache-repo, so it has no destination to derive the cache repository from. Name one with --cache-repo.',
  },
  create(ctx) {
    return {
      workload(w) {
        for (const call of executorCalls(w, ctx.file.text)) {
          let cache: 'on' | 'off' | undefined;
          let cacheWord = call.args[0];
          let repo = false;
          let noPush = false;
          const flags: { word: ExecutorWord; name: string }[] = [];
          for (const { name, word, on } of executorFlags(call)) {
            if (name === '--cache') {
              cache = on ? 'on' : 'off';
              cacheWord = word;
            } else if (CACHE_FLAGS.has(name)) {
              flags.push({ word, name });
              if (name === '--cache-repo') repo = true;
            } else if (name === '--no-push') {
              noPush = on;
            }
          }
          // A variable or parameter may hold the flags this call seems to lack.
          const opaque = call.args.some((a) => /^\$/.test(a.value.trim()));
          if (flags.length > 0 && cache !== 'on') {
            if (cache === undefined && opaque) continue;
            const first = flags[0];
            ctx.report({ messageId: cache === 'off' ? 'disabled' : 'withoutCache', data: { flag: first.name }, ...first.word.range });
          } else if (cache === 'on' && noPush && !repo && !opaque) {
            ctx.report({ messageId: 'noPushNoRepo', data: {}, ...cacheWord.range });
          }
        }
      },
    };
  },
});
