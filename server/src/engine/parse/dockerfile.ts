// The Dockerfile parse layer: dockerfile-ast (the parser behind VS Code's Dockerfile language
// server), which understands heredocs, flags, escape directives and continuation lines.
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
// Installed before the first parse: faster, same-result versions of the library calls the parse makes.
import './dockerfile-ast-speedups.js';

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

export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}
