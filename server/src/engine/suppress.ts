// Inline suppressions. Ours:
//   # daemonless ignore=<id>[,<id>] [-- reason]   on the comment line(s) directly above, or at the end of the line
//   # daemonless ignore-file=<id>[,<id>]           anywhere in the file
// and, for teams migrating in, other tools' pragmas, mapped to our rules through equivalents.ts:
//   hadolint   `# hadolint ignore=DL3002` (the instruction on the next line), `# hadolint global ignore=…` (the file)
//   Checkov    `#checkov:skip=CKV_…[:reason]` (a Dockerfile: the file; YAML: its `---` document), and
//              `checkov.io/skip<N>: CKV_…[=reason]` annotations (that Kubernetes object)
//   Trivy      `#trivy:ignore:<ID>[:exp:YYYY-MM-DD]` (like ours: the line below, or its own line; above the
//              first key of a YAML document: the document)
//   kube-linter `ignore-check.kube-linter.io/<check>` and `kube-linter.io/ignore-all` annotations (that object)
//   BuildKit   `# check=skip=<Name>[,<Name>]|all` as a parser directive at the top of a Dockerfile (the file)
// A line pragma covers the line below it; in YAML it also covers everything nested under that line
// (a pragma above a job covers the whole job), in a Dockerfile the whole instruction.
import { dialectsFor } from './dialects/index.js';
import {
  canonicalTrivyId,
  peerCovers,
  PEER_TOOLS,
  rulesForPeer,
  rulesWithPeers,
  type Peer,
  type PeerMatch,
  type PeerTool,
} from './equivalents.js';
import { metadataEntries } from './model/k8s/pod-spec.js';
import { AliasBudget, isMap, mapGet, nodeRange, scalarString, seqItems, type YamlNode } from './parse/yaml.js';
import type { ParsedFile } from './parsed-file.js';
import type { Edit, Finding, SuppressedBy } from './types.js';

/** One suppression of one rule: ours covers all its findings, a peer's only those its entry covers. */
interface Entry {
  by: SuppressedBy;
  ruleId: string;
  peer?: Peer;
}

interface Pragmas {
  file: Entry[];
  /** 0-based line → suppressions on that line (already moved from the comment to its target). */
  lines: Map<number, Entry[]>;
  /** Offset ranges (a `---` document, a Kubernetes object) and their suppressions. */
  ranges: { start: number; end: number; entries: Entry[] }[];
}

const HADOLINT = /^\s*#\s*hadolint\s+(global\s+)?ignore=([A-Za-z0-9_, ]+)/;
const CHECKOV = /(?:checkov|bridgecrew):skip=\s*([A-Za-z0-9_]+)/g;
const TRIVY = /trivy:ignore:([A-Za-z0-9_-]+)((?::[a-z]+:[^\s:#]+)*)/gi;
const DIRECTIVE = /^\s*#\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/;
const CHECKOV_ANNOTATION = /^checkov\.io\/skip\d+$/;
const KUBE_LINTER_CHECK = 'ignore-check.kube-linter.io/';
const KUBE_LINTER_ALL = 'kube-linter.io/ignore-all';
/** Cheap test for a file that may hold any pragma at all; most hold none. */
const ANY_PRAGMA = /daemonless|hadolint|checkov|bridgecrew|trivy|kube-linter\.io|^\s*#\s*check\s*=/im;

const RANK: Record<SuppressedBy, number> = Object.fromEntries(
  (['daemonless', ...PEER_TOOLS] as SuppressedBy[]).map((by, i) => [by, i]),
) as Record<SuppressedBy, number>;

function isBlank(line: string): boolean {
  return /^\s*$/.test(line);
}

/** How comments are written in a file: the dialect's prefix and the patterns built from it. */
interface CommentSyntax {
  prefix: '#' | '//';
  line: RegExp;
  trailing: RegExp;
  /** Our own pragma, `# daemonless ignore=…` (or `// daemonless …`). */
  ours: RegExp;
}

const COMMENT_SYNTAX: Record<CommentSyntax['prefix'], CommentSyntax> = {
  '#': { prefix: '#', line: /^\s*#/, trailing: /(^|\s)#/, ours: /#\s*daemonless\s+(ignore|ignore-file)=([A-Za-z0-9_,-]+)/ },
  '//': { prefix: '//', line: /^\s*\/\//, trailing: /(^|\s)\/\//, ours: /\/\/\s*daemonless\s+(ignore|ignore-file)=([A-Za-z0-9_,-]+)/ },
};

/** The comment syntax of a file of this kind (its dialect says: `#`, or `//` in a Jenkinsfile). */
function commentSyntax(kind: ParsedFile['kind']): CommentSyntax {
  return COMMENT_SYNTAX[dialectsFor(kind)[0]?.comment ?? '#'];
}

/** The part of a line that is a comment: all of a comment line, else from a ` #` (or ` //`) on. */
function commentPart(line: string, syntax: CommentSyntax, dockerfile: boolean): string | undefined {
  if (syntax.line.test(line)) return line;
  if (dockerfile) return undefined; // `#` inside an instruction is not a comment
  const m = syntax.trailing.exec(line);
  return m ? line.slice(m.index) : undefined;
}

function ourIds(list: string): Entry[] {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((ruleId) => ({ by: 'daemonless' as const, ruleId }));
}

function peerEntries(tool: PeerTool, ids: Iterable<string>): Entry[] {
  const out: Entry[] = [];
  for (const id of ids) for (const m of rulesForPeer(tool, id)) out.push({ by: tool, ruleId: m.ruleId, peer: m.peer });
  return out;
}

function allEntries(tool: PeerTool): Entry[] {
  return rulesWithPeers(tool).map((m: PeerMatch) => ({ by: tool, ruleId: m.ruleId, peer: m.peer }));
}

/** A Trivy pragma's `exp:YYYY-MM-DD` has passed: Trivy stops honouring it the day after. */
function expired(params: string, today: string): boolean {
  const exp = /:exp:(\d{4}-\d{2}-\d{2})/i.exec(params);
  return exp !== null && exp[1] < today;
}

/** Start offsets of the `---` documents of a YAML text (the first starts at 0). */
function documentBounds(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/^---(?=[ \t\r\n]|$)/gm)) if (m.index! > 0) starts.push(m.index!);
  return starts;
}

function collectPragmas(file: ParsedFile, today: string): Pragmas {
  const pragmas: Pragmas = { file: [], lines: new Map(), ranges: [] };
  const lines = file.lines;
  const syntax = commentSyntax(file.kind);
  const isCommentLine = (line: string) => syntax.line.test(line);
  const dockerfile = file.kind === 'dockerfile';
  const add = (line: number, entries: Entry[]) => {
    if (entries.length === 0) return;
    const list = pragmas.lines.get(line);
    if (list) list.push(...entries);
    else pragmas.lines.set(line, entries);
  };
  const bounds = dockerfile ? [] : documentBounds(file.text);
  const documentOf = (offset: number) => {
    let i = bounds.length - 1;
    while (i > 0 && bounds[i] > offset) i--;
    return { start: bounds[i], end: i + 1 < bounds.length ? bounds[i + 1] : file.text.length };
  };
  /**
   * A comment-line pragma covers the first line below its comment block, a trailing one its own line.
   * With `wholeDocument`, one above the first key of a YAML document covers the document (the object),
   * as Trivy reads a pragma at the top of a Kubernetes manifest.
   */
  const addBelow = (n: number, line: string, entries: Entry[], wholeDocument = false) => {
    if (entries.length === 0) return;
    if (!isCommentLine(line)) return add(n, entries);
    let target = n + 1;
    while (target < lines.lineCount && isCommentLine(lines.lineText(target))) target++;
    if (target >= lines.lineCount || isBlank(lines.lineText(target))) return;
    if (wholeDocument && !dockerfile && indentOf(lines.lineText(target)) === 0 && isFirstKey(target)) {
      pragmas.ranges.push({ ...documentOf(lines.lineStart(target)), entries });
    } else {
      add(target, entries);
    }
  };
  /** Whether only blank lines, comments and the `---` marker come before this line in its document. */
  const isFirstKey = (target: number) => {
    const { start } = documentOf(lines.lineStart(target));
    for (let m = lines.positionAt(start).line; m < target; m++) {
      const text = lines.lineText(m);
      if (!isBlank(text) && !isCommentLine(text) && !/^---(\s|$)/.test(text)) return false;
    }
    return !/^---(\s|$)/.test(lines.lineText(target));
  };

  let directives = dockerfile;
  const seenDirectives = new Set<string>();
  for (let n = 0; n < lines.lineCount; n++) {
    const line = lines.lineText(n);
    if (directives) {
      // BuildKit reads parser directives only before the first blank line, comment or instruction.
      const d = DIRECTIVE.exec(line);
      const key = d?.[1].toLowerCase();
      if (d && (key === 'syntax' || key === 'escape' || key === 'check') && !seenDirectives.has(key)) {
        seenDirectives.add(key);
        if (key === 'check') pragmas.file.push(...buildkitSkips(d[2]));
        continue;
      }
      directives = false;
    }
    if (!line.includes(syntax.prefix)) continue;

    // Ours is read anywhere on the line, a Dockerfile instruction's end included, as it always was.
    const ours = syntax.ours.exec(line);
    if (ours) {
      if (ours[1] === 'ignore-file') pragmas.file.push(...ourIds(ours[2]));
      else addBelow(n, line, ourIds(ours[2]));
      continue;
    }
    const comment = commentPart(line, syntax, dockerfile);
    if (comment === undefined) continue;
    if (dockerfile) {
      const hadolint = HADOLINT.exec(line);
      if (hadolint) {
        const entries = peerEntries('hadolint', hadolint[2].split(/[,\s]+/).filter(Boolean));
        // hadolint applies a pragma to the very next line only, which must be the instruction.
        if (hadolint[1]) pragmas.file.push(...entries);
        else if (n + 1 < lines.lineCount && !isBlank(lines.lineText(n + 1)) && !isCommentLine(lines.lineText(n + 1))) add(n + 1, entries);
        continue;
      }
    }
    const checkov = [...comment.matchAll(CHECKOV)].map((m) => m[1]);
    if (checkov.length > 0) {
      const entries = peerEntries('checkov', checkov);
      if (dockerfile) pragmas.file.push(...entries);
      else if (entries.length > 0) pragmas.ranges.push({ ...documentOf(lines.lineStart(n)), entries });
    }
    const trivy = [...comment.matchAll(TRIVY)].filter((m) => !expired(m[2] ?? '', today)).map((m) => canonicalTrivyId(m[1]));
    if (trivy.length > 0) addBelow(n, line, peerEntries('trivy', trivy), true);
  }
  if (file.kind === 'k8s' && /checkov\.io\/skip|kube-linter\.io\//.test(file.text)) annotationPragmas(file, pragmas);
  return pragmas;
}

/** `skip=A,B` or `skip=all` in a BuildKit `check` directive (`;error=true` and the like ignored). */
function buildkitSkips(value: string): Entry[] {
  const out: Entry[] = [];
  for (const part of value.split(';')) {
    const m = /^\s*skip\s*=\s*(.*)$/i.exec(part);
    if (!m) continue;
    const names = m[1].split(',').map((s) => s.trim()).filter(Boolean);
    out.push(...(names.includes('all') ? allEntries('buildkit') : peerEntries('buildkit', names)));
  }
  return out;
}

const MAX_LIST_DEPTH = 4;

/** Checkov's and kube-linter's annotations on each Kubernetes object (List items included). */
function annotationPragmas(file: ParsedFile, pragmas: Pragmas): void {
  for (const doc of file.yaml.documents) {
    const budget = new AliasBudget();
    const visit = (root: unknown, depth: number) => {
      if (!isMap(root) || depth > MAX_LIST_DEPTH) return;
      const get = (node: unknown, key: string) => mapGet(doc, node, key, budget)?.value as YamlNode | undefined;
      if (scalarString(get(root, 'kind'))?.endsWith('List')) {
        for (const item of seqItems(doc, get(root, 'items'), budget)) visit(item, depth + 1);
        return;
      }
      const range = nodeRange(root as YamlNode);
      if (!range) return;
      const entries: Entry[] = [];
      for (const a of metadataEntries(doc, get(get(root, 'metadata'), 'annotations'), budget)) {
        if (CHECKOV_ANNOTATION.test(a.key) && a.value) {
          entries.push(...peerEntries('checkov', [a.value.split('=')[0].trim()]));
        } else if (a.key.startsWith(KUBE_LINTER_CHECK)) {
          entries.push(...peerEntries('kube-linter', [a.key.slice(KUBE_LINTER_CHECK.length)]));
        } else if (a.key === KUBE_LINTER_ALL) {
          entries.push(...allEntries('kube-linter'));
        }
      }
      if (entries.length > 0) pragmas.ranges.push({ ...range, entries });
    };
    visit(doc.contents, 0);
  }
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
  const comment = commentSyntax(file.kind).line;
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

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The findings with each suppressed one marked with the tool whose pragma suppressed it (ours first
 * when several do), in the order given. `date` (YYYY-MM-DD) decides which Trivy pragmas have expired.
 */
export function markSuppressions(file: ParsedFile, findings: Finding[], date?: string): Finding[] {
  if (findings.length === 0 || !ANY_PRAGMA.test(file.text)) return findings;
  // The date only matters once a file holds a pragma: formatting it per file was 2 % of a Dockerfile lint.
  const pragmas = collectPragmas(file, date ?? today());
  if (pragmas.file.length === 0 && pragmas.lines.size === 0 && pragmas.ranges.length === 0) return findings;
  const instructionStarts =
    file.kind === 'dockerfile' ? file.dockerfile.getInstructions().map((i) => i.getRange().start.line) : undefined;
  return findings.map((finding) => {
    let by: SuppressedBy | undefined;
    const consider = (entries: readonly Entry[] | undefined) => {
      for (const e of entries ?? []) {
        if (e.ruleId !== finding.ruleId || (e.peer && !peerCovers(e.peer, finding))) continue;
        if (by === undefined || RANK[e.by] < RANK[by]) by = e.by;
      }
    };
    consider(pragmas.file);
    for (const n of coveringLines(file, file.lines.positionAt(finding.start).line, instructionStarts)) consider(pragmas.lines.get(n));
    for (const r of pragmas.ranges) if (r.start <= finding.start && finding.start < r.end) consider(r.entries);
    return by === undefined ? finding : { ...finding, suppressedBy: by };
  });
}

/** The findings no pragma suppresses, or (`keep`) all of them with the suppressed ones marked. */
export function applySuppressions(file: ParsedFile, findings: Finding[], keep = false, date?: string): Finding[] {
  const marked = markSuppressions(file, findings, date);
  return keep || marked === findings ? marked : marked.filter((f) => f.suppressedBy === undefined);
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
  return { start, end: start, text: `${indent}${commentSyntax(file.kind).prefix} daemonless ignore=${finding.ruleId}${eol}` };
}
