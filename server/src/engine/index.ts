// The engine's public surface: the only engine module the LSP server, the CLI and the workspace walk
// import (test/engine/engine-surface.test.ts checks it).
export * from './types.js';
export { classify, classifyByName, classifyYamlContent, isCandidatePath, isJsonPath } from './classify.js';
export { ParsedFile } from './parsed-file.js';
export { lintFile, compareFindings, DEFAULT_MAX_FILE_SIZE } from './runner.js';
export {
  documentStarts,
  fixFor,
  lintDocuments,
  skippedFinding,
  type DocumentsInput,
  type LintedDocument,
  type LintedFile,
  type LintMemory,
  type LocatedFinding,
} from './documents.js';
export { allRules, findRule } from './registry.js';
export { BUILTIN_FINDINGS } from './builtin-findings.js';
export { defineRule, docsPath, formatMessage, type Rule, type RuleContext } from './rule.js';
export { suppressionEdit } from './suppress.js';
export { applyEdits, editsOverlap } from './edits.js';
export { TRIGGER_RULE_IDS } from './rewrite/verify.js';
export { USER_LINE_RULES, userLinePlace, type UserLinePlace } from './fixes/user-line.js';
export { LineIndex, type Position } from './text-position.js';
export { builtStage, dockerfileBuilds, mayNameBuildsText, type BuildTool, type BuiltStage, type DockerfileBuild } from './model/facts/image-builds.js';
