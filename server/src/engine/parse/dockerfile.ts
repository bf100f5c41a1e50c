// The Dockerfile parse layer: dockerfile-ast (the parser behind VS Code's Dockerfile language
// server), which understands heredocs, flags, escape directives and continuation lines.
import { DockerfileParser, Instruction, type Argument, type Dockerfile } from 'dockerfile-ast';

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

export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}
