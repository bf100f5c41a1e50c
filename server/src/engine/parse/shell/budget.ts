// The per-script character cap of the shell layer. The tokenizer is linear, but its tokens and
// bodies cost memory per character, and one hostile script line could hold megabytes: a script
// longer than the cap is analysed up to the cap only. The runner sets the cap for the rules of one
// file (LintOptions.maxScriptLength) and reads back the longest script it had to cut.

export const DEFAULT_MAX_SCRIPT_LENGTH = 100_000;

let limit = DEFAULT_MAX_SCRIPT_LENGTH;
let longestCut = 0;

/** The script as the tokenizer reads it: cut at the cap, which is noted. */
export function cappedScript(text: string): string {
  if (text.length <= limit) return text;
  if (text.length > longestCut) longestCut = text.length;
  return text.slice(0, limit);
}

/** Runs `fn` with the cap set to `max`; returns its result and the length of the longest script cut (0 if none). */
export function withScriptLimit<T>(max: number, fn: () => T): { result: T; longestCut: number } {
  const saved = [limit, longestCut];
  limit = max;
  longestCut = 0;
  try {
    const result = fn();
    return { result, longestCut };
  } finally {
    [limit, longestCut] = saved;
  }
}
