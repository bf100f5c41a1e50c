// The stage of each Dockerfile that the workspace's CI files build, for LintOptions.dockerfileTarget
// when .daemonless.json names none. Shared by the CLI (which reads the CI files before it judges any
// Dockerfile) and the language server (which keeps it current as CI files change).
//
// Paths in CI files are resolved from the root given here: CI commands start in the repository's
// root, and the root is the folder the CLI was given or the editor's workspace folder. GitHub's
// `working-directory` and a script's own `cd` are followed by the engine; GitLab and the other
// systems have no per-job working directory. A Dockerfile takes a CI target only when every build
// of it names the same stage (a build without --target names the last stage).
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  builtStage,
  dockerfileBuilds,
  mayNameBuildsText,
  LineIndex,
  ParsedFile,
  type BuiltStage,
  type DockerfileBuild,
  type FileKind,
  type LintedFile,
  type LintOptions,
  type Position,
} from '../engine/index.js';

/** A build of a CI file, placed: the CI file (absolute), its root, and the line (1-based) of the build's words. */
export interface PlacedBuild extends DockerfileBuild {
  ciFile: string;
  root: string;
  line: number;
  /** `range` as positions in the CI file. */
  start: Position;
  end: Position;
}

/** The stage a Dockerfile ships by its CI builds, and the words that say where that came from. */
export interface CiTarget {
  target: string;
  /** `built with --target by .gitlab-ci.yml line 12` (the CI file relative to its root). */
  origin: string;
  build: PlacedBuild;
  /** The stage name in the Dockerfile. */
  stageRange: { start: Position; end: Position };
}

/** Builds of one Dockerfile that disagree on its stage, in message words, and the last stage's name in the Dockerfile. */
export interface Ambiguous {
  message: string;
  builds: PlacedBuild[];
  stageRange: { start: Position; end: Position };
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** How a build's choice of stage reads in a message: `--target` (`target:` for the GitHub action) at a file and line. */
function where(build: PlacedBuild): string {
  return `${toPosix(relative(build.root, build.ciFile)) || build.ciFile} line ${build.line}`;
}

function option(build: PlacedBuild): string {
  return build.tool === 'build-push-action' ? 'target:' : '--target';
}

export function originOf(build: PlacedBuild): string {
  return `built with ${option(build)} by ${where(build)}`;
}

/** `--target runtime at .gitlab-ci.yml line 6`, or `the last stage at …` for a build without a target. */
function choiceOf(build: PlacedBuild): string {
  return build.target === undefined ? `the last stage at ${where(build)}` : `${option(build)} ${build.target} at ${where(build)}`;
}

/** Kinds whose files run no build commands (Compose's `build:` is not a CI build). */
const NO_BUILDS: ReadonlySet<FileKind> = new Set(['dockerfile', 'unknown', 'compose', 'gitlab-runner', 'runner-values']);

/** Whether a file of this kind can name builds (CI files and Kubernetes manifests with Tekton tasks). */
export function mayNameBuilds(kind: FileKind, text: string): boolean {
  // Of Kubernetes manifests, only Tekton's write paths from the repository (its workspaces).
  return !NO_BUILDS.has(kind) && mayNameBuildsText(text) && (kind !== 'k8s' || text.includes('tekton.dev'));
}

export class BuildIndex {
  /** Per CI file, its builds by the Dockerfile they build (absolute path). */
  private readonly byCiFile = new Map<string, Map<string, PlacedBuild[]>>();
  /** What each CI file's builds were read from, so that the same text is not read twice. */
  private readonly texts = new Map<string, { text: string; kind: FileKind; root: string }>();
  /** Every Dockerfile's builds in buildsOf's order; unset after a change (a tree has thousands of Dockerfiles to look up). */
  private byDockerfile: Map<string, PlacedBuild[]> | undefined;

  /**
   * Records what a CI file (absolute path `ciFile`, of `kind`) builds, its paths read from `root`;
   * returns the Dockerfiles whose builds changed.
   */
  set(ciFile: string, root: string, text: string, kind: FileKind, lint?: LintedFile): string[] {
    const read = this.texts.get(ciFile);
    if (read && read.text === text && read.kind === kind && read.root === root) return [];
    this.texts.set(ciFile, { text, kind, root });
    const next = new Map<string, PlacedBuild[]>();
    if (mayNameBuilds(kind, text)) {
      const lines = new LineIndex(text);
      // The lint's own parse of this text (with the workloads its rules read) rather than a new one.
      const file = lint?.file?.text === text && lint.file.kind === kind ? lint.file : new ParsedFile({ path: ciFile, text }, kind);
      for (const build of dockerfileBuilds(file)) {
        // The first place the tool looks that exists; else the first (the file may be created later).
        const paths = build.dockerfile.map((p) => join(root, p));
        const dockerfile = paths.find((p) => existsSync(p)) ?? paths[0];
        const start = lines.positionAt(build.range.start);
        const placed: PlacedBuild = { ...build, ciFile, root, line: start.line + 1, start, end: lines.positionAt(build.range.end) };
        const list = next.get(dockerfile);
        if (list) list.push(placed);
        else next.set(dockerfile, [placed]);
      }
    }
    const changed = this.changes(this.byCiFile.get(ciFile), next);
    this.byDockerfile = undefined;
    if (next.size > 0) this.byCiFile.set(ciFile, next);
    else this.byCiFile.delete(ciFile);
    return changed;
  }

  /** Forgets a deleted CI file, or the CI files under a deleted folder; returns the Dockerfiles they built. */
  remove(path: string): string[] {
    const under = path.endsWith(sep) ? path : path + sep;
    return this.forget((ciFile) => ciFile === path || ciFile.startsWith(under));
  }

  /** Forgets every CI file under `root` (a folder removed from the workspace); returns the Dockerfiles they built. */
  removeRoot(root: string): string[] {
    return this.forget((_, builds) => [...builds.values()].some((list) => list.some((b) => b.root === root)));
  }

  private forget(which: (ciFile: string, builds: Map<string, PlacedBuild[]>) => boolean): string[] {
    const out: string[] = [];
    for (const [ciFile, builds] of [...this.byCiFile]) {
      if (!which(ciFile, builds)) continue;
      this.byCiFile.delete(ciFile);
      this.byDockerfile = undefined;
      this.texts.delete(ciFile);
      out.push(...builds.keys());
    }
    return out;
  }

  /** Every build of the Dockerfile at `path` (absolute), in a fixed order: by CI file, then place. */
  buildsOf(path: string): PlacedBuild[] {
    if (!this.byDockerfile) {
      this.byDockerfile = new Map();
      for (const ciFile of [...this.byCiFile.keys()].sort()) {
        for (const [dockerfile, builds] of this.byCiFile.get(ciFile)!) {
          const list = this.byDockerfile.get(dockerfile);
          if (list) list.push(...builds);
          else this.byDockerfile.set(dockerfile, [...builds]);
        }
      }
    }
    return [...(this.byDockerfile.get(path) ?? [])];
  }

  /** What the CI builds of the Dockerfile at `path`, whose text is `text`, say about the stage that ships. */
  stageOf(path: string, text: string): BuiltStage<PlacedBuild> {
    const builds = this.buildsOf(path);
    return builds.length === 0 ? { kind: 'last' } : builtStage(builds, text);
  }

  /**
   * The Dockerfile's options with the CI target when the config names none and the builds agree; and
   * the target (for the adapters' note) or why there is none (ambiguous builds).
   */
  apply(path: string, text: string, options: LintOptions): { options: LintOptions; target?: CiTarget; ambiguous?: Ambiguous } {
    if (options.dockerfileTarget) return { options };
    const stage = this.stageOf(path, text);
    if (stage.kind === 'ambiguous') {
      const message = `the CI files build it as different stages (${stage.builds.map(choiceOf).join(', ')}); its last stage is judged as the one that ships`;
      return { options, ambiguous: { message, builds: stage.builds, stageRange: stage.stageRange } };
    }
    if (stage.kind !== 'target') return { options };
    const build = stage.build;
    return {
      options: { ...options, dockerfileTarget: stage.target },
      target: { target: stage.target, origin: originOf(build), build, stageRange: stage.stageRange },
    };
  }

  private changes(before: Map<string, PlacedBuild[]> | undefined, after: Map<string, PlacedBuild[]>): string[] {
    const out: string[] = [];
    const key = (list: PlacedBuild[] | undefined) => JSON.stringify(list?.map((b) => [b.target ?? null, b.line, b.tool]) ?? null);
    for (const path of new Set([...(before?.keys() ?? []), ...after.keys()])) if (key(before?.get(path)) !== key(after.get(path))) out.push(path);
    return out;
  }
}
