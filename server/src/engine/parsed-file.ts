// One file's parse results, built lazily and shared by every rule and model that reads the file.
import { parseDockerfile, type Dockerfile } from './parse/dockerfile.js';
import { parseYaml, type ParsedYaml, type YamlLimits } from './parse/yaml.js';
import { LineIndex } from './text-position.js';
import type { FileKind, SourceFile } from './types.js';

declare const valueType: unique symbol;

/**
 * Names one model built from a file and the type of its value. Keys compare by identity: two models
 * that happen to share a name never share a cache slot, and `file.model(key, …)` is typed by the key.
 */
export interface ModelKey<T> {
  readonly name: string;
  /** Never set: ties the key to its value type (and keeps `ModelKey<A>` apart from `ModelKey<B>`). */
  readonly [valueType]?: (value: T) => T;
}

/** A new key, to be made once per model at module level (`const podSpecsKey = modelKey<PodSpecView[]>('k8s')`). */
export function modelKey<T>(name: string): ModelKey<T> {
  return { name };
}

/**
 * `build` memoized per parsed file under a key of its own, for a model that needs nothing but the file:
 * `workloads: perFile('workloads:compose', composeWorkloads)`.
 */
export function perFile<T>(name: string, build: (file: ParsedFile) => T): (file: ParsedFile) => T {
  const key = modelKey<T>(name);
  return (file) => file.model(key, build);
}

/** A ServiceAccount object: the pods that run as it mount its token unless it (or the pod) says not to. */
export interface ServiceAccountFacts {
  name: string;
  namespace: string | undefined;
  /** `automountServiceAccountToken` as written (undefined when unset or not a boolean). */
  automount: boolean | undefined;
}

/**
 * What one `---` document of a Kubernetes file, linted alone, is told of the other documents: the
 * facts that cross documents (a pod's ServiceAccount is often defined beside it).
 */
export interface DocumentContext {
  serviceAccounts: readonly ServiceAccountFacts[];
}

export class ParsedFile {
  private lineIndex?: LineIndex;
  private yamlResult?: ParsedYaml;
  private dockerfileResult?: Dockerfile;
  /** Keyed by the ModelKey objects themselves (identity). */
  private readonly models = new Map<object, unknown>();

  /**
   * `yaml` is a parse of the text made elsewhere (e.g. re-parsed incrementally from an earlier
   * version); `limits` bound the YAML parse (LintOptions.maxNestingDepth); `context` is what a
   * document cut from a larger file knows of the others.
   */
  constructor(
    readonly file: SourceFile,
    readonly kind: FileKind,
    yaml?: ParsedYaml,
    private readonly limits: YamlLimits = {},
    readonly context?: DocumentContext,
  ) {
    this.yamlResult = yaml;
  }

  get text(): string {
    return this.file.text;
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.file.text));
  }

  get yaml(): ParsedYaml {
    return (this.yamlResult ??= parseYaml(this.file.text, { templates: templatesFor(this.kind), ...this.limits }));
  }

  /** The YAML parse if it has been made, without parsing. */
  get parsedYaml(): ParsedYaml | undefined {
    return this.yamlResult;
  }

  get dockerfile(): Dockerfile {
    return (this.dockerfileResult ??= parseDockerfile(this.file.text));
  }

  /** Memoizes a model built from this file (e.g. the GitLab job list), so it is built once per version. */
  model<T>(key: ModelKey<T>, build: (file: ParsedFile) => NoInfer<T>): T {
    // The one cast: the map holds each key's value, put there by this method with that key.
    if (this.models.has(key)) return this.models.get(key) as T;
    const value = build(this);
    this.models.set(key, value);
    return value;
  }
}

/**
 * Where Go-template actions are masked before parsing: always in Kubernetes files (Helm charts),
 * never where `${{ }}` is the expression syntax, otherwise only when the text does not parse as it is.
 */
function templatesFor(kind: FileKind): YamlLimits['templates'] {
  if (kind === 'k8s') return 'always';
  return kind === 'github-actions' || kind === 'azure-pipelines' ? undefined : 'onError';
}
