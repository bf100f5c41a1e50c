// A privileged container has every capability and the host's devices: GitLab's docs say privileged
// mode "effectively disables the container's security mechanisms". From a CI job that means root
// on the runner host and a way into every other job that runs there.
import { containerRuns, optionWords, parseContainerArgs } from '../../model/facts/container-args.js';
import { scalarLocator } from '../../parse/yaml-nodes.js';
import { CONTAINER_ROLE_WORDS, containerWhere, jobWords } from '../../model/workload.js';
import { defineRule } from '../../rule.js';

export default defineRule({
  id: 'ci-privileged',
  scope: 'any',
  severity: 'error',
  docs: {
    description: 'CI jobs, service containers and containers started from scripts must not run privileged.',
  },
  messages: {
    options: 'The {where} of {kind} "{job}" runs privileged ({flag}), which gives it root on the {host}.',
    privileged: 'The {where} of {kind} "{job}" runs privileged, which gives it root on the {host}.',
    service: 'The service "{image}" of {kind} "{job}" is started with {flag}, which asks for a privileged container.',
    escalation:
      'The {where} of {kind} "{job}" may escalate privileges on the {host}, overriding any cluster default that forbids it: setuid binaries and file capabilities in an image can raise a process above the user it starts as. Pod Security Restricted requires it off.',
    run: 'A "{tool} run" in {kind} "{job}" starts a privileged container ({flag}), which gives it root on the {host}.',
    runInPod:
      'A "{tool} run" in the {role} "{container}" of {kind} "{workload}" starts a privileged container ({flag}), which gives it root on the node.',
  },
  create(ctx) {
    const text = ctx.file.text;
    return {
      container(c, w) {
        const words = jobWords(w);
        // A pod's `securityContext.privileged` is k8s-privileged's; a CI container's `privileged: true` is this rule's.
        if (c.privileged?.value && w.scope === 'job') {
          ctx.report({ messageId: 'privileged', data: { ...words, where: containerWhere(c) }, ...c.privileged.range, fix: ctx.rewriteOf(w) });
        }
        // allowPrivilegeEscalation: true on a CI container (a runner configuration's, for all its jobs); beside
        // privileged mode it adds nothing, and unset it is the cluster's default, not the file's choice.
        if (c.allowPrivilegeEscalation?.value === true && !c.privileged?.value && w.scope === 'job') {
          const data = { ...words, where: containerWhere(c) };
          ctx.report({ messageId: 'escalation', data, ...c.allowPrivilegeEscalation.range, severity: 'warning' });
        }
        if (c.runtimeOptions) {
          const locate = scalarLocator(text, c.runtimeOptions.value, c.runtimeOptions.range);
          for (const flag of parseContainerArgs(optionWords(c.runtimeOptions.value), false).privileged) {
            const at = locate(flag);
            ctx.report({ messageId: 'options', data: { ...words, where: containerWhere(c), flag }, ...at, fix: ctx.rewriteOf(w) });
          }
        }
        if (c.role !== 'service') return;
        for (const arg of [...c.entrypoint, ...c.command]) {
          const locate = scalarLocator(text, arg.value, arg.range);
          for (const word of optionWords(arg.value)) {
            if (word !== '--privileged' && word !== '--privileged=true') continue;
            const at = locate(word);
            ctx.report({ messageId: 'service', data: { ...words, image: c.image?.value ?? '', flag: word }, ...at, fix: ctx.rewriteOf(w) });
          }
        }
      },
      script(s, w) {
        const locate = scalarLocator(text, s.text, s.range);
        for (const run of containerRuns(s)) {
          for (const flag of run.args.privileged) {
            const at = locate(flag);
            const fix = ctx.rewriteOf(w);
            if (w.scope === 'job') {
              ctx.report({ messageId: 'run', data: { ...jobWords(w), tool: run.tool, flag }, ...at, fix });
            } else {
              const data = {
                tool: run.tool,
                flag,
                role: CONTAINER_ROLE_WORDS[s.runsIn.role],
                container: s.runsIn.name ?? '(unnamed)',
                kind: w.kind,
                workload: w.name ?? '(unnamed)',
              };
              ctx.report({ messageId: 'runInPod', data, ...at, fix });
            }
          }
        }
      },
    };
  },
});
