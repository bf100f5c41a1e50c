// Go-template actions (`{{ … }}`, as in Helm chart templates) masked out of YAML so that the YAML
// around them can be parsed and checked. Every offset and line break is kept: an action inside a
// value becomes a placeholder scalar of the same length, a line holding only actions (`{{- if … }}`,
// `{{- end }}`, `{{- include … | nindent 4 }}`) becomes blank, so a finding's range in the masked
// text is its range in the file. A line that cannot be masked safely (control actions mixed with
// YAML, an action that spans lines holding YAML, an unclosed action) is blanked and reported.
// `${{ … }}` (GitHub Actions and Azure Pipelines expressions) is not a Go-template action.

export interface SkippedTemplateLine {
  /** The first skipped line's range (without its line break) and its 0-based number. */
  start: number;
  end: number;
  line: number;
  reason: 'control' | 'multiline' | 'unclosed';
}

export interface MaskedTemplate {
  text: string;
  skipped: SkippedTemplateLine[];
}

interface Action {
  start: number;
  end: number;
  control: boolean;
}

/** A closing `}}` further than this from its `{{` (or past this many line breaks) counts as missing. */
const MAX_ACTION_LENGTH = 4000;
const MAX_ACTION_LINES = 20;
const CONTROL = /^\{\{-?\s*(?:if\b|else\b|end\b|range\b|with\b|define\b|block\b|template\b|break\b|continue\b|\/\*|\$[A-Za-z0-9_]*\s*:?=)/;

/** Whether the text holds a Go-template action (a `{{` not written as `${{`). */
export function hasTemplateActions(text: string): boolean {
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) if (text[i - 1] !== '$') return true;
  return false;
}

/**
 * Whether some action stands where YAML would read structure rather than scalar text: at the start
 * of a line or a value (`key: {{ … }}`, `- {{ … }}`, `[{{ … }}]`), where `{{` reads as a flow mapping.
 * When every action sits inside a scalar (`"{{ … }}"`, `app-{{ … }}`), the text parses as it is.
 */
export function actionsOutsideScalars(text: string): boolean {
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) {
    if (text[i - 1] === '$') continue;
    let j = i - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    const c = j < 0 ? '\n' : text[j];
    if (c === '\n' || c === '\r' || c === '[' || c === ',' || c === '{') return true;
    if (j < i - 1 && (c === ':' || c === '-' || c === '?')) return true;
  }
  return false;
}

export function maskTemplates(text: string): MaskedTemplate {
  const actions: Action[] = [];
  const unclosed: number[] = [];
  // The first `}}` at or after the last search start: reused while it lies ahead, so a run of `{{`
  // with no close costs one scan rather than one per `{{`.
  let nextClose = -2;
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i)) {
    if (text[i - 1] === '$') {
      i += 2;
      continue;
    }
    if (nextClose !== -1 && nextClose < i + 2) nextClose = text.indexOf('}}', i + 2);
    const close = nextClose;
    const body = close < 0 ? '' : text.slice(i, close + 2);
    if (close < 0 || close - i > MAX_ACTION_LENGTH || countLines(body) > MAX_ACTION_LINES) {
      unclosed.push(i);
      const lineEnd = text.indexOf('\n', i);
      i = lineEnd < 0 ? text.length : lineEnd;
      continue;
    }
    actions.push({ start: i, end: close + 2, control: CONTROL.test(body) });
    i = close + 2;
  }
  const out = text.split('');
  const skipped: SkippedTemplateLine[] = [];
  const blankRange = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  const lineStartOf = (at: number) => text.lastIndexOf('\n', at - 1) + 1;
  const lineEndOf = (at: number) => {
    const e = text.indexOf('\n', at);
    return e < 0 ? text.length : e;
  };
  const note = (start: number, reason: SkippedTemplateLine['reason']) => {
    let end = lineEndOf(start);
    if (end > start && text[end - 1] === '\r') end--;
    skipped.push({ start, end, line: -1, reason });
  };

  // Segments: runs of lines joined by actions that span line breaks.
  let a = 0;
  let u = 0;
  while (a < actions.length || u < unclosed.length) {
    const nextUnclosed = u < unclosed.length ? unclosed[u] : Infinity;
    const nextAction = a < actions.length ? actions[a].start : Infinity;
    const segStart = lineStartOf(Math.min(nextUnclosed, nextAction));
    let segEnd = lineEndOf(Math.min(nextUnclosed, nextAction));
    const inSegment: Action[] = [];
    let open = false;
    for (;;) {
      if (u < unclosed.length && unclosed[u] < segEnd) {
        open = true;
        u++;
        continue;
      }
      if (a < actions.length && actions[a].start < segEnd) {
        const action = actions[a++];
        inSegment.push(action);
        if (action.end > segEnd) segEnd = lineEndOf(action.end);
        continue;
      }
      break;
    }
    if (open) {
      blankRange(segStart, segEnd);
      note(segStart, 'unclosed');
      continue;
    }
    let residual = '';
    let at = segStart;
    for (const action of inSegment) {
      residual += text.slice(at, action.start);
      at = action.end;
    }
    residual += text.slice(at, segEnd);
    const content = residual.trim();
    if (content === '') {
      blankRange(segStart, segEnd);
      continue;
    }
    const multiline = text.slice(segStart, segEnd).includes('\n');
    const comment = content.startsWith('#');
    if (!comment && (multiline || inSegment.some((x) => x.control))) {
      blankRange(segStart, segEnd);
      note(segStart, multiline ? 'multiline' : 'control');
      continue;
    }
    for (const action of inSegment) {
      for (let k = action.start; k < action.end; k++) out[k] = text[k] === '\n' || text[k] === '\r' ? text[k] : '_';
      // `key:{{- … }}` (the action trims the blank before it) must not glue the placeholder to the
      // indicator: `key:____` would be one plain scalar.
      const before = text[action.start - 1];
      const trims = text[action.start + 2] === '-';
      if (trims && (before === ':' || (before === '-' && text.slice(segStart, action.start - 1).trim() === ''))) out[action.start] = ' ';
    }
  }
  // Line numbers in one pass (the skipped lines are in text order).
  let line = 0;
  let counted = 0;
  for (const s of skipped) {
    line += countLines(text.slice(counted, s.start));
    counted = s.start;
    s.line = line;
  }
  return { text: out.join(''), skipped };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
