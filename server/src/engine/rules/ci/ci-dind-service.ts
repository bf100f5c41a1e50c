// A Docker-in-Docker daemon only starts in a privileged container, so every job that uses one runs
// with root on the runner host and can reach other jobs. Kaniko, rootless BuildKit or Buildah
// build the same images without a daemon.
import { kanikoRewrite } from '../../fixes/kaniko/index.js';
import { isDindImage } from '../../model/container-facts.js';
import { ciModel } from '../../model/ci/index.js';
import type { CiService } from '../../model/ci/types.js';
import { CONTAINER_ROLE_WORDS, podSpecs } from '../../model/k8s/pod-spec.js';
import type { YamlNode } from '../../parse/yaml.js';
import { defineRule, type RuleContext } from '../../rule.js';
import type { Severity } from '../../types.js';

type MessageId = 'dind' | 'dindInherited' | 'dindTemplate' | 'dindPod';

/** Rootless DinD still needs seccomp/AppArmor relaxed, but not a privileged container: information only. */
function severityFor(image: string): Severity | undefined {
  return /rootless/i.test(image) ? 'info' : undefined;
}

function checkCi(ctx: RuleContext<MessageId>): void {
  const model = ciModel(ctx.file);
  if (!model) return;
  const system = model.system;
  // Service nodes that some concrete job runs: templates declaring them are covered by that job's finding.
  const used = new Set<YamlNode>();
  for (const job of model.jobs) {
    if (job.hidden) continue;
    for (const service of job.services) {
      if (!isDindImage(service.image)) continue;
      used.add(service.node);
      const own = service.inheritedFrom === undefined;
      const range = own ? service.range : job.keyRange;
      ctx.report({
        messageId: own ? 'dind' : 'dindInherited',
        data: { job: job.name, image: service.image, inheritedFrom: service.inheritedFrom ?? '' },
        start: range.start,
        end: range.end,
        severity: severityFor(service.image),
        fix: () => kanikoRewrite(ctx.file, { system, job: job.name }, ctx.options),
      });
    }
  }
  const reportTemplate = (name: string, service: CiService, withFix: boolean) => {
    if (used.has(service.node) || !isDindImage(service.image)) return;
    used.add(service.node);
    ctx.report({
      messageId: 'dindTemplate',
      data: { job: name, image: service.image, inheritedFrom: '' },
      start: service.range.start,
      end: service.range.end,
      severity: severityFor(service.image),
      fix: withFix ? () => kanikoRewrite(ctx.file, { system, job: name }, ctx.options) : undefined,
    });
  };
  for (const job of model.jobs) {
    if (!job.hidden) continue;
    for (const service of job.services) if (service.inheritedFrom === undefined) reportTemplate(job.name, service, true);
  }
  for (const service of model.defaultServices) reportTemplate(service.inheritedFrom ?? 'default', service, false);
}

function checkPods(ctx: RuleContext<MessageId>): void {
  for (const pod of podSpecs(ctx.file)) {
    const document = pod.document;
    for (const container of pod.containers) {
      const image = container.resolvedImage;
      if (image === undefined || !isDindImage(image)) continue;
      const range = container.imageRange ?? container.range;
      ctx.report({
        messageId: 'dindPod',
        data: {
          role: CONTAINER_ROLE_WORDS[container.role],
          container: container.name ?? '(unnamed)',
          kind: pod.kind,
          workload: pod.name ?? '(unnamed)',
          image,
        },
        start: range.start,
        end: range.end,
        severity: severityFor(image),
        fix: () => kanikoRewrite(ctx.file, { system: 'k8s', document }, ctx.options),
      });
    }
  }
}

export default defineRule<MessageId>({
  id: 'ci-dind-service',
  targets: ['gitlab-ci', 'github-actions', 'k8s'],
  severity: 'warning',
  docs: {
    description:
      'CI jobs and build pods should not run a Docker-in-Docker daemon; build images with Kaniko, rootless BuildKit or Buildah instead.',
  },
  messages: {
    dind: 'Job "{job}" runs a Docker-in-Docker daemon ({image}) as a service, which needs a privileged runner.',
    dindInherited:
      'Job "{job}" gets a Docker-in-Docker service ({image}) from {inheritedFrom}, which needs a privileged runner.',
    dindTemplate: '"{job}" declares a Docker-in-Docker service ({image}); every job that uses it needs a privileged runner.',
    dindPod:
      'The {role} "{container}" of {kind} "{workload}" runs a Docker-in-Docker daemon ({image}), which needs a privileged container.',
  },
  check(ctx) {
    if (ctx.file.kind === 'k8s') checkPods(ctx);
    else checkCi(ctx);
  },
});
