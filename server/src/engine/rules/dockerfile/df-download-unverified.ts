// A file downloaded during the build and then run, unpacked or installed without a checksum or
// signature check is trusted on the word of the server (and of everyone between it and the build).
// Piping a download straight into an interpreter is df-curl-pipe-shell's finding; this rule covers the
// two-step forms (`curl -o x && sh x`, `wget …tar.gz && tar x…`) and downloads piped into `tar`.
import { defineRule } from '../../rule.js';
import { locate, runScripts, type RunCommand } from '../../parse/dockerfile-run-commands.js';
import { CURL_LONG_VALUE, hasOption, optionValue, parseOptions, WGET_LONG_VALUE } from '../../parse/shell/options.js';
import { baseName, CURL_VALUE, FETCHERS, interpreterName, invocation, SOURCING, WGET_VALUE } from '../../parse/shell/programs.js';
import { findRemoteExecution } from '../../parse/shell/remote-execution.js';

/** Any of these in the RUN counts as verifying what it downloads. */
const VERIFICATION =
  /(^|[^A-Za-z0-9_-])(sha(1|224|256|384|512)sum|shasum|md5sum|b2sum|b3sum|cksum|gpgv?|gpg2|cosign|minisign|signify|slsa-verifier|sigstore|debsig-verify|dpkg-sig|openssl\s+(dgst|sha\d*|md5))([^A-Za-z0-9_-]|$)|--checksig|rpm\s+-K/;

const UNPACKERS = new Set(['tar', 'bsdtar', 'unzip', 'gunzip', 'bunzip2', 'unxz', 'xz', 'gzip', 'zstd', 'unzstd', '7z', '7za', 'cpio', 'jar']);
const INSTALLERS = new Set(['dpkg', 'apt', 'apt-get', 'rpm', 'yum', 'dnf', 'microdnf', 'zypper', 'apk', 'pip', 'pip3', 'gem', 'npm', 'install']);

export interface Download {
  fetcher: string;
  /** The saved file as written (`/tmp/x.tgz`, `install.sh`); null when the download goes to standard output. */
  file: string | null;
}

function urlBase(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return baseName(path);
}

/** Where a curl/wget/fetch command saves what it downloads; null when it is not one. */
export function downloadOf(argv: string[], redirectTarget: string | null): Download | null {
  const fetcher = baseName(argv[0] ?? '');
  if (!FETCHERS.has(fetcher)) return null;
  const args = argv.slice(1);
  const stdout = (v: string | null | undefined) => v === '-' || v === '/dev/stdout';
  if (fetcher === 'curl') {
    const p = parseOptions(args, { shortValue: CURL_VALUE, longValue: CURL_LONG_VALUE });
    const url = p.positionals.find((w) => /^[a-z]+:\/\//i.test(w.value))?.value ?? p.positionals[0]?.value ?? optionValue(p, '--url') ?? '';
    const output = optionValue(p, '-o', '--output');
    if (output !== undefined && output !== null && !stdout(output)) return { fetcher, file: output };
    if (output === undefined && hasOption(p, '-O', '--remote-name')) return { fetcher, file: urlBase(url) || null };
    return { fetcher, file: redirectTarget };
  }
  const p = parseOptions(args, { shortValue: WGET_VALUE, longValue: WGET_LONG_VALUE });
  const output = optionValue(p, '-O', '--output-document');
  if (output !== undefined && output !== null) return { fetcher, file: stdout(output) ? redirectTarget : output };
  const url = p.positionals.find((w) => /^[a-z]+:\/\//i.test(w.value))?.value ?? p.positionals[0]?.value ?? '';
  if (fetcher === 'fetch') return { fetcher, file: optionValue(p, '-o') ?? (urlBase(url) || null) };
  return { fetcher, file: urlBase(url) || null };
}

function isExtracting(name: string, args: string[]): boolean {
  if (name !== 'tar' && name !== 'bsdtar') return true;
  if (args.includes('--extract') || args.includes('--get')) return true;
  if (args.some((a) => /^-[A-Za-z]*x/.test(a))) return true;
  return /^[A-Za-z]*x[A-Za-z]*$/.test(args[0] ?? '');
}

/** How a command uses a saved file ('run', 'unpack', 'install'), or null when it does not. */
export function useOf(argv: string[], file: string): 'run' | 'unpack' | 'install' | null {
  const target = baseName(file);
  if (!target) return null;
  const names = (w: string) => {
    const v = w.replace(/^--file=/, '');
    return v === file || baseName(v) === target;
  };
  const name = baseName(argv[0] ?? '');
  const args = argv.slice(1);
  if (argv[0].includes('/') && names(argv[0])) return 'run';
  const interpreter = interpreterName(argv[0]);
  if (interpreter) {
    const call = invocation(interpreter, args);
    if (call.script && names(call.script)) return 'run';
    if (SOURCING.has(interpreter) && args.some(names)) return 'run';
    return null;
  }
  if (UNPACKERS.has(name) && isExtracting(name, args) && args.some(names)) return 'unpack';
  if (/^pip[0-9.]*$/.test(name) || INSTALLERS.has(name)) {
    if (name === 'install') return null;
    if (args.some(names)) return 'install';
  }
  return null;
}

interface Unverified {
  download: Download;
  use: 'run' | 'unpack' | 'install' | 'pipeUnpack';
  /** What is done with it, for the message: `run by bash`, `executed`, `unpacked by tar`. */
  how: string;
  needle: string;
}

/** The first download the script runs, unpacks or installs, in a script with no verification step. */
export function findUnverified(commands: RunCommand[]): Unverified | null {
  const saved: Download[] = [];
  for (let i = 0; i < commands.length; i++) {
    const cmd = commands[i];
    if (cmd.argv.length === 0 || cmd.command.substitution) continue;
    for (const d of saved) {
      const use = useOf(cmd.argv, d.file!);
      if (!use) continue;
      const by = baseName(cmd.argv[0]);
      const how = use === 'run' ? (cmd.argv[0].includes('/') && baseName(d.file!) === by ? 'executed' : `run by ${by}`) : use === 'unpack' ? `unpacked by ${by}` : `installed by ${by}`;
      return { download: d, use, how, needle: d.file! };
    }
    const redirect = cmd.command.redirects.find((r) => (r.op === '>' || r.op === '>>') && (r.fd === undefined || r.fd === '1'));
    const download = downloadOf(cmd.argv, redirect ? redirect.target : null);
    if (!download) continue;
    if (download.file) {
      if (download.file !== '/dev/null') saved.push(download);
      continue;
    }
    // To standard output: what the next command of the pipeline does with it.
    const next = commands.slice(i + 1).find((c) => c.depth === cmd.depth && !c.command.substitution);
    if (next && next.command.pipeline === cmd.command.pipeline && next.command.pipeIndex === cmd.command.pipeIndex + 1 && next.argv.length > 0) {
      const name = baseName(next.argv[0]);
      if (UNPACKERS.has(name) && name !== 'unzip' && isExtracting(name, next.argv.slice(1))) {
        return { download, use: 'pipeUnpack', how: `unpacked by ${name}`, needle: download.fetcher };
      }
    }
  }
  return null;
}

export default defineRule({
  id: 'df-download-unverified',
  targets: ['dockerfile'],
  severity: 'warning',
  docs: {
    description: 'A RUN downloads a file and runs, unpacks or installs it without a checksum or signature check.',
  },
  messages: {
    run: '{file} is downloaded by {fetcher} and {how} without a checksum or signature check. Verify it first (echo "<sha256>  {file}" | sha256sum -c -) or use ADD --checksum.',
    unpack: '{file} is downloaded by {fetcher} and {how} without a checksum or signature check. Verify it first (echo "<sha256>  {file}" | sha256sum -c -) or use ADD --checksum.',
    install: '{file} is downloaded by {fetcher} and {how} without a checksum or signature check. Verify it first (echo "<sha256>  {file}" | sha256sum -c -) or use ADD --checksum.',
    pipeUnpack: 'The output of {fetcher} is {how} without a checksum or signature check. Save it to a file and verify it first, or use ADD --checksum.',
  },
  check(ctx) {
    for (const { script, commands } of runScripts(ctx.file)) {
      if (!/curl|wget|fetch/.test(script.text) || VERIFICATION.test(script.text)) continue;
      // Executing the download through a pipe or substitution is df-curl-pipe-shell's finding.
      if (findRemoteExecution(script.text)) continue;
      const found = findUnverified(commands);
      if (!found) continue;
      const at = locate(ctx.file, script.range, found.needle);
      ctx.report({
        messageId: found.use,
        data: { file: found.download.file ?? '-', fetcher: found.download.fetcher, how: found.how },
        start: at.start,
        end: at.end,
        severity: found.use === 'run' ? 'warning' : 'info',
      });
    }
  },
});
