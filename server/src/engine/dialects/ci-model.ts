// The cross-CI job model: GitLab CI and GitHub Actions jobs expose the same facts (image, services,
// variables, script lines), so a rule about DinD, sockets or privileged containers is written once.
// Every range is a half-open range of UTF-16 offsets into the file text; YAML nodes stay reachable
// so that a fix can edit the node a fact came from.
import { startsDockerDaemon } from '../model/facts/images.js';
import type { Document, Pair, Scalar, YamlNode } from '../parse/yaml.js';
import type { OffsetRange } from '../types.js';

export type CiSystem = 'gitlab-ci' | 'github-actions';

/**
 * Where an inherited fact was written, when it was not written in the job itself:
 * `'default'` (GitLab `default:`), `'top-level'` (GitLab global keywords and `variables:`),
 * `'workflow'` (GitHub workflow-level `env:`), a template job name reached through `extends:` or
 * `!reference` (e.g. `'.docker'`), or `'&anchor'` for a YAML merge key or alias.
 */
export type InheritedFrom = string;

/** A scalar value with its text and where it is written. */
export interface CiScalar {
  value: string;
  range: OffsetRange;
  node: YamlNode;
}

export interface CiImage {
  name: string;
  /** The scalar naming the image (`docker:24` in `image: docker:24` or `image: {name: docker:24}`). */
  range: OffsetRange;
  /** The whole `image:` value (a scalar or a map). */
  node: YamlNode;
  entrypoint: CiScalar[];
  inheritedFrom?: InheritedFrom;
}

export interface CiVariable {
  name: string;
  /** Undefined when the value is not a scalar (or a `{value: …}` map with a scalar value). */
  value?: string;
  keyRange: OffsetRange;
  valueRange?: OffsetRange;
  valueNode?: YamlNode;
  inheritedFrom?: InheritedFrom;
}

export interface CiService {
  /** Image reference as written (`docker:24.0.5-dind`). */
  image: string;
  /** The scalar naming the image. */
  imageRange: OffsetRange;
  /**
   * The service item: GitLab: the list item (a scalar or a `{name, alias, …}` map);
   * GitHub Actions: the `label: {image, …}` entry, key through value.
   */
  range: OffsetRange;
  node: YamlNode;
  /** GitLab `alias:`; GitHub Actions: the service label, which is its host name. */
  alias?: string;
  /** GitLab `command:` items (arguments for the service's entrypoint). */
  command: CiScalar[];
  /** GitLab `entrypoint:` items. */
  entrypoint: CiScalar[];
  /** GitLab service `variables:`; GitHub Actions service `env:`. */
  variables: CiVariable[];
  /** GitHub Actions `options:` (docker create flags); also read on GitLab if present. */
  options?: CiScalar;
  /** `volumes:` items (GitHub Actions; GitLab only if present). */
  volumes: CiScalar[];
  inheritedFrom?: InheritedFrom;
}

export type CiScriptSection = 'before_script' | 'script' | 'after_script' | 'run';

/** One shell snippet: a GitLab script entry (one line or a block scalar) or a GitHub `run:` body. */
export interface CiScript {
  section: CiScriptSection;
  text: string;
  range: OffsetRange;
  node: YamlNode;
  /** GitHub Actions: index of the step in the job's `steps:`. */
  stepIndex?: number;
  inheritedFrom?: InheritedFrom;
}

/** The job's container (GitHub Actions `container:`), i.e. where its steps run. */
export interface CiContainer {
  image?: CiImage;
  options?: CiScalar;
  volumes: CiScalar[];
  variables: CiVariable[];
  node: YamlNode;
}

/** A GitHub Actions step. */
export interface CiStep {
  index: number;
  node: YamlNode;
  range: OffsetRange;
  id?: CiScalar;
  name?: CiScalar;
  if?: CiScalar;
  uses?: CiScalar;
  /** `with:` inputs by name. */
  with: Map<string, CiScalar>;
  run?: CiScript;
  env: CiVariable[];
}

export interface CiJob {
  system: CiSystem;
  /** The job key (GitLab job name, GitHub job id). */
  name: string;
  /** GitLab hidden job / template (`.name`); never run by itself. Always false for GitHub Actions. */
  hidden: boolean;
  /** The job's key in the mapping. */
  keyRange: OffsetRange;
  keyNode: Scalar;
  /** The job's value (a map). */
  range: OffsetRange;
  node: YamlNode;
  pair: Pair;
  doc: Document.Parsed;
  /** GitLab `image:`; GitHub Actions `container:` image. */
  image?: CiImage;
  services: CiService[];
  /** Effective variables: own and inherited (global, extends, `default`), job values win. */
  variables: CiVariable[];
  /** In execution order: before_script, script, after_script; or the `run:` steps in order. */
  scripts: CiScript[];
  /** GitHub Actions `container.options`. */
  containerOptions?: CiScalar;
  /** GitHub Actions `container:`. */
  container?: CiContainer;
  /** Job-level volumes (GitHub Actions `container.volumes`; GitLab only if present). */
  volumes: CiScalar[];
  /** GitHub Actions steps (empty for GitLab). */
  steps: CiStep[];
  /** GitLab runner `tags:`. */
  tags: CiScalar[];
  /** GitHub Actions `runs-on:` labels. */
  runsOn: CiScalar[];
  /** GitLab `extends:` targets as written, in order. */
  extends: string[];
  /** `extends:` targets (direct or transitive) not defined in this file, e.g. from an `include:`. */
  extendsUnresolved: string[];
  /** `!reference [...]` tags whose target is not in this file, as `.job key …`. */
  referencesUnresolved: string[];
}

export interface CiModel {
  system: CiSystem;
  /** Every job in document order, hidden templates included. */
  jobs: CiJob[];
  /** Global variables: GitLab top-level `variables:`, GitHub workflow `env:`. */
  variables: CiVariable[];
  /** GitLab services declared in `default:` or top-level `services:` (to spot unused global DinD). */
  defaultServices: CiService[];
  /** GitLab top-level `include:` present: some jobs or templates may live in other files. */
  hasIncludes: boolean;
}

/** Whether a CI service runs a Docker daemon: a dind image, or `docker:<version>` with no command of its own. */
export function serviceRunsDaemon(s: CiService): boolean {
  return startsDockerDaemon(s.image, s.entrypoint.map((e) => e.value), s.command.map((c) => c.value));
}
