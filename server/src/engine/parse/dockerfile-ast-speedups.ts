// Faster versions of three library calls that dockerfile-ast's parse makes hundreds of times per file,
// each giving the same results as the library's: installed once, when the Dockerfile parse layer loads.
// A test (test/engine/dockerfile-parse-patches.test.ts) compares each with the library's own function.
import { Instruction, type Argument } from 'dockerfile-ast';
// The CommonJS builds dockerfile-ast itself requires (an `import` would bundle the ESM builds, second copies).
import lspTypes = require('vscode-languageserver-types');
import textDocuments = require('vscode-languageserver-textdocument');

// dockerfile-ast tokenizes an instruction's arguments afresh on every getArguments(), getFlags(),
// getArgumentsRange() or getRawArgumentsContent() call, and its own parse asks nine times for each
// RUN, COPY and ADD (eight for CMD and ENTRYPOINT): that was most of the parse. The arguments depend
// only on the instruction's text, which never changes, so the first tokenization is kept on the
// instruction and every call gets a copy of the list (callers shift the flags off it). Same
// arguments, same objects, tokenized once.
const RAW_ARGUMENTS = Symbol('dockerfile-ast raw arguments');
type Memoized = { [RAW_ARGUMENTS]?: Argument[] };
const prototype = Instruction.prototype as unknown as { getRawArguments(): Argument[] };
const tokenizeArguments = prototype.getRawArguments;
// Patched only where the method is the library's own (a version without it keeps its own behaviour).
if (typeof tokenizeArguments === 'function') prototype.getRawArguments = function (this: Memoized & { getRawArguments(): Argument[] }): Argument[] {
  const args = (this[RAW_ARGUMENTS] ??= tokenizeArguments.call(this));
  return args.slice();
};

// dockerfile-ast builds every range with Range.create, which checks each number with
// Object.prototype.toString: a tenth of the parse. The same checks with typeof give the same ranges,
// and anything they do not accept (a Number object, a value out of range) still goes to the library's
// own function, which returns or throws as before.
const MAX_UINTEGER = 2147483647;
const isUinteger = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= MAX_UINTEGER;
const isPosition = (v: unknown): v is lspTypes.Position =>
  typeof v === 'object' && v !== null && isUinteger((v as lspTypes.Position).line) && isUinteger((v as lspTypes.Position).character);
/** The library's own Range.create: the fallback, and what the parse-patch test compares against. */
export const libraryRangeCreate = lspTypes.Range.create as (one: unknown, two: unknown, three?: unknown, four?: unknown) => lspTypes.Range;
// Patched only where the library has the function (as the other two).
if (typeof libraryRangeCreate === 'function') (lspTypes.Range as { create: unknown }).create = function createRange(one: unknown, two: unknown, three?: unknown, four?: unknown): lspTypes.Range {
  if (isUinteger(one) && isUinteger(two) && isUinteger(three) && isUinteger(four)) return { start: { line: one, character: two }, end: { line: three, character: four } };
  if (isPosition(one) && isPosition(two)) return { start: one, end: two };
  return libraryRangeCreate(one, two, three, four);
};

// dockerfile-ast asks its document for the position of every argument, flag and bracket in turn, and
// most of those offsets lie on the line of the answer before. Each document keeps that line and
// answers an offset within the line's text (by the current line-start table, so an edit cannot make it
// stale) directly; every other offset goes through the library's binary search, which sets the line.
const LINE_HINT = Symbol('position hint');
interface DocumentInternals {
  [LINE_HINT]?: number;
  getLineOffsets(): number[];
  getText(): string;
}
const documentPrototype = Object.getPrototypeOf(textDocuments.TextDocument.create('file:///', 'dockerfile', 0, '')) as DocumentInternals & {
  positionAt(offset: number): textDocuments.Position;
};
/** The library's own positionAt: the fallback, and what the parse-patch test compares against. */
export const libraryPositionAt = documentPrototype.positionAt;
const isLineBreak = (code: number) => code === 10 || code === 13;
// Patched only where the document keeps the line-start table this relies on.
if (typeof libraryPositionAt === 'function' && typeof documentPrototype.getLineOffsets === 'function') {
  documentPrototype.positionAt = function positionAt(this: DocumentInternals, offset: number): textDocuments.Position {
    const line = this[LINE_HINT];
    if (line !== undefined) {
      const offsets = this.getLineOffsets();
      if (line < offsets.length) {
        const text = this.getText();
        const start = offsets[line];
        const next = line + 1 < offsets.length ? offsets[line + 1] : Infinity;
        // Past the text the library clamps the offset, and inside a line break moves it back to the line's end: both left to it.
        if (offset >= start && offset < next && offset <= text.length && (offset === start || !isLineBreak(text.charCodeAt(offset - 1)))) {
          return { line, character: offset - start };
        }
      }
    }
    const position = libraryPositionAt.call(this, offset);
    this[LINE_HINT] = position.line;
    return position;
  };
}
