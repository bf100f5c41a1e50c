// A package installed without a version is whatever the mirror serves on the day of the build: the
// image changes between two builds of the same commit, and a compromised or broken release flows in.
// Info, not a warning: distributions drop old versions from their mirrors, so strict pins also break
// builds, and many teams choose to track the release instead.
import { defineRule } from '../../rule.js';
import { runCommands } from '../../parse/dockerfile-run-commands.js';
import type { PackageManager } from '../../parse/shell/packages.js';

/** A script that names none of the managers installs nothing this rule reads. */
const MANAGERS = /apt|apk|pip|npm|yarn|pnpm|gem|yum|dnf|zypper|go|uv/;

const HOW: Record<PackageManager, string> = {
  apt: 'name=version',
  apk: 'name=version',
  pip: 'name==version, or a requirements or constraints file',
  npm: 'name@version, or a lockfile with npm ci',
  gem: 'name:version or -v version',
  rpm: 'name-version',
  zypper: 'name=version',
  go: 'path@vX.Y.Z',
};

/** A URL's user-info (`https://user:token@host`) may be a credential: never shown. */
function withoutCredentials(word: string): string {
  return word.replace(/:\/\/[^/@\s]*@/, '://****@');
}

export default defineRule({
  id: 'df-package-unpinned',
  targets: ['dockerfile'],
  severity: 'info',
  docs: {
    description: 'A RUN installs packages (apt, apk, pip, npm, gem, yum/dnf, zypper, go) without naming their versions.',
    hadolint: ['DL3008', 'DL3013', 'DL3016', 'DL3018', 'DL3028', 'DL3033', 'DL3037', 'DL3041', 'DL3062'],
  },
  messages: {
    unpinned: '{program} installs {packages} without a version, so each build can get a different release; pin it ({how}).',
  },
  check(ctx) {
    for (const rc of runCommands(ctx.file, (t) => MANAGERS.test(t))) {
      const install = rc.packageInstall;
      if (!install || install.pinnedByOption) continue;
      const loose = install.packages.filter((p) => !p.pinned);
      if (loose.length === 0) continue;
      const first = rc.span(loose[0].index);
      const last = rc.span(loose[loose.length - 1].index);
      const names = loose.map((p) => withoutCredentials(p.value));
      const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
      ctx.report({
        messageId: 'unpinned',
        data: { program: install.program.replace(/^.*\//, ''), packages: shown, how: HOW[install.manager] },
        start: first.start,
        end: Math.max(first.end, last.end),
      });
    }
  },
});
