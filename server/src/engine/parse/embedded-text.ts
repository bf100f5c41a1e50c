// Text embedded in another language (pod YAML in a Groovy string, TOML in a YAML block scalar) is read
// from a copy of the whole file in which everything else is blank: the embedded text keeps its offsets,
// lines and columns, so every range read from it is a range of the file.

/** The file's characters with only `range` kept and everything else a space; line breaks stay. */
export function blankOutside(text: string, range: { start: number; end: number }): string[] {
  const out: string[] = new Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    out[i] = c === '\n' || c === '\r' || (i >= range.start && i < range.end) ? c : ' ';
  }
  return out;
}
