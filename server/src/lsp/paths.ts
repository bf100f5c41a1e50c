// URI ↔ path helpers. Files are keyed by file system path so that differently encoded URIs for the
// same file (a client's and our own) meet.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Path used to classify a document: its file path, or the path part of a non-file URI. */
export function classificationPath(uri: string): string {
  const path = uriToPath(uri);
  if (path !== undefined) return path;
  const colon = uri.indexOf(':');
  let rest = colon >= 0 ? uri.slice(colon + 1) : uri;
  try {
    rest = decodeURIComponent(rest);
  } catch {
    // keep the raw text
  }
  return rest.replace(/^\/\/[^/]*/, '');
}

/** `path` relative to `root` with forward slashes, or undefined when it is outside `root`. */
export function relativeInside(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
