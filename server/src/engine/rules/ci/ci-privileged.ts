// A privileged container has every capability and the host's devices: GitLab's docs say privileged
// mode "effectively disables the container's security mechanisms". From a CI job that means root
// on the runner host and a way into every other job that runs there.
import { kanikoRewrite } from '../../fixes/kaniko/index.js';
import { containerRuns, optionWords, parseContainerArgs } from '../../model/ci/container-args.js';
import { ciModel, jobsConcreteFirst } from '../../model/ci/index.js';
import { scalarLocator } from '../../model/ci/nodes.js';
import type { CiJob, CiScalar } from '../../model/ci/types.js';
import { defineRule } from '../../rule.js';
import type { OffsetRange } from '../../types.js';

export default defineRule({
  id: 'ci-privileged',
  targets: ['gitlab-ci', 'github-actions'],
  severity: 'error',
  docs: {
    description: 'CI jobs, service containers and containers started from scripts must not run privileged.',
  },
  messages: {
    options: 'The {where} of job "{job}" runs privileged ({flag}), which gives it root on the runner host.',
    service: 'The service "{image}" of job "{job}" is started with {flag}, which asks for a privileged container.',
    run: 'A "{tool} run" in job "{job}" starts a privileged container ({flag}), which gives it root on the runner host.',
  },
  check(ctx) {
    const model = ciModel(ctx.file);
    if (!model) return;
    const text = ctx.file.text;
    const system = model.system;
    const seen = new Set<string>();
    const report = (messageId: 'options' | 'service' | 'run', range: OffsetRange, data: Record<string, string>, job: CiJob) => {
      const key = `${range.start}:${range.end}`;
      if (seen.has(key)) return;
      seen.add(key);
      ctx.report({
        messageId,
        data: { job: job.name, ...data },
        start: range.start,
        end: range.end,
        fix: () => kanikoRewrite(ctx.file, { system, job: job.name }, ctx.options),
      });
    };
    const locator = (value: string, range: OffsetRange) => scalarLocator(text, value, range);
    const options = (opts: CiScalar | undefined, where: string, job: CiJob) => {
      if (!opts) return;
      const locate = locator(opts.value, opts.range);
      for (const flag of parseContainerArgs(optionWords(opts.value), false).privileged) {
        report('options', locate(flag), { where, flag }, job);
      }
    };

    for (const job of jobsConcreteFirst(model)) {
      options(job.containerOptions, 'job container', job);
      for (const service of job.services) {
        options(service.options, `service "${service.alias ?? service.image}"`, job);
        for (const arg of [...service.entrypoint, ...service.command]) {
          const locate = locator(arg.value, arg.range);
          for (const word of optionWords(arg.value)) {
            if (word === '--privileged' || word === '--privileged=true') {
              report('service', locate(word), { image: service.image, flag: word }, job);
            }
          }
        }
      }
      for (const script of job.scripts) {
        const locate = locator(script.text, script.range);
        for (const run of containerRuns(script)) {
          for (const flag of run.args.privileged) report('run', locate(flag), { tool: run.tool, flag }, job);
        }
      }
    }
  },
});
