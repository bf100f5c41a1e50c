// The stage a Dockerfile ships by the workspace's CI builds (workspace/build-targets.ts), told in the
// Dockerfile itself: information on the stage's name that says which CI file and line built it with
// that target, or, when the builds disagree, on the last stage, naming each build's choice.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Ambiguous, CiTarget, PlacedBuild } from '../workspace/build-targets.js';
import { SOURCE } from './diagnostics.js';
import { pathToUri } from './paths.js';

function related(builds: readonly PlacedBuild[], message: (b: PlacedBuild) => string): DiagnosticRelatedInformation[] {
  return builds.map((b) => ({ location: { uri: pathToUri(b.ciFile), range: { start: b.start, end: b.end } }, message: message(b) }));
}

/** The notes for a Dockerfile linted with `applied` (BuildIndex.apply); `relatedInformation`: the client shows it. */
export function ciTargetNotes(applied: { target?: CiTarget; ambiguous?: Ambiguous }, relatedInformation: boolean): Diagnostic[] {
  const { target, ambiguous } = applied;
  if (target) {
    return [{
      range: target.stageRange,
      severity: DiagnosticSeverity.Information,
      source: SOURCE,
      message: `stage '${target.target}' is judged as the one that ships (${target.origin})`,
      ...(relatedInformation ? { relatedInformation: related([target.build], () => `builds stage '${target.target}'`) } : {}),
    }];
  }
  if (ambiguous) {
    return [{
      range: ambiguous.stageRange,
      severity: DiagnosticSeverity.Information,
      source: SOURCE,
      message: ambiguous.message.charAt(0).toUpperCase() + ambiguous.message.slice(1),
      ...(relatedInformation ? { relatedInformation: related(ambiguous.builds, (b) => (b.target === undefined ? 'builds the last stage' : `builds stage '${b.target}'`)) } : {}),
    }];
  }
  return [];
}
