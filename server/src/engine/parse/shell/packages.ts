// Package-manager invocations read from a simple command's argv: which manager, which subcommand,
// which words name packages, and whether each names a version. Covers apt-get/apt, apk, pip (also
// `python -m pip`, pipx, `uv pip`), npm/yarn/pnpm, gem, yum/dnf/microdnf/tdnf, zypper and the go
// tool. Option values (`-t release`, `--index-url URL`, `-r requirements.txt`) are never taken for
// packages; local files, paths, URLs, globs and words with variables are not judged. Nothing runs.
import { baseName, unwrap } from './programs.js';

export type PackageManager = 'apt' | 'apk' | 'pip' | 'npm' | 'gem' | 'rpm' | 'zypper' | 'go';

export interface PackageWord {
  /** Index in the command's full argv (wrappers such as `sudo` included). */
  index: number;
  value: string;
  /** The word names a version (`=1.2`, `==1.2`, `@1.2`, `:1.2`, `-1.2`, a range, a VCS ref). */
  pinned: boolean;
}

export interface PackageInstall {
  manager: PackageManager;
  /** The program as written (`apt-get`, `pip3`, `microdnf`, …). */
  program: string;
  /** Index in argv of the subcommand word (`install`, `add`, `i`, …). */
  subcommandIndex: number;
  /** Option words given to the manager (before and after the subcommand). */
  options: string[];
  /** Words that name packages from a repository (local files, paths and URLs left out). */
  packages: PackageWord[];
  /** A constraints file, `-v VERSION` or similar pins every package of the command. */
  pinnedByOption: boolean;
}

interface Syntax {
  manager: PackageManager;
  /** Subcommands that install named packages. */
  install: Set<string>;
  /** Options (short or long, without `=value`) that take the next word as their value. */
  valued: Set<string>;
}

const APT: Syntax = {
  manager: 'apt',
  install: new Set(['install']),
  valued: new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release']),
};
const APK: Syntax = {
  manager: 'apk',
  install: new Set(['add']),
  valued: new Set(['-X', '--repository', '-t', '--virtual', '-p', '--root', '--keys-dir', '--repositories-file', '--cache-dir', '--arch', '--cache-max-age', '--timeout']),
};
const PIP: Syntax = {
  manager: 'pip',
  install: new Set(['install']),
  valued: new Set([
    '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
    '--trusted-host', '-t', '--target', '--prefix', '--root', '--build', '--platform', '--python-version', '--implementation', '--abi',
    '--src', '--upgrade-strategy', '--progress-bar', '--log', '--cache-dir', '--root-user-action', '--global-option', '--install-option',
    '-C', '--config-settings', '--no-binary', '--only-binary', '--proxy', '--retries', '--timeout', '--exists-action', '--cert',
    '--client-cert', '--report', '--python', '--pip-args', '--suffix', '--spec', '--index', '--group', '--extra',
  ]),
};
const NPM: Syntax = {
  manager: 'npm',
  install: new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']),
  valued: new Set([
    '--registry', '--loglevel', '--prefix', '--cache', '--tag', '--userconfig', '--globalconfig', '--workspace', '-w', '--omit',
    '--include', '--install-strategy', '--only', '--also', '--python', '--scope', '--otp', '--cafile', '--ca', '--cert', '--key',
    '--proxy', '--https-proxy', '--before', '--fetch-retries', '--fetch-timeout', '--maxsockets', '--location', '--audit-level',
    '--script-shell', '--node-options', '--depth', '--cwd', '--modules-folder', '--network-timeout', '--filter', '--dir', '-C',
  ]),
};
const GEM: Syntax = {
  manager: 'gem',
  install: new Set(['install', 'i']),
  valued: new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '--platform', '-P', '--trust-policy', '-g', '--file', '--build-root', '--target-rbconfig']),
};
const RPM: Syntax = {
  manager: 'rpm',
  install: new Set(['install', 'reinstall']),
  valued: new Set(['-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '--repo', '--repoid', '-x', '--exclude', '-d', '--debuglevel', '-e', '--errorlevel', '--setopt', '--forcearch', '--downloaddir', '--destdir']),
};
const ZYPPER: Syntax = {
  manager: 'zypper',
  install: new Set(['install', 'in']),
  valued: new Set(['-t', '--type', '-r', '--repo', '--from', '-c', '--config', '-R', '--root', '-D', '--reposd-dir', '-C', '--cache-dir']),
};

const PROGRAMS: Record<string, Syntax> = {
  'apt-get': APT,
  apt: APT,
  apk: APK,
  pip: PIP,
  pipx: PIP,
  npm: NPM,
  yarn: NPM,
  pnpm: NPM,
  gem: GEM,
  yum: RPM,
  dnf: RPM,
  microdnf: RPM,
  tdnf: RPM,
  zypper: ZYPPER,
};

/** Go flags of build, install, get and run that take a value. */
const GO_VALUED = new Set(['-o', '-tags', '-ldflags', '-gcflags', '-asmflags', '-mod', '-modfile', '-p', '-C', '-buildmode', '-pkgdir', '-toolexec', '-compiler', '-exec', '-overlay', '-pgo', '-installsuffix', '-coverpkg', '-covermode']);

function programSyntax(name: string): Syntax | null {
  if (/^pip[0-9.]*$/.test(name)) return PIP;
  return PROGRAMS[name] ?? null;
}

function isOption(word: string): boolean {
  return word.length > 1 && word.startsWith('-');
}

/** A word that is never a package from a repository: variables, globs, paths, files and URLs. */
function notJudged(word: string): boolean {
  return word === '' || word.includes('$') || /[*?[]/.test(word) || word === '.' || word === '..' || /^(?:\.{1,2}\/|\/|~)/.test(word);
}

const ARCHIVE = /\.(?:deb|apk|rpm|whl|tar|tgz|tar\.gz|tar\.bz2|tar\.xz|zip|gem)$/i;

function aptPinned(word: string): boolean {
  return word.includes('=');
}

function apkPinned(word: string): boolean {
  return /[=~<>]/.test(word);
}

function pipPinned(word: string): boolean {
  if (/^(?:git|hg|svn|bzr)\+/.test(word)) {
    // A VCS requirement pins with `@ref` after the repository path (`…/repo.git@v1#egg=x`).
    const path = word.split('#')[0];
    return path.slice(path.lastIndexOf('/') + 1).includes('@');
  }
  return /[=<>!~@]/.test(word);
}

function npmPinned(word: string): boolean {
  if (/^(?:git(?:\+[a-z]+)?:|github:|gitlab:|bitbucket:|https?:)/.test(word)) return word.includes('#');
  const at = word.indexOf('@', word.startsWith('@') ? 1 : 0);
  if (at < 0) return !word.startsWith('@') && word.includes('/') && word.includes('#');
  const version = word.slice(at + 1);
  return version !== '' && version !== 'latest' && version !== 'next';
}

function gemPinned(word: string): boolean {
  return word.includes(':');
}

function rpmPinned(word: string): boolean {
  // name-version[-release], name-epoch:version, or a module stream (`tomcat:9`).
  return /.-\d/.test(word) || word.includes(':');
}

function zypperPinned(word: string): boolean {
  return /[=<>]/.test(word) || /.-\d/.test(word);
}

const PINNED: Record<Exclude<PackageManager, 'go'>, (word: string) => boolean> = {
  apt: aptPinned,
  apk: apkPinned,
  pip: pipPinned,
  npm: npmPinned,
  gem: gemPinned,
  rpm: rpmPinned,
  zypper: zypperPinned,
};

/** A go package path pinned to a version (`@v1.2.3`, `@<commit>`), not `@latest` or a branch. */
function goPinned(word: string): boolean {
  const at = word.lastIndexOf('@');
  if (at < 0) return false;
  const version = word.slice(at + 1);
  return /^v\d/.test(version) || /^[0-9a-f]{7,40}$/.test(version);
}

function goInstall(argv: string[], offset: number): PackageInstall | null {
  const sub = argv[1];
  if (sub !== 'install' && sub !== 'get' && sub !== 'run') return null;
  const options: string[] = [];
  const packages: PackageWord[] = [];
  for (let i = 2; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') break;
    if (isOption(w)) {
      options.push(w);
      if (!w.includes('=') && GO_VALUED.has(w.replace(/^--/, '-'))) i++;
      continue;
    }
    if (!notJudged(w) && !w.endsWith('.go')) {
      // Without `@version`, install and run build the version go.mod requires; get and `@latest` move it.
      const pinned = goPinned(w) || (sub !== 'get' && !w.includes('@'));
      packages.push({ index: i + offset, value: w, pinned });
    }
    // `go run pkg args…`: only the first word is a package, the rest are the program's arguments.
    if (sub === 'run') break;
  }
  return { manager: 'go', program: argv[0], subcommandIndex: 1 + offset, options, packages, pinnedByOption: false };
}

/** Reads a package installation from a simple command's argv, or null when it is not one. */
export function packageInstall(fullArgv: string[]): PackageInstall | null {
  let argv = unwrap(fullArgv);
  if (argv.length < 2) return null;
  let offset = fullArgv.length - argv.length;
  let name = baseName(argv[0]);
  // `python -m pip …`, `uv pip …`
  if (/^python[0-9.]*$/.test(name) && argv[1] === '-m' && /^pip[0-9.]*$/.test(argv[2] ?? '')) {
    offset += 2;
    argv = argv.slice(2);
    name = 'pip';
  } else if (name === 'uv' && argv[1] === 'pip') {
    offset += 1;
    argv = argv.slice(1);
    name = 'pip';
  }
  if (name === 'go') return goInstall(argv, offset);
  const syntax = programSyntax(name);
  if (!syntax) return null;
  const options: string[] = [];
  let sub = -1;
  let i = 1;
  // Options before the subcommand, then the subcommand (`yarn global add`, `dnf module install`).
  for (; i < argv.length; i++) {
    const w = argv[i];
    if (isOption(w)) {
      options.push(w);
      if (!w.includes('=') && syntax.valued.has(w)) i++;
      continue;
    }
    if ((w === 'global' && name === 'yarn') || (w === 'module' && syntax === RPM)) continue;
    if (syntax.install.has(w)) sub = i;
    break;
  }
  if (sub < 0) return null;
  const packages: PackageWord[] = [];
  let pinnedByOption = false;
  const pinned = PINNED[syntax.manager as Exclude<PackageManager, 'go'>];
  for (i = sub + 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') {
      // gem passes what follows to the extension build; the others read packages after it.
      if (syntax === GEM) break;
      continue;
    }
    if (isOption(w)) {
      options.push(w);
      const flag = w.includes('=') ? w.slice(0, w.indexOf('=')) : w;
      if ((syntax === PIP && (flag === '-c' || flag === '--constraint')) || (syntax === GEM && (flag === '-v' || flag === '--version'))) pinnedByOption = true;
      if (syntax === PIP && /^-c./.test(w)) pinnedByOption = true;
      if (!w.includes('=') && syntax.valued.has(w)) i++;
      // gem's extension options (`--use-system-libraries true`) take a boolean word.
      else if (syntax === GEM && /^(?:true|false)$/.test(argv[i + 1] ?? '')) i++;
      continue;
    }
    // dnf/yum groups (`@core`, `group install`) are not packages.
    if (syntax === RPM && w.startsWith('@')) continue;
    if (notJudged(w) || ARCHIVE.test(w) || (syntax !== NPM && /^[a-z][a-z0-9+.-]*:\/\//i.test(w) && !/^(?:git|hg|svn|bzr)\+/.test(w))) continue;
    // A pip path without a scheme (`foo/bar`) is a local directory.
    if (syntax === PIP && w.includes('/') && !w.includes('://')) continue;
    packages.push({ index: i + offset, value: w, pinned: pinned(w) });
  }
  return { manager: syntax.manager, program: argv[0], subcommandIndex: sub + offset, options, packages, pinnedByOption };
}
