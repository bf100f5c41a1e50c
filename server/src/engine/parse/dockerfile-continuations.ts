// Where each character of a joined Dockerfile instruction came from. The model hands rules RUN text
// with line continuations joined (joinContinuations); a rule that reports a word or inserts a flag
// needs the offset of that word in the file, so the same join can keep, for every character of the
// joined text, its offset in the raw text.
import type { ShellScript } from '../model/dockerfile.js';

export interface JoinedText {
  text: string;
  /** offsets[i] is the offset in the raw text of text[i]; offsets[text.length] is the end. */
  offsets: number[];
}

/**
 * The pieces a continued instruction is joined from, the way BuildKit joins them: the escape
 * character (and trailing blanks) at a line end joins the next line; comment and empty lines inside
 * the instruction are dropped. Each piece comes with its offset in `raw`; the walk stops after the
 * first line that is not continued.
 */
function eachPiece(raw: string, escape: string, piece: (rawStart: number, text: string) => void): void {
  // Line by line with indexOf rather than split: RUN bodies are most of a Dockerfile's text.
  for (let start = 0, n = 0; start <= raw.length; n++) {
    const newline = raw.indexOf('\n', start);
    const stop = newline < 0 ? raw.length : newline;
    const lineStart = start;
    let line = raw.slice(start, stop);
    start = stop + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (n > 0 && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    let end = line.length;
    while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
    const continued = end > 0 && line[end - 1] === escape;
    piece(lineStart, continued ? line.slice(0, end - 1) : line);
    if (!continued) break;
  }
}

/** An instruction's text with its line continuations joined (see eachPiece). */
export function joinContinuations(raw: string, escape: string): string {
  let out = '';
  eachPiece(raw, escape, (_, text) => {
    out += text;
  });
  return out;
}

/** joinContinuations with an offset per character; the same pieces, so the same text. */
export function joinContinuationsMapped(raw: string, escape: string): JoinedText {
  let text = '';
  const offsets: number[] = [];
  let lastEnd = 0;
  eachPiece(raw, escape, (rawStart, piece) => {
    text += piece;
    for (let k = 0; k < piece.length; k++) offsets.push(rawStart + k);
    lastEnd = rawStart + piece.length;
  });
  offsets.push(lastEnd);
  return { text, offsets };
}

/**
 * Maps offsets in a model script's text to offsets in the file, or null when the script is not a
 * plain or joined slice of the file (exec form, whose text is rebuilt from the JSON array).
 */
export function scriptSourceMap(fileText: string, script: ShellScript, escape: string): ((offset: number) => number) | null {
  const raw = fileText.slice(script.range.start, script.range.end);
  if (raw === script.text) return (offset) => script.range.start + offset;
  const joined = joinContinuationsMapped(raw, escape);
  if (joined.text !== script.text) return null;
  return (offset) => script.range.start + joined.offsets[Math.max(0, Math.min(offset, joined.offsets.length - 1))];
}

/** A span of a script mapped to the file: the start of its first and the end of its last character. */
export function mapSpan(map: ((offset: number) => number) | null, script: ShellScript, start: number, end: number): { start: number; end: number } {
  if (!map) return { start: script.range.start, end: script.range.end };
  return { start: map(start), end: end > start ? map(end - 1) + 1 : map(start) };
}
