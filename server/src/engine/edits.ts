// Applying edits to a text: sorted, checked for overlap, applied back to front so offsets hold.
import type { Edit } from './types.js';

export function editsOverlap(edits: readonly Edit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (cur.start < prev.end || (cur.start === prev.start && cur.start === cur.end && prev.start === prev.end)) return true;
  }
  return false;
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (editsOverlap(edits)) throw new Error('overlapping edits');
  // From the end, so earlier offsets stay valid; at one offset the replacement first, so an insertion there lands before it.
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
