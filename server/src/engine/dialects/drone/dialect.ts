// Drone: `kind: pipeline` documents (several per file, `---` between them, `...` allowed), steps
// and services as containers, `commands:` as scripts, host volumes by name.
import type { Dialect } from '../dialect.js';
import { isPluginImage, pipelineWorkloads, scalarIs, type PipelineSyntax } from './model.js';
import { perFile } from '../../parsed-file.js';

// DRONE_RUNNER_PRIVILEGED_IMAGES by default: these plugins run dockerd inside the step.
const PRIVILEGED_PLUGINS = ['plugins/docker', 'plugins/acr', 'plugins/ecr', 'plugins/gcr', 'plugins/heroku'];

const syntax: PipelineSyntax = {
  dialect: 'drone',
  isPipeline: (r, root) => scalarIs(r, r.get(root, 'kind'), 'pipeline'),
  defaultName: () => 'default',
  daemonPlugin: (image) =>
    isPluginImage(image, PRIVILEGED_PLUGINS)
      ? 'Drone runners start this plugin privileged by default (DRONE_RUNNER_PRIVILEGED_IMAGES), though the file never asks for it'
      : undefined,
};

const KIND_PIPELINE = /^kind:[ \t]*["']?pipeline["']?[ \t]*(#.*)?$/m;
const STEPS = /^steps:[ \t]*(#.*)?$/m;

export const drone: Dialect = {
  id: 'drone',
  fileKind: 'drone',
  scope: 'job',
  comment: '#',
  claimsPath: (_path, name) => /^\.drone(\.[\w.-]+)?\.ya?ml$/i.test(name),
  sniff: (head) => KIND_PIPELINE.test(head) && STEPS.test(head),
  workloads: perFile('workloads:drone', (f) => pipelineWorkloads(f, syntax)),
};
