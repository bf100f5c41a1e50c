// Messages must never carry a secret in full: show enough to recognise it, no more.
export function redact(value: string): string {
  if (value.length <= 4) return '****';
  const keep = Math.min(4, Math.floor(value.length / 4));
  return value.slice(0, keep) + '****';
}
