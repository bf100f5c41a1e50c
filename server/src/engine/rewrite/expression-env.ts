// GitHub substitutes `${{ … }}` into a step's text before the shell sees it, so an expression left in
// the builder's script turns attacker-controlled values (branch names, actors, PR titles) into shell code
// and writes secrets into the script. Each expression moves to its own env entry; the script reads it
// as a quoted variable.
import { refused, type Refused } from './refusal.js';

export interface ExpressionEntry {
  name: string;
  /** The expression with its `${{ }}` delimiters, whitespace inside normalized. */
  value: string;
}

export interface MovedExpressions {
  script: string;
  env: ExpressionEntry[];
}


/** Index after the `}}` closing the expression that starts at `i` (at `${{`), or -1 when unterminated. */
export function expressionEnd(s: string, i: number): number {
  for (let j = i + 3; j < s.length; j++) {
    if (s[j] === "'") {
      // Expression strings are single-quoted, `''` escapes a quote.
      j++;
      while (j < s.length && !(s[j] === "'" && s[j + 1] !== "'")) j += s[j] === "'" ? 2 : 1;
      continue;
    }
    if (s[j] === '}' && s[j + 1] === '}') return j + 2;
  }
  return -1;
}

function innerOf(expression: string): string {
  return expression.slice(3, -2).trim();
}

const CONTEXT_PREFIXES = new Set(['secrets', 'vars', 'env']);

/** `secrets.REGISTRY_PASSWORD` → <prefix>REGISTRY_PASSWORD, `github.actor` → <prefix>GITHUB_ACTOR; undefined for anything but a property path. */
function readableName(inner: string, prefix: string): string | undefined {
  if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(inner)) return undefined;
  let parts = inner.split('.');
  if (parts.length === 2 && CONTEXT_PREFIXES.has(parts[0].toLowerCase())) parts = parts.slice(1);
  return prefix + parts.join('_').replace(/-/g, '_').toUpperCase();
}

const SAFE_CHAR = /[A-Za-z0-9_./:@%+=,-]/;
const WORD_END = /[\s;&|()<>]/;

// Where a character sits: unquoted (top level, `$( … )`, backticks, `${ … }` outside quotes) or in
// double quotes (including `${ … }` inside them).
type Context = 'top' | 'subst' | 'backtick' | 'param' | 'double' | 'double-param';
const UNQUOTED = new Set<Context>(['top', 'subst', 'backtick', 'param']);

/**
 * Replaces every `${{ … }}` in a shell script by a reference to an env entry (one per distinct
 * expression), named with `prefix` (Builder.envPrefix). `known` maps expressions already held by
 * env entries to their names; `reserved` names are never generated. Unquoted words made only of
 * expressions and safe characters are double-quoted as a whole; other unquoted expressions are
 * quoted on their own; single-quoted ones close and reopen the quotes. A quoted heredoc containing
 * an expression is refused: no variable expands there.
 */
export function moveExpressions(script: string, known: ReadonlyMap<string, string>, reserved: ReadonlySet<string>, prefix: string): MovedExpressions | Refused {
  const names = new Map<string, string>(known);
  const taken = new Set<string>([...reserved, ...known.values()]);
  for (const m of script.matchAll(new RegExp(`\\b${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\w+`, 'g'))) taken.add(m[0]);
  const env: ExpressionEntry[] = [];
  let fallback = 0;
  const nameFor = (expression: string): string => {
    const inner = innerOf(expression).replace(/\s+/g, ' ');
    const existing = names.get(inner);
    if (existing) return existing;
    let name = readableName(inner, prefix);
    if (name !== undefined && taken.has(name)) {
      let n = 2;
      while (taken.has(`${name}_${n}`)) n++;
      name = `${name}_${n}`;
    }
    while (name === undefined || taken.has(name)) name = `${prefix}EXPR_${++fallback}`;
    taken.add(name);
    names.set(inner, name);
    env.push({ name, value: `\${{ ${inner} }}` });
    return name;
  };
  // `$NAME`, or `${NAME}` when the next character would extend the name.
  const ref = (name: string, next: string | undefined) => (next !== undefined && /\w/.test(next) ? `\${${name}}` : `$${name}`);

  if (!script.includes('${{')) return { script, env };

  let out = '';
  let i = 0;
  const stack: Context[] = ['top'];
  const heredocs: { delimiter: string; quoted: boolean; strip: boolean }[] = [];
  let quotedHeredoc: Refused | undefined;
  const top = () => stack[stack.length - 1];
  const atWordStart = () => i === 0 || WORD_END.test(script[i - 1]);

  /** An unquoted word of safe characters and expressions starting at i: its end, or -1. */
  const simpleWordEnd = (): number => {
    let j = i;
    let expressions = 0;
    while (j < script.length && !WORD_END.test(script[j])) {
      if (script.startsWith('${{', j)) {
        const end = expressionEnd(script, j);
        if (end < 0) return -1;
        expressions++;
        j = end;
        continue;
      }
      if (!SAFE_CHAR.test(script[j])) return -1;
      j++;
    }
    return expressions > 0 ? j : -1;
  };

  const quoteWord = (end: number) => {
    const word = script.slice(i, end);
    const assignment = /^[A-Za-z_]\w*=/.exec(word)?.[0] ?? '';
    let body = '';
    for (let j = assignment.length; j < word.length; ) {
      if (word.startsWith('${{', j)) {
        const e = expressionEnd(word, j);
        body += ref(nameFor(word.slice(j, e)), word[e]);
        j = e;
      } else body += word[j++];
    }
    out += `${assignment}"${body}"`;
    i = end;
  };

  const readHeredocBodies = () => {
    for (const h of heredocs) {
      while (i < script.length) {
        let lineEnd = script.indexOf('\n', i);
        if (lineEnd < 0) lineEnd = script.length;
        const line = script.slice(i, lineEnd);
        const bare = (h.strip ? line.replace(/^\t+/, '') : line).replace(/\r$/, '');
        if (bare !== h.delimiter && line.includes('${{')) {
          if (h.quoted) {
            quotedHeredoc = refused(`a quoted heredoc (<<'${h.delimiter}') contains a \${{ }} expression`);
            return;
          }
          out += replaceAll(line, (expr, next) => ref(nameFor(expr), next));
        } else out += line;
        i = Math.min(lineEnd + 1, script.length);
        if (lineEnd < script.length) out += '\n';
        if (bare === h.delimiter) break;
      }
    }
    heredocs.length = 0;
  };

  while (i < script.length) {
    const c = script[i];
    const context = top();
    const unquoted = UNQUOTED.has(context);
    if (script.startsWith('${{', i)) {
      const end = expressionEnd(script, i);
      if (end < 0) { out += script.slice(i); break; }
      if (unquoted) {
        const wordEnd = context !== 'param' && atWordStart() ? simpleWordEnd() : -1;
        if (wordEnd >= 0) { quoteWord(wordEnd); continue; }
        out += `"${ref(nameFor(script.slice(i, end)), undefined)}"`;
      } else {
        out += ref(nameFor(script.slice(i, end)), script[end]);
      }
      i = end;
      continue;
    }
    // GitHub substitutes after a backslash too; the escape would only apply to the value's first character.
    if (c === '\\' && script.startsWith('${{', i + 1)) { i++; continue; }
    if (c === '\\') { out += script.slice(i, i + 2); i += 2; continue; }
    if (unquoted) {
      if (c === '#' && context !== 'param' && atWordStart()) {
        const nl = script.indexOf('\n', i);
        const end = nl < 0 ? script.length : nl;
        out += replaceAll(script.slice(i, end), (expr, next) => ref(nameFor(expr), next));
        i = end;
        continue;
      }
      if (context !== 'param' && atWordStart()) {
        const wordEnd = simpleWordEnd();
        if (wordEnd >= 0) { quoteWord(wordEnd); continue; }
      }
      if (c === "'") {
        const close = script.indexOf("'", i + 1);
        const end = close < 0 ? script.length : close + 1;
        // Closed around the variable and reopened; the empty '' left at either end is dropped.
        const quoted = replaceAll(script.slice(i, end), (expr) => `'"${ref(nameFor(expr), undefined)}"'`);
        out += quoted.replace(/^''(?=")/, '').replace(/(?<=")''$/, '');
        i = end;
        continue;
      }
      if (c === '<' && context === 'top' && script.startsWith('<<', i) && !script.startsWith('<<<', i)) {
        const strip = script[i + 2] === '-';
        let j = i + (strip ? 3 : 2);
        while (script[j] === ' ' || script[j] === '\t') j++;
        let k = j;
        while (k < script.length && !WORD_END.test(script[k])) k++;
        const word = script.slice(j, k);
        heredocs.push({ delimiter: word.replace(/['"\\]/g, ''), quoted: /['"\\]/.test(word), strip });
        out += script.slice(i, k);
        i = k;
        continue;
      }
      if (c === '\n' && context === 'top' && heredocs.length > 0) {
        out += c;
        i++;
        readHeredocBodies();
        if (quotedHeredoc) return quotedHeredoc;
        continue;
      }
    }
    out += c;
    i++;
    if (c === '"') {
      if (context === 'double') stack.pop();
      else stack.push('double');
    } else if (c === '`') {
      if (context === 'backtick') stack.pop();
      else stack.push('backtick');
    } else if (c === '$' && script[i] === '(') {
      out += '(';
      i++;
      stack.push('subst');
    } else if (c === '$' && script[i] === '{') {
      out += '{';
      i++;
      stack.push(unquoted ? 'param' : 'double-param');
    } else if (c === '(' && context === 'subst') {
      stack.push('subst');
    } else if ((c === ')' && context === 'subst') || (c === '}' && (context === 'param' || context === 'double-param'))) {
      stack.pop();
    }
  }
  return { script: out, env };
}

/** Replaces each `${{ … }}` of a span (a comment, a single-quoted string, a heredoc line). */
function replaceAll(span: string, replacement: (expression: string, next: string | undefined) => string): string {
  let out = '';
  let j = 0;
  while (j < span.length) {
    const at = span.indexOf('${{', j);
    if (at < 0) break;
    const end = expressionEnd(span, at);
    if (end < 0) break;
    out += span.slice(j, at) + replacement(span.slice(at, end), span[end]);
    j = end;
  }
  return out + span.slice(j);
}
