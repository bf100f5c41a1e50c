// `dockerfile.target` names the stage that ships in every Dockerfile of the project. A Dockerfile of
// several stages without a stage of that name is judged by its last stage instead, which the adapters
// tell the user: the CLI as a note, the editor as information on the key in .daemonless.json.
import { ParsedFile } from '../engine/index.js';
import { parseJsonTree } from './json-tree.js';

/**
 * Whether a Dockerfile of several stages has none named `target` (compared as Docker does,
 * case-insensitively). A single-stage file is not built with a target, so a project-wide target says
 * nothing about it.
 */
export function missesTarget(text: string, target: string): boolean {
  const froms = new ParsedFile({ path: 'Dockerfile', text }, 'dockerfile').dockerfile.getFROMs();
  const name = target.toLowerCase();
  return froms.length > 1 && !froms.some((f) => f.getBuildStage()?.toLowerCase() === name);
}

/** The offsets of the `dockerfile.target` value in a config file's text (the last one, as JSON.parse reads it). */
export function targetValueRange(text: string): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined;
  try {
    const root = parseJsonTree(text);
    if (root.type !== 'object') return undefined;
    for (const member of root.members) {
      if (member.key !== 'dockerfile' || member.value.type !== 'object') continue;
      for (const option of member.value.members) if (option.key === 'target') found = { start: option.value.start, end: option.value.end };
    }
  } catch {
    return undefined;
  }
  return found;
}
