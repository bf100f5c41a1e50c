// Whether a name or a value holds a secret, read one way by every rule and by the rewrite's masking:
// secret-looking variable names (by their words), literal AWS access key ids, URLs with credentials,
// and the placeholders that are not secrets.
import { redact } from '../../redact.js';

const SECRET_SEGMENTS = new Set([
  'token', 'tokens', 'password', 'passwords', 'passwd', 'pwd', 'pword', 'passphrase',
  'secret', 'secrets', 'credential', 'credentials', 'creds',
  'apikey', 'apikeys', 'privatekey', 'accesskey', 'secretkey', 'authtoken', 'accesstoken', 'clientsecret',
]);
/** Words that make a following `key` segment secret (`API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`). */
const KEY_QUALIFIERS = new Set(['api', 'private', 'access', 'secret', 'encryption', 'signing', 'master', 'ssh', 'deploy', 'account']);
/** Secret words that also match at the end of a run-together segment (`NPMTOKEN`, `DBPASSWORD`). */
const SECRET_SUFFIXES = ['token', 'password', 'passwd', 'secret'];
/** Only secret as the last word: `NPM_AUTH`, `BASIC_AUTH`, but not `AUTH_MODE`. */
const SECRET_LAST = new Set(['auth', 'authorization']);
/** Last words of variables that hold a URL, checked for `user:password@` instead of by name. */
export const URL_LAST = new Set(['url', 'uri', 'proxy', 'dsn']);
const PUBLIC_SEGMENTS = new Set(['public', 'pub', 'pubkey', 'publickey']);
/** Last words that name something about a secret rather than the secret itself. */
const ALLOWED_LAST = new Set([
  'file', 'files', 'path', 'dir', 'directory', 'version', 'id', 'ids', 'name', 'endpoint', 'host', 'hostname',
  'port', 'user', 'username', 'url', 'uri', 'proxy', 'dsn', 'type', 'mode', 'enabled', 'disabled', 'length', 'ttl', 'timeout',
  'expiry', 'region',
]);

/** Splits a variable name into lowercase words on `_`, `-`, `.` and case changes (`apiKey`, `APIKey`). */
export function nameSegments(name: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '_' || c === '-' || c === '.') {
      if (current) segments.push(current);
      current = '';
      continue;
    }
    const upper = c >= 'A' && c <= 'Z';
    const prev = name[i - 1] ?? '';
    const next = name[i + 1] ?? '';
    const prevLower = (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9');
    const prevUpper = prev >= 'A' && prev <= 'Z';
    const nextLower = next >= 'a' && next <= 'z';
    if (upper && current && (prevLower || (prevUpper && nextLower))) {
      segments.push(current);
      current = '';
    }
    current += c.toLowerCase();
  }
  if (current) segments.push(current);
  return segments;
}

/** The secret-looking word in a variable name, or null when the name looks harmless. */
export function secretWord(name: string, segments: string[] = nameSegments(name)): string | null {
  if (segments.length === 0) return null;
  // PWD and OLDPWD alone are the shell's working directory.
  if (segments.length === 1 && (segments[0] === 'pwd' || segments[0] === 'oldpwd')) return null;
  if (segments.some((s) => PUBLIC_SEGMENTS.has(s))) return null;
  const last = segments[segments.length - 1];
  // An access key id is half of a static key pair (AWS_ACCESS_KEY_ID): with the other half it signs requests.
  const n = segments.length;
  if (n >= 3 && last === 'id' && segments[n - 2] === 'key' && segments[n - 3] === 'access') return 'access_key_id';
  if (ALLOWED_LAST.has(last)) return null;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (SECRET_SEGMENTS.has(s)) return s;
    if (s === 'key' && i > 0 && KEY_QUALIFIERS.has(segments[i - 1])) return segments[i - 1] + '_key';
    for (const suffix of SECRET_SUFFIXES) if (s.length > suffix.length && s.endsWith(suffix)) return suffix;
  }
  if (SECRET_LAST.has(last)) return last;
  return null;
}

/** For `scheme://user:password@host/…`, the value with its user info redacted; otherwise null. */
export function urlWithCredentials(value: string): string | null {
  const scheme = value.indexOf('://');
  if (scheme <= 0) return null;
  const authorityStart = scheme + 3;
  let authorityEnd = value.length;
  for (const stop of ['/', '?', '#']) {
    const at = value.indexOf(stop, authorityStart);
    if (at >= 0 && at < authorityEnd) authorityEnd = at;
  }
  const authority = value.slice(authorityStart, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at < 0) return null;
  const userInfo = authority.slice(0, at);
  const colon = userInfo.indexOf(':');
  const password = colon >= 0 ? userInfo.slice(colon + 1) : '';
  if (!password || password.includes('$')) return null;
  return value.slice(0, authorityStart) + redact(userInfo) + value.slice(authorityStart + at);
}

/** A literal AWS access key id (long-term `AKIA…` or temporary `ASIA…`), wherever it appears in a value. */
const AWS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;

export function awsAccessKeyId(value: string): string | null {
  return AWS_KEY_ID.exec(value)?.[0] ?? null;
}

/** Values everyone recognises as stand-ins: documentation keys, `changeme`, `<your-token>`. */
const PLACEHOLDER_WORDS = new Set([
  'changeme', 'changeit', 'password', 'passwd', 'pass', 'secret', 'token', 'key', 'dummy', 'placeholder',
  'test', 'testing', 'todo', 'replaceme', 'none', 'null', 'nil', 'undefined', 'empty', 'default', 'foo', 'foobar',
  'bar', 'sample', 'fake', 'redacted', 'notset', 'unset', 'tbd', 'example',
]);
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

/** True for a value that is plainly a placeholder rather than a real secret. */
export function isPlaceholder(value: string, name?: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '') return true;
  const squashed = v.replace(/[-_.\s]/g, '');
  if (PLACEHOLDER_WORDS.has(squashed) || (name && squashed === name.toLowerCase().replace(/[-_.]/g, ''))) return true;
  if (/example|changeme|change_me|change-me|replace[-_]?me|your[-_]?(api|secret|access|auth)?[-_]?(key|token|password|secret)|^<.*>$|^\{\{.*\}\}$/.test(v)) return true;
  // `xxxx`, `****`, `0000`: a repeated single character.
  if (v.length >= 3 && new Set(v).size === 1) return true;
  return false;
}

/** For a URL with credentials: whether it only points at this machine or carries a placeholder password. */
export function isPlaceholderUrl(value: string): boolean {
  const scheme = value.indexOf('://');
  const rest = value.slice(scheme + 3);
  const authority = rest.split(/[/?#]/)[0];
  const at = authority.lastIndexOf('@');
  const userInfo = authority.slice(0, at);
  const hostPort = authority.slice(at + 1);
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.split(':')[0];
  const password = userInfo.slice(userInfo.indexOf(':') + 1);
  return LOCAL_HOSTS.has(host.toLowerCase()) || /(^|\.)example(\.|$)/i.test(host) || isPlaceholder(password);
}
