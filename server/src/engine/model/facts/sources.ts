// What a Dockerfile source names: a local path, an http(s) download or a git repository (ADD takes
// all three; COPY only paths). df-add-url-no-checksum and df-copy-credentials both ask.

/** What an ADD source fetches: 'url' for http(s), 'git' for a git repository, null for a local path. */
export function remoteKind(source: string): 'url' | 'git' | null {
  const s = source.trim();
  if (/^git@[^:]+:/.test(s) || /^(git|ssh):\/\//i.test(s)) return 'git';
  if (!/^https?:\/\//i.test(s)) return null;
  const path = s.replace(/[?#].*$/, '');
  return path.endsWith('.git') ? 'git' : 'url';
}
