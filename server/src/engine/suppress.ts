// Inline suppressions. Ours:
//   # daemonless ignore=<id>[,<id>] [-- reason]   on the comment line(s) directly above, or at the end of the line
//   # daemonless ignore-file=<id>[,<id>]           anywhere in the file
// and, for users migrating in, hadolint's `# hadolint ignore=DLxxxx` / `# hadolint global ignore=DLxxxx`,
// mapped to our Dockerfile rules through each rule's `docs.hadolint` list.
// A line pragma covers the line below it; in YAML it also covers everything nested under that line
// (a pragma above a job covers the whole job), in a Dockerfile the whole instruction.
import { dialectsFor } from './dialects/index.js';
import type { ParsedFile } from './parsed-file.js';
import type { Edit, Finding, RuleMeta } from './types.js';

/** How pragmas are read in files whose comments start with `prefix` (the file's dialect says which). */
interface CommentSyntax {
  prefix: string;
  ours: RegExp;
  hadolint: RegExp;
  commentLine: RegExp;
}

const syntaxes = new Map<string, CommentSyntax>();

function commentSyntax(file: ParsedFile): CommentSyntax {
  const prefix = dialectsFor(file.kind)[0]?.comment ?? '#';
  let syntax = syntaxes.get(prefix);
  if (!syntax) {
    const p = prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    syntax = {
      prefix,
      ours: new RegExp(`${p}\\s*daemonless\\s+(ignore|ignore-file)=([A-Za-z0-9_,-]+)`),
      hadolint: new RegExp(`${p}\\s*hadolint\\s+(global\\s+)?ignore=([A-Za-z0-9_, ]+)`),
      commentLine: new RegExp(`^\\s*${p}`),
    };
    syntaxes.set(prefix, syntax);
  }
  return syntax;
}

interface Pragmas {
  file: Set<string>;
  /** 0-based line → rule ids suppressed on that line (already moved from the comment to its target). */
  lines: Map<number, Set<string>>;
}


function isBlank(line: string): boolean {
  return /^\s*$/.test(line);
}

function idsFrom(list: string, hadolint: boolean, hadolintMap: Map<string, string[]>): string[] {
  const raw = list.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
  if (!hadolint) return raw;
  return raw.flatMap((code) => hadolintMap.get(code.toUpperCase()) ?? []);
}

function collectPragmas(file: ParsedFile, hadolintMap: Map<string, string[]>): Pragmas {
  const pragmas: Pragmas = { file: new Set(), lines: new Map() };
  const text = file.text;
  if (!text.includes('daemonless') && !text.includes('hadolint')) return pragmas;
  const lines = file.lines;
  const syntax = commentSyntax(file);
  const isCommentLine = (line: string) => syntax.commentLine.test(line);
  const add = (line: number, ids: string[]) => {
    let set = pragmas.lines.get(line);
    if (!set) pragmas.lines.set(line, (set = new Set()));
    for (const id of ids) set.add(id);
  };
  for (let n = 0; n < lines.lineCount; n++) {
    const line = lines.lineText(n);
    if (!line.includes(syntax.prefix)) continue;
    const ours = syntax.ours.exec(line);
    const theirs = ours ? null : syntax.hadolint.exec(line);
    if (!ours && !theirs) continue;
    const ids = ours ? idsFrom(ours[2], false, hadolintMap) : idsFrom(theirs![2], true, hadolintMap);
    const fileWide = ours ? ours[1] === 'ignore-file' : Boolean(theirs![1]);
    if (fileWide) {
      for (const id of ids) pragmas.file.add(id);
      continue;
    }
    if (!isCommentLine(line)) {
      add(n, ids); // trailing pragma: covers its own line
      continue;
    }
    // A comment-line pragma covers the first line below its comment block.
    let target = n + 1;
    while (target < lines.lineCount && (isCommentLine(lines.lineText(target)) || isBlank(lines.lineText(target)))) {
      if (isBlank(lines.lineText(target))) break;
      target++;
    }
    if (target < lines.lineCount && !isBlank(lines.lineText(target))) add(target, ids);
  }
  return pragmas;
}

function indentOf(line: string): number {
  const m = /^( *)(- )?/.exec(line)!;
  // A sequence item is nested under a key at the same column: count its dash as half a step deeper.
  return m[1].length + (m[2] ? 0.5 : 0);
}

/** The lines whose pragmas can cover a finding that starts on `line`. */
function coveringLines(file: ParsedFile, line: number, dockerInstructionStarts: number[] | undefined): number[] {
  const result = [line];
  if (dockerInstructionStarts) {
    let owner = -1;
    for (const start of dockerInstructionStarts) if (start <= line) owner = start;
    if (owner >= 0 && owner !== line) result.push(owner);
    return result;
  }
  if (file.kind === 'dockerfile') return result;
  const lines = file.lines;
  const comment = commentSyntax(file).commentLine;
  let indent = indentOf(lines.lineText(line));
  for (let n = line - 1; n >= 0 && indent > 0; n--) {
    const text = lines.lineText(n);
    if (isBlank(text) || comment.test(text)) continue;
    if (/^(---|\.\.\.)\s*$/.test(text)) break;
    const i = indentOf(text);
    if (i < indent) {
      result.push(n);
      indent = i;
    }
  }
  return result;
}

export function applySuppressions(file: ParsedFile, findings: Finding[], rules: readonly RuleMeta[]): Finding[] {
  if (findings.length === 0) return findings;
  // Most files have no pragma at all: skip building the hadolint map for them.
  if (!file.text.includes('daemonless') && !file.text.includes('hadolint')) return findings;
  const hadolintMap = new Map<string, string[]>();
  for (const rule of rules) {
    for (const code of rule.docs.hadolint ?? []) {
      const list = hadolintMap.get(code) ?? [];
      list.push(rule.id);
      hadolintMap.set(code, list);
    }
  }
  const pragmas = collectPragmas(file, hadolintMap);
  if (pragmas.file.size === 0 && pragmas.lines.size === 0) return findings;
  const instructionStarts =
    file.kind === 'dockerfile' ? file.dockerfile.getInstructions().map((i) => i.getRange().start.line) : undefined;
  return findings.filter((finding) => {
    if (pragmas.file.has(finding.ruleId)) return false;
    const line = file.lines.positionAt(finding.start).line;
    for (const n of coveringLines(file, line, instructionStarts)) {
      if (pragmas.lines.get(n)?.has(finding.ruleId)) return false;
    }
    return true;
  });
}

/**
 * The edit that suppresses one finding on its line: a pragma comment inserted above the line where
 * the finding starts (above the instruction, for a Dockerfile), at that line's indentation.
 */
export function suppressionEdit(file: ParsedFile, finding: Finding): Edit {
  const lines = file.lines;
  let line = lines.positionAt(finding.start).line;
  if (file.kind === 'dockerfile') {
    for (const instruction of file.dockerfile.getInstructions()) {
      const range = instruction.getRange();
      if (range.start.line <= line && line <= range.end.line) line = range.start.line;
    }
  }
  const text = lines.lineText(line);
  const indent = /^[ \t]*/.exec(text)![0];
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const start = lines.lineStart(line);
  return { start, end: start, text: `${indent}${commentSyntax(file).prefix} daemonless ignore=${finding.ruleId}${eol}` };
}
