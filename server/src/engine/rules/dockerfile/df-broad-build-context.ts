// `COPY . .` puts the whole build context into a layer. Without a .dockerignore that is the whole
// checkout: `.git` (whose config may hold a clone token, and whose history holds every secret ever
// committed) and `.env` files included. The engine reads no files: the adapter hands it the ignore
// file that applies to this Dockerfile (LintOptions.dockerignore), and the rule is silent when the
// adapter cannot know.
import type { Flag } from 'dockerfile-ast';
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { instructionsOf } from '../../parse/dockerfile-instructions.js';
import { isIgnored, parseDockerignore, type IgnorePattern } from '../../parse/dockerignore.js';

/** Sources that name the whole context (`.`, `./`, `/`) or every entry at its root (`*`). */
const WHOLE_CONTEXT = new Set(['.', './', './.', '/', '/.', '*', './*', '/*']);

/** What must stay out of an image, as a path to test: `.git`'s config holds a clone's credentials. */
const MUST_EXCLUDE: readonly { name: string; path: string }[] = [
  { name: '.git', path: '.git/config' },
  { name: '.env', path: '.env' },
];

function unquote(value: string): string {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]) ? value.slice(1, -1) : value;
}

export default defineRule({
  id: 'df-broad-build-context',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'COPY or ADD copies the whole build context while no .dockerignore keeps .git and .env out of it.',
  },
  messages: {
    noIgnoreFile:
      '{instruction} {source} copies the whole build context, and there is no .dockerignore beside the Dockerfile: .git (a clone token in .git/config, the whole history) and .env files go into the image. Add a .dockerignore that excludes .git and .env, or copy only what the build needs.',
    notExcluded:
      '{instruction} {source} copies the whole build context into the image, and {file} does not keep {missing} out. Add {missing} to {file}, or copy only what the build needs.',
  },
  check(ctx) {
    const ignoreFile = ctx.options.dockerignore;
    if (ignoreFile === undefined) return;
    const model = dockerfileModel(ctx.file);
    let patterns: IgnorePattern[] | undefined;
    for (const view of instructionsOf(ctx.file, model, ['COPY', 'ADD'])) {
      if (view.flags.has('from') || view.words.length < 2) continue;
      const source = view.words.slice(0, -1).find((w) => WHOLE_CONTEXT.has(w.value));
      if (!source) continue;
      const data = { instruction: view.keyword, source: source.value };
      patterns ??= ignoreFile === null ? [] : parseDockerignore(ignoreFile.text);
      // `COPY --exclude=…` (Dockerfile 1.7) keeps paths out of this one copy.
      const flags = 'getFlags' in view.instruction ? (view.instruction as { getFlags(): Flag[] }).getFlags() : [];
      const excludes = flags
        .filter((f) => f.getName().toLowerCase() === 'exclude' && f.getValue())
        .flatMap((f) => parseDockerignore(unquote(f.getValue()!)));
      const all = excludes.length > 0 ? [...patterns, ...excludes] : patterns;
      const missing = MUST_EXCLUDE.filter((m) => !isIgnored(all, m.path)).map((m) => m.name);
      if (missing.length === 0) continue;
      if (ignoreFile === null) {
        ctx.report({ messageId: 'noIgnoreFile', data, start: source.start, end: source.end });
        continue;
      }
      ctx.report({ messageId: 'notExcluded', data: { ...data, file: ignoreFile.name, missing: missing.join(' and ') }, start: source.start, end: source.end });
    }
  },
});
