// Where a `USER <uid>` line goes for the findings that say the image runs as root (df-missing-user,
// df-user-root). No tool can know which uid an image has, so this is not a fix: editors offer it as a
// snippet whose uid the user types. The engine only says where the line goes, checked the way a fix is:
// the file still parses and the finding is gone once a uid is in place.
import { dockerfileModel, effectiveUser } from '../model/dockerfile.js';
import { ParsedFile } from '../parsed-file.js';
import { lintFile } from '../runner.js';
import { findRule } from '../registry.js';
import type { Finding, LintOptions, SourceFile } from '../types.js';

export const USER_LINE_RULES: readonly string[] = ['df-missing-user', 'df-user-root'];

/** Insert `before + "USER <uid>" + after` at `offset` (whole-file UTF-16 offset). */
export interface UserLinePlace {
  offset: number;
  before: string;
  after: string;
}

// The uid used only to check the place; the editor's snippet leaves the choice to the user.
const PROBE_UID = '10001';

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The place for a USER line in the final stage: before its first CMD or ENTRYPOINT that comes after
 * every RUN (a USER above a RUN would change who runs it) and after the root USER the finding is about;
 * else at the end of the file (the final stage is the last one). Undefined for other findings, or when
 * the check fails.
 */
export function userLinePlace(source: SourceFile, finding: Pick<Finding, 'ruleId' | 'start' | 'end'>, options: LintOptions = {}): UserLinePlace | undefined {
  if (!USER_LINE_RULES.includes(finding.ruleId)) return undefined;
  const file = new ParsedFile(source, 'dockerfile');
  const final = dockerfileModel(file).finalStage;
  if (!final) return undefined;
  const text = file.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let after = final.fromRange.end;
  for (const run of final.runs) after = Math.max(after, run.range.end);
  const user = effectiveUser(final);
  if (user && final.users.includes(user)) after = Math.max(after, user.range.end);

  let place: UserLinePlace | undefined;
  for (const instruction of file.dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT') continue;
    const start = file.lines.offsetAt(instruction.getRange().start);
    if (start < after) continue;
    // Above the comment lines directly over the instruction, which belong to it.
    let at = lineStartOf(text, start);
    while (at > 0) {
      const prev = lineStartOf(text, at - 1);
      if (!/^\s*#/.test(text.slice(prev, at))) break;
      at = prev;
    }
    const indent = /^[ \t]*/.exec(text.slice(lineStartOf(text, start)))![0];
    place = { offset: at, before: indent, after: eol };
    break;
  }
  place ??= text === '' || text.endsWith('\n') ? { offset: text.length, before: '', after: eol } : { offset: text.length, before: eol, after: eol };

  // The check: with a uid in place the file parses as before and the rule no longer fires.
  const probed = text.slice(0, place.offset) + place.before + `USER ${PROBE_UID}` + place.after + text.slice(place.offset);
  const rule = findRule(finding.ruleId);
  if (!rule) return undefined;
  const result = lintFile({ path: source.path, text: probed }, options, [rule]);
  if (result.findings.some((f) => f.ruleId === finding.ruleId)) return undefined;
  const stages = (t: string) => dockerfileModel(new ParsedFile({ path: source.path, text: t }, 'dockerfile')).stages.length;
  if (stages(probed) !== stages(text)) return undefined;
  return place;
}
