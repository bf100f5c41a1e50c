// Woodpecker: one workflow per file (`.woodpecker.yml` or each file of `.woodpecker/`), steps as a
// list or a map (older files say `pipeline:`), `commands:` as scripts, `volumes:` as
// `host:container` strings. Read by the same pipeline model as Drone, which it grew from.
import { isPluginImage, pipelineWorkloads, workflowName, type PipelineSyntax } from '../drone/model.js';
import type { Dialect } from '../dialect.js';
import { perFile } from '../../parsed-file.js';

// Plugins Woodpecker starts privileged when WOODPECKER_PLUGINS_PRIVILEGED is left at its default
// (older servers listed the plugins/* Docker plugins too); they run a Docker daemon inside the step.
const PRIVILEGED_PLUGINS = [
  'woodpeckerci/plugin-docker-buildx',
  'codeberg.org/woodpecker-plugins/docker-buildx',
  'plugins/docker',
  'plugins/gcr',
  'plugins/ecr',
  'woodpeckerci/plugin-docker',
];

const syntax: PipelineSyntax = {
  dialect: 'woodpecker',
  isPipeline: (r, root) => r.get(root, 'steps') !== undefined || r.get(root, 'pipeline') !== undefined,
  defaultName: (file) => workflowName(file),
  daemonPlugin: (image) =>
    isPluginImage(image, PRIVILEGED_PLUGINS)
      ? 'Woodpecker starts the plugins listed in WOODPECKER_PLUGINS_PRIVILEGED privileged, though the file never asks for it'
      : undefined,
};

const STEPS = /^(steps|pipeline):[ \t]*(#.*)?$/m;
const COMMANDS = /^[ \t]+-?[ \t]*(commands|image):/m;
const NOT_WOODPECKER = /^(kind|jobs|stages|pipelines|workflows|apiVersion|trigger|pool|on|definitions):/m;

export const woodpecker: Dialect = {
  id: 'woodpecker',
  fileKind: 'woodpecker',
  scope: 'job',
  comment: '#',
  claimsPath: (path, name) => /^\.woodpecker\.ya?ml$/i.test(name) || /(^|\/)\.woodpecker\/[^/]+\.ya?ml$/i.test(path),
  sniff: (head) => STEPS.test(head) && COMMANDS.test(head) && !NOT_WOODPECKER.test(head),
  workloads: perFile('workloads:woodpecker', (f) => pipelineWorkloads(f, syntax)),
};
