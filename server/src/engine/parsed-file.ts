// One file's parse results, built lazily and shared by every rule and model that reads the file.
import { parseDockerfile, type Dockerfile } from './parse/dockerfile.js';
import { parseYaml, type ParsedYaml, type YamlLimits } from './parse/yaml.js';
import { LineIndex } from './text-position.js';
import type { FileKind, SourceFile } from './types.js';

export class ParsedFile {
  private lineIndex?: LineIndex;
  private yamlResult?: ParsedYaml;
  private dockerfileResult?: Dockerfile;
  private readonly models = new Map<string, unknown>();

  /**
   * `yaml` is a parse of the text made elsewhere (e.g. re-parsed incrementally from an earlier
   * version); `limits` bound the YAML parse (LintOptions.maxNestingDepth).
   */
  constructor(readonly file: SourceFile, readonly kind: FileKind, yaml?: ParsedYaml, private readonly limits: YamlLimits = {}) {
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
  model<T>(key: string, build: (file: ParsedFile) => T): T {
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
