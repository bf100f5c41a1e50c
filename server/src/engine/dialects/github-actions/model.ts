// GitHub Actions jobs in the cross-CI shape: the job container is the job's image, service
// containers are its services, `run:` steps are its scripts, and `env:` is layered workflow → job
// (steps keep their own `env:`). Half-typed workflows yield partial jobs rather than errors.
import { modelKey, type ParsedFile } from '../../parsed-file.js';
import { AliasBudget, isMap, isScalar, isSeq, mapEntries, resolveNode, type Document, type YamlNode } from '../../parse/yaml.js';
import { nodeSpan, scalarText, toCiScalar } from '../../parse/yaml-nodes.js';
import type { CiContainer, CiImage, CiJob, CiModel, CiScalar, CiService, CiStep, CiVariable } from '../ci-model.js';

class WorkflowDocument {
  private readonly budget = new AliasBudget(200_000);

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
  ) {}

  fields(node: unknown): Map<string, { keyNode: YamlNode | undefined; value: YamlNode | undefined }> {
    const out = new Map<string, { keyNode: YamlNode | undefined; value: YamlNode | undefined }>();
    for (const e of mapEntries(this.doc, node, this.budget)) out.set(e.key, { keyNode: e.keyNode, value: e.value });
    return out;
  }

  scalar(node: unknown): CiScalar | undefined {
    return toCiScalar(this.text, node);
  }

  scalars(node: unknown): CiScalar[] {
    const resolved = resolveNode(this.doc, node, this.budget);
    if (isScalar(resolved)) return [this.scalar(resolved)].filter((s): s is CiScalar => s !== undefined);
    if (!isSeq(resolved)) return [];
    const out: CiScalar[] = [];
    for (const item of resolved.items) {
      const s = this.scalar(resolveNode(this.doc, item, this.budget));
      if (s) out.push(s);
    }
    return out;
  }

  env(node: unknown, inheritedFrom?: string): CiVariable[] {
    const out: CiVariable[] = [];
    for (const e of mapEntries(this.doc, node, this.budget)) {
      const keyRange = nodeSpan(this.text, e.keyNode);
      if (!keyRange) continue;
      const value = scalarText(e.value);
      const valueRange = value !== undefined ? nodeSpan(this.text, e.value) : undefined;
      out.push({
        name: e.key,
        value,
        keyRange,
        valueRange,
        valueNode: valueRange ? e.value : undefined,
        inheritedFrom: inheritedFrom ?? (e.merged ? '<<' : undefined),
      });
    }
    return out;
  }

  image(node: unknown): CiImage | undefined {
    const s = this.scalar(node);
    return s ? { name: s.value, range: s.range, node: s.node, entrypoint: [] } : undefined;
  }

  /** `container: image` or `container: {image, options, volumes, env, credentials}`. */
  container(node: YamlNode | undefined): CiContainer | undefined {
    if (!node) return undefined;
    if (isScalar(node)) return { image: this.image(node), volumes: [], variables: [], node };
    if (!isMap(node)) return undefined;
    const f = this.fields(node);
    return {
      image: this.image(f.get('image')?.value),
      options: this.scalar(f.get('options')?.value),
      volumes: this.scalars(f.get('volumes')?.value),
      variables: this.env(f.get('env')?.value),
      node,
    };
  }

  services(node: unknown): CiService[] {
    const out: CiService[] = [];
    for (const e of mapEntries(this.doc, node, this.budget)) {
      if (!isMap(e.value) || !e.keyNode) continue;
      const f = this.fields(e.value);
      const image = this.scalar(f.get('image')?.value);
      const keyRange = nodeSpan(this.text, e.keyNode);
      const valueRange = nodeSpan(this.text, e.value);
      if (!image || !keyRange || !valueRange) continue;
      out.push({
        image: image.value,
        imageRange: image.range,
        range: { start: keyRange.start, end: valueRange.end },
        node: e.value,
        alias: e.key,
        command: [],
        entrypoint: [],
        variables: this.env(f.get('env')?.value),
        options: this.scalar(f.get('options')?.value),
        volumes: this.scalars(f.get('volumes')?.value),
        inheritedFrom: e.merged ? '<<' : undefined,
      });
    }
    return out;
  }

  steps(node: unknown): CiStep[] {
    const resolved = resolveNode(this.doc, node, this.budget);
    if (!isSeq(resolved)) return [];
    const out: CiStep[] = [];
    resolved.items.forEach((raw, index) => {
      const item = resolveNode(this.doc, raw, this.budget);
      const range = nodeSpan(this.text, item);
      if (!isMap(item) || !range) return;
      const f = this.fields(item);
      const withInputs = new Map<string, CiScalar>();
      for (const e of mapEntries(this.doc, f.get('with')?.value, this.budget)) {
        const s = this.scalar(e.value);
        if (s) withInputs.set(e.key, s);
      }
      const run = this.scalar(f.get('run')?.value);
      out.push({
        index,
        node: item,
        range,
        id: this.scalar(f.get('id')?.value),
        name: this.scalar(f.get('name')?.value),
        if: this.scalar(f.get('if')?.value),
        uses: this.scalar(f.get('uses')?.value),
        with: withInputs,
        run: run ? { section: 'run', text: run.value, range: run.range, node: run.node, stepIndex: index } : undefined,
        env: this.env(f.get('env')?.value),
      });
    });
    return out;
  }

  jobs(): { jobs: CiJob[]; variables: CiVariable[] } {
    const root = this.fields(this.doc.contents);
    const workflowEnv = this.env(root.get('env')?.value, 'workflow');
    const jobs: CiJob[] = [];
    for (const e of mapEntries(this.doc, root.get('jobs')?.value, this.budget)) {
      if (!isMap(e.value) || !isScalar(e.keyNode) || e.merged) continue;
      const keyRange = nodeSpan(this.text, e.keyNode);
      const range = nodeSpan(this.text, e.value);
      if (!keyRange || !range) continue;
      const f = this.fields(e.value);
      const container = this.container(f.get('container')?.value);
      const steps = this.steps(f.get('steps')?.value);
      const variables = this.env(f.get('env')?.value);
      const own = new Set(variables.map((v) => v.name));
      for (const v of workflowEnv) if (!own.has(v.name)) variables.push(v);
      jobs.push({
        system: 'github-actions',
        name: e.key,
        hidden: false,
        keyRange,
        keyNode: e.keyNode,
        range,
        node: e.value,
        pair: e.pair,
        doc: this.doc,
        image: container?.image,
        services: this.services(f.get('services')?.value),
        variables,
        scripts: steps.flatMap((s) => (s.run ? [s.run] : [])),
        containerOptions: container?.options,
        container,
        volumes: container?.volumes ?? [],
        steps,
        tags: [],
        runsOn: this.runsOn(f.get('runs-on')?.value),
        extends: [],
        extendsUnresolved: [],
        referencesUnresolved: [],
      });
    }
    return { jobs, variables: workflowEnv };
  }

  /** `runs-on: label`, `[labels]`, or `{group, labels}`. */
  private runsOn(node: YamlNode | undefined): CiScalar[] {
    if (isMap(node)) return this.scalars(this.fields(node).get('labels')?.value);
    return this.scalars(node);
  }
}

function buildGithubActionsModel(file: ParsedFile): CiModel {
  const model: CiModel = { system: 'github-actions', jobs: [], variables: [], defaultServices: [], hasIncludes: false };
  for (const doc of file.yaml.documents) {
    if (!isMap(doc.contents)) continue;
    const { jobs, variables } = new WorkflowDocument(file.text, doc).jobs();
    model.jobs.push(...jobs);
    model.variables.push(...variables);
  }
  return model;
}

const githubActionsKey = modelKey<CiModel>('github-actions');

/** The GitHub Actions model of a workflow file, built once per parsed file. */
export function githubActionsModel(file: ParsedFile): CiModel {
  return file.model(githubActionsKey, buildGithubActionsModel);
}
