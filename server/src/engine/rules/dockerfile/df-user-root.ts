// A container whose final USER is root runs every process as root: a container escape, a writable
// host mount or a kernel bug then lands as root on the node.
import { defineRule } from '../../rule.js';
import { dockerfileModel, effectiveUser, shippedStage, type Stage, type UserDecl } from '../../model/dockerfile.js';

export default defineRule({
  id: 'df-user-root',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'The final stage of the image runs as root because its last USER instruction is root.',
    hadolint: ['DL3002'],
    checkov: ['CKV_DOCKER_8'],
    trivy: ['DS-0002'],
  },
  messages: {
    root: 'The final stage runs as root (USER {user}); switch to an unprivileged user after the steps that need root.',
    inherited: 'The final stage inherits USER {user} (root) from stage "{stage}"; switch to an unprivileged user.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    const final = shippedStage(model, ctx.options.dockerfileTarget);
    if (!final) return;
    const user = effectiveUser(final);
    if (!user || user.isRoot !== true) return;
    const own = final.users.includes(user);
    const owner = own ? final : findOwner(final, user);
    ctx.report({
      messageId: own ? 'root' : 'inherited',
      data: { user: user.raw, resolved: user.resolved ?? '', stage: owner?.alias ?? String(owner?.index ?? '') },
      start: user.range.start,
      end: user.range.end,
    });
  },
});

function findOwner(stage: Stage, user: UserDecl): Stage | null {
  for (let s = stage.parent; s; s = s.parent) if (s.users.includes(user)) return s;
  return null;
}
