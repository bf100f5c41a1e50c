// Findings the engine itself reports (not rules): unreadable input and rules that failed. They have
// ids, docs pages and severities like rules so that every adapter treats them the same way.
import type { FileKind, RuleMeta } from './types.js';

/** Every YAML kind a dialect reads, in the order the docs list them. */
const YAML_KINDS: FileKind[] = ['gitlab-ci', 'github-actions', 'k8s', 'compose', 'drone', 'woodpecker', 'bitbucket', 'circleci', 'azure-pipelines', 'runner-values'];
/** Kinds read by a parser or scanner of their own language (Jenkinsfiles, with YAML embedded; runner TOML). */
const SCANNED_KINDS: FileKind[] = ['jenkins', 'gitlab-runner'];

export const PARSE_ERROR: RuleMeta = {
  id: 'parse-error',
  targets: [...YAML_KINDS, ...SCANNED_KINDS],
  severity: 'warning',
  docs: { description: 'The file could not be parsed completely; only the parts that parsed were checked.' },
  messages: {
    yaml: 'YAML syntax error: {detail}. The parts of the document that parsed were checked; what the error hides was not.',
    lenient: 'YAML that kubectl and CI servers accept but YAML 1.2 does not: {detail}. The document was read the way they read it and checked; fixes wait until it is valid.',
    groovy: 'Groovy syntax problem: {detail}. Calls after it may be read incompletely.',
    embeddedYaml: 'YAML syntax error in the embedded pod YAML: {detail}. That pod is not checked.',
    toml: 'TOML syntax error: {detail}. The runner configuration was not checked.',
    template: 'Template placeholders ({{ }}) make this YAML invalid: {detail}. Only documents that parse were checked.',
  },
};

export const FILE_SKIPPED: RuleMeta = {
  id: 'file-skipped',
  targets: ['dockerfile', ...YAML_KINDS, ...SCANNED_KINDS],
  severity: 'info',
  docs: { description: 'The file, or part of it, was not analysed: too large, nested too deeply, too slow, or not text.' },
  messages: {
    tooLarge: 'File not analysed: {size} characters is over the limit of {limit} (setting daemonless.maxFileSize).',
    binary: 'File not analysed: it does not look like text.',
    tooDeep: 'Nesting deeper than {limit} levels: this document is not analysed (setting maxNestingDepth).',
    scriptTooLong: 'A shell script of {size} characters was analysed up to {limit} characters only (setting maxScriptLength).',
    timeBudget: 'Analysis stopped after {spent} ms, over the budget of {budget} ms (setting timeBudgetMs): rule {rule} took {ms} ms; not run: {skipped}.',
    template: 'Template line not analysed: {detail}.',
  },
};

export const INTERNAL_ERROR: RuleMeta = {
  id: 'internal-error',
  targets: ['dockerfile', ...YAML_KINDS, ...SCANNED_KINDS],
  severity: 'warning',
  docs: { description: 'A rule failed on this file; the other rules still ran. Please report it.' },
  messages: { ruleFailed: 'Rule {rule} failed on this file and was skipped: {detail}' },
};

export const BUILTIN_FINDINGS: RuleMeta[] = [FILE_SKIPPED, INTERNAL_ERROR, PARSE_ERROR];
