// A dialect is one system's way of writing workloads (GitLab CI, GitHub Actions, Kubernetes, Tekton):
// it says which classified files it reads, how comments are written there, and turns a parsed file
// into the neutral model. Rules never see a dialect; the runner hands them its workloads.
import type { DialectId, WorkloadFile, WorkloadScope } from '../model/workload.js';
import type { ParsedFile } from '../parsed-file.js';
import type { FileKind } from '../types.js';

/** A syntax problem of a file's own language, or of the language a string in it holds. */
export interface SyntaxProblem {
  detail: string;
  start: number;
  end: number;
  /** The language the problem is in: embedded YAML (Jenkins pod templates), Groovy, or TOML. */
  language: 'yaml' | 'groovy' | 'toml';
}

export interface Dialect {
  id: DialectId;
  /** The classified kind of file this dialect reads (several dialects may read one kind). */
  fileKind: FileKind;
  /** What the workloads it yields answer to. */
  scope: WorkloadScope;
  /** How a line comment starts, for suppression pragmas. */
  comment: '#' | '//';
  /** The file's own language: YAML (the default) or a language with YAML embedded in strings (Groovy), or TOML. */
  format?: 'yaml' | 'groovy' | 'toml';
  /** Whether a file's path alone says it is this dialect's (`path` uses forward slashes); asked of YAML files, and of every file for non-YAML formats. */
  claimsPath?(path: string, name: string): boolean;
  /** Whether a YAML file whose path says nothing holds this dialect's content (`head`: its first 200,000 characters). */
  sniff?(head: string): boolean;
  /** Whether a TOML file whose path says nothing holds this dialect's content (`head`: its first 200,000 characters). */
  sniffToml?(head: string): boolean;
  /** Whether a `.json` file holds this dialect's content (JSON is YAML to the parser, so nothing else changes). */
  sniffJson?(head: string): boolean;
  /** The workloads of a file, built once per parsed file; never throws on malformed input. */
  workloads(file: ParsedFile): WorkloadFile;
  /** Syntax problems of a non-YAML format (and of the YAML it embeds), reported as parse-error findings. */
  problems?(file: ParsedFile): SyntaxProblem[];
}
