// A `.dockerignore` file read the way BuildKit reads it (moby/patternmatcher and its ignorefile
// reader): one pattern per line, `#` lines are comments, blanks trimmed, `!` re-includes, a leading
// `/` is dropped and each pattern is cleaned like a path; `*` and `?` stay within a path segment, `**`
// spans any number of segments. The last pattern that matches a path, or one of its parent folders,
// decides whether it is excluded.

export interface IgnorePattern {
  /** The pattern as cleaned (without `!`). */
  pattern: string;
  /** A `!` pattern: it re-includes what earlier patterns excluded. */
  reinclude: boolean;
  regex: RegExp;
}

/** `path.Clean` for forward-slash paths: no empty or `.` segments, `..` folded where it can be. */
function cleanPath(path: string): string {
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !rooted) out.push(part);
  }
  const joined = out.join('/');
  return rooted ? '/' + joined : joined || '.';
}

const REGEX_SPECIAL = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/** The pattern as a regular expression over a whole forward-slash path (patternmatcher's compile). */
function compile(pattern: string): RegExp {
  let out = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') {
      if (chars[i + 1] === '*') {
        i++;
        // `**/` is `**`; a trailing `**` takes everything, as in .gitignore.
        if (chars[i + 1] === '/') i++;
        out += i + 1 >= chars.length ? '.*' : '(.*/)?';
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '\\') {
      if (i + 1 < chars.length) out += '\\' + chars[++i];
      else out += '\\\\';
    } else if (REGEX_SPECIAL.has(c)) {
      out += '\\' + c;
    } else {
      out += c;
    }
  }
  try {
    return new RegExp(out + '$');
  } catch {
    // A malformed character class: BuildKit fails the build on it; here it matches nothing.
    return /(?!)/;
  }
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const reinclude = pattern.startsWith('!');
    if (reinclude) pattern = pattern.slice(1).trim();
    if (pattern !== '') {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push({ pattern, reinclude, regex: compile(pattern) });
  }
  return patterns;
}

/**
 * Whether a path of the build context (forward slashes, relative to the context root) is excluded:
 * the last pattern that matches it or one of its parent folders decides (MatchesOrParentMatches).
 */
export function isIgnored(patterns: readonly IgnorePattern[], path: string): boolean {
  const parts = path.split('/');
  const parents = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
  let matched = false;
  for (const p of patterns) {
    // An exclusion cannot change an excluded path, nor a re-inclusion an included one.
    if (p.reinclude !== matched) continue;
    if (p.regex.test(path) || parents.some((parent) => p.regex.test(parent))) matched = !p.reinclude;
  }
  return matched;
}
