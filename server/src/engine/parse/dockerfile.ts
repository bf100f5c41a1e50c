// The Dockerfile parse layer: dockerfile-ast (the parser behind VS Code's Dockerfile language
// server), which understands heredocs, flags, escape directives and continuation lines.
import { DockerfileParser, Instruction, type Argument, type Dockerfile } from 'dockerfile-ast';
// The CommonJS build dockerfile-ast itself requires (an `import` would bundle the ESM build, a second copy).
import lspTypes = require('vscode-languageserver-types');

export type { Dockerfile };
export type {
  Instruction,
  From,
  Arg,
  Env,
  User,
  Run,
  Property,
  Comment,
  Argument,
} from 'dockerfile-ast';

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
(lspTypes.Range as { create: unknown }).create = function createRange(one: unknown, two: unknown, three?: unknown, four?: unknown): lspTypes.Range {
  if (isUinteger(one) && isUinteger(two) && isUinteger(three) && isUinteger(four)) return { start: { line: one, character: two }, end: { line: three, character: four } };
  if (isPosition(one) && isPosition(two)) return { start: one, end: two };
  return libraryRangeCreate(one, two, three, four);
};

export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}
