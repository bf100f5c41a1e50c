import rule from '../../server/src/engine/rules/dockerfile/df-sudo.js';
import { runRuleTests } from './rule-tester.js';

const D = 'Dockerfile';
const F = 'FROM debian:12\n';

runRuleTests(rule, {
  valid: [
    { name: 'installing sudo is not using it', path: D, text: F + 'RUN apt-get install -y sudo=1.9.13p3-1\n' },
    { name: 'sudo as a word', path: D, text: F + 'RUN echo "no sudo here" && grep -r sudo /etc > /dev/null\n' },
    { name: 'configuring sudoers', path: D, text: F + 'RUN echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app\n' },
    { name: 'ONBUILD', path: D, text: F + 'ONBUILD RUN sudo make install\n' },
  ],
  invalid: [
    {
      name: 'sudo',
      path: D,
      text: F + 'RUN sudo apt-get update\n',
      errors: [{ messageId: 'sudo', at: 'sudo', fix: null }],
    },
    {
      name: 'chained, after env, in a heredoc and in sh -c code',
      path: D,
      text: F + 'RUN apt-get update && sudo -E apt-get install -y curl=7.88.1-10\nRUN env DEBIAN_FRONTEND=noninteractive sudo make install\nRUN <<EOF\nsudo chown app /data\nEOF\nRUN sh -c "sudo ls"\n',
      errors: [
        { messageId: 'sudo', at: 'sudo', occurrence: 0, fix: null },
        { messageId: 'sudo', at: 'sudo', occurrence: 1, fix: null },
        { messageId: 'sudo', at: 'sudo', occurrence: 2, fix: null },
        { messageId: 'sudo', at: '"sudo ls"', fix: null },
      ],
    },
  ],
});
