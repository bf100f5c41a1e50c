// Turning off certificate or package-signature checks lets anyone on the network path (a proxy, a
// rogue mirror, a hijacked DNS answer) hand the build different dependencies, and the image carries
// them from then on. The setting often stays in the image (ENV) and weakens the running container too.
import { defineRule } from '../../rule.js';
import { dockerfileModel } from '../../model/dockerfile.js';
import { locate, runScripts } from '../../parse/dockerfile-run-commands.js';
import { CURL_LONG_VALUE, hasOption, parseOptions, WGET_LONG_VALUE, type ParsedArgs } from '../../parse/shell/options.js';
import { baseName, CURL_VALUE, WGET_VALUE } from '../../parse/shell/programs.js';

type Kind = 'tls' | 'signature';

interface Disabled {
  kind: Kind;
  /** What turns the check off, as the message shows it (`curl -k`, `NODE_TLS_REJECT_UNAUTHORIZED=0`). */
  what: string;
  /** The text to place the finding on inside the RUN. */
  needle: string;
}

const FALSE = new Set(['false', '0', 'no', 'off']);

/** For an environment assignment: what it disables, or null. Names are matched case-insensitively, as npm reads them. */
export function disablingVariable(name: string, value: string): Disabled | null {
  const v = value.trim().replace(/^["']|["']$/g, '').toLowerCase();
  const n = name.toUpperCase();
  const what = `${name}=${value}`;
  if (n === 'NODE_TLS_REJECT_UNAUTHORIZED' && v === '0') return { kind: 'tls', what, needle: name };
  if (n === 'PYTHONHTTPSVERIFY' && v === '0') return { kind: 'tls', what, needle: name };
  if ((n === 'NPM_CONFIG_STRICT_SSL' || n === 'YARN_STRICT_SSL' || n === 'YARN_ENABLE_STRICT_SSL') && FALSE.has(v)) return { kind: 'tls', what, needle: name };
  if (n === 'GIT_SSL_NO_VERIFY' && v !== '' && !FALSE.has(v)) return { kind: 'tls', what, needle: name };
  if (n === 'PIP_TRUSTED_HOST' && v !== '') return { kind: 'tls', what, needle: name };
  return null;
}

const PIP = /^pip[0-9.]*$/;
const APT = new Set(['apt', 'apt-get', 'aptitude']);
const RPM_FAMILY = new Set(['yum', 'dnf', 'microdnf', 'tdnf']);
const APK_INSTALLING = new Set(['add', 'upgrade', 'fix']);

function parsed(args: string[], shortValue = '', longValue?: ReadonlySet<string>): ParsedArgs {
  return parseOptions(args, { shortValue, longValue });
}

/** The programs disablingCommand reads (the first test of each of its branches): the others are passed over before their arguments are copied. */
function readsProgram(name: string): boolean {
  return name === 'curl' || name === 'wget' || PIP.test(name) || /^python[0-9.]*$/.test(name) || name === 'npm' || name === 'yarn' ||
    name === 'pnpm' || name === 'git' || APT.has(name) || name === 'apk' || RPM_FAMILY.has(name) || name === 'zypper' || name === 'rpm';
}

/** What a command (argv with wrappers removed) disables, if anything. */
export function disablingCommand(argv: string[]): Disabled[] {
  const name = baseName(argv[0] ?? '');
  const out: Disabled[] = [];
  if (!readsProgram(name)) return out;
  const args = argv.slice(1);
  if (name === 'curl') {
    const p = parsed(args, CURL_VALUE, CURL_LONG_VALUE);
    if (hasOption(p, '-k', '--insecure')) out.push({ kind: 'tls', what: 'curl --insecure', needle: args[p.options.find((o) => o.name === '-k' || o.name === '--insecure')!.index] });
    if (hasOption(p, '--proxy-insecure')) out.push({ kind: 'tls', what: 'curl --proxy-insecure', needle: '--proxy-insecure' });
  } else if (name === 'wget') {
    if (hasOption(parsed(args, WGET_VALUE, WGET_LONG_VALUE), '--no-check-certificate')) out.push({ kind: 'tls', what: 'wget --no-check-certificate', needle: '--no-check-certificate' });
  } else if (PIP.test(name) || (/^python[0-9.]*$/.test(name) && args[0] === '-m' && PIP.test(args[1] ?? ''))) {
    if (args.some((a) => a === '--trusted-host' || a.startsWith('--trusted-host='))) out.push({ kind: 'tls', what: 'pip --trusted-host', needle: '--trusted-host' });
    const set = args.indexOf('set');
    if (args.includes('config') && set >= 0 && /(^|\.)trusted-host$/.test(args[set + 1] ?? '')) out.push({ kind: 'tls', what: `pip config set ${args[set + 1]}`, needle: args[set + 1] });
  } else if (name === 'npm' || name === 'yarn' || name === 'pnpm') {
    const set = args.findIndex((a, i) => (a === 'set' && (args[i - 1] === 'config' || i === 0)));
    if (set >= 0) {
      const key = args[set + 1] ?? '';
      const eq = key.indexOf('=');
      const k = (eq >= 0 ? key.slice(0, eq) : key).toLowerCase();
      const v = (eq >= 0 ? key.slice(eq + 1) : args[set + 2] ?? '').toLowerCase();
      if ((k === 'strict-ssl' || k === 'strictssl' || k === 'enablestrictssl') && FALSE.has(v)) out.push({ kind: 'tls', what: `${name} config set ${k} false`, needle: key });
    }
    const flag = args.find((a) => /^--strict-ssl=(false|0)$/i.test(a) || a === '--no-strict-ssl');
    if (flag) out.push({ kind: 'tls', what: `${name} ${flag}`, needle: flag });
  } else if (name === 'git') {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const c = a === '-c' ? args[i + 1] ?? '' : '';
      const setting = c || (args.includes('config') ? `${a}=${args[i + 1] ?? ''}` : '');
      const m = /^http(\.[^=]*)?\.sslverify=(.*)$/i.exec(setting);
      if (m && FALSE.has(m[2].toLowerCase())) { out.push({ kind: 'tls', what: 'git http.sslVerify=false', needle: c ? c : a }); break; }
    }
  } else if (APT.has(name)) {
    for (const flag of ['--allow-unauthenticated', '--allow-insecure-repositories', '--force-yes']) {
      if (args.includes(flag)) out.push({ kind: 'signature', what: `${name} ${flag}`, needle: flag });
    }
    for (let i = 0; i < args.length; i++) {
      const o = args[i] === '-o' ? args[i + 1] ?? '' : args[i].startsWith('-o') ? args[i].slice(2) : '';
      const m = /^(Acquire::AllowInsecureRepositories|APT::Get::AllowUnauthenticated|Acquire::https?::Verify-Peer)=(.*)$/i.exec(o);
      if (!m) continue;
      const disables = /verify-peer/i.test(m[1]) ? FALSE.has(m[2].toLowerCase()) : !FALSE.has(m[2].toLowerCase());
      if (disables) out.push({ kind: /verify-peer/i.test(m[1]) ? 'tls' : 'signature', what: `${name} -o ${o}`, needle: o });
    }
  } else if (name === 'apk') {
    // `apk index --allow-untrusted` builds an index of local packages; only installing skips the check.
    const sub = args.find((a) => !a.startsWith('-'));
    if (sub && APK_INSTALLING.has(sub) && args.includes('--allow-untrusted')) out.push({ kind: 'signature', what: `apk ${sub} --allow-untrusted`, needle: '--allow-untrusted' });
  } else if (RPM_FAMILY.has(name) || name === 'zypper') {
    const flag = args.find((a) => a === '--nogpgcheck' || a === '--no-gpg-checks' || /^--setopt=.*gpgcheck=(0|false)$/i.test(a));
    if (flag) out.push({ kind: 'signature', what: `${name} ${flag}`, needle: flag });
    const ssl = args.find((a) => /^--setopt=(.*\.)?sslverify=(0|false|no)$/i.test(a));
    if (ssl) out.push({ kind: 'tls', what: `${name} ${ssl}`, needle: ssl });
  } else if (name === 'rpm') {
    const flag = args.find((a) => a === '--nosignature' || a === '--nodigest');
    if (flag) out.push({ kind: 'signature', what: `rpm ${flag}`, needle: flag });
  }
  return out;
}

export default defineRule({
  id: 'df-tls-verification-disabled',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'A build command or ENV turns off TLS certificate or package signature verification.',
    checkov: [
      'CKV2_DOCKER_2', 'CKV2_DOCKER_3', 'CKV2_DOCKER_4', 'CKV2_DOCKER_5', 'CKV2_DOCKER_6', 'CKV2_DOCKER_7', 'CKV2_DOCKER_8',
      'CKV2_DOCKER_9', 'CKV2_DOCKER_10', 'CKV2_DOCKER_11', 'CKV2_DOCKER_12', 'CKV2_DOCKER_13', 'CKV2_DOCKER_14', 'CKV2_DOCKER_15', 'CKV2_DOCKER_16',
    ],
  },
  messages: {
    tls: '{what} turns off TLS certificate verification: anyone on the network path can substitute what the build downloads. Install the CA certificate the server uses instead.',
    signature: '{what} turns off package signature checks: unsigned or tampered packages install without error. Import the repository signing key instead.',
  },
  check(ctx) {
    const model = dockerfileModel(ctx.file);
    for (const stage of model.stages) {
      for (const decl of [...stage.args, ...stage.envs].sort((a, b) => a.nameRange.start - b.nameRange.start)) {
        if (decl.value === null) continue;
        const found = disablingVariable(decl.name, decl.resolved ?? decl.value);
        if (found) ctx.report({ messageId: found.kind, data: { what: `${decl.kind} ${found.what}` }, start: decl.nameRange.start, end: decl.nameRange.end });
      }
    }
    for (const { script, commands } of runScripts(ctx.file)) {
      const seen = new Set<string>();
      let cursor = script.range.start;
      for (const cmd of commands) {
        const found: Disabled[] = [];
        const exported = baseName(cmd.argv[0] ?? '') === 'export';
        const assignments = exported ? [...cmd.assignments, ...cmd.argv.slice(1).filter((a) => a.includes('='))] : cmd.assignments;
        for (const a of assignments) {
          const eq = a.indexOf('=');
          const d = disablingVariable(a.slice(0, eq), a.slice(eq + 1));
          if (d) found.push(d);
        }
        if (cmd.argv.length > 0) found.push(...disablingCommand(cmd.argv));
        for (const d of found) {
          if (seen.has(d.what)) continue;
          seen.add(d.what);
          const at = locate(ctx.file, script.range, d.needle, cursor);
          cursor = at.end;
          ctx.report({ messageId: d.kind, data: { what: d.what }, start: at.start, end: at.end });
        }
      }
    }
  },
});
