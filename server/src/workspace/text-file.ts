// Reads a workspace file as the text editors show: UTF-8 (with or without a byte-order mark) or,
// when a byte-order mark says so, UTF-16 LE or BE (some Windows tools write those). The mark is
// not part of the text; encodeText puts the file back in its own encoding and mark.
import { readFileSync } from 'node:fs';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export interface DecodedText {
  text: string;
  /** A leading byte-order mark is not part of the text editors show; it is put back on write. */
  bom: boolean;
  encoding: TextEncoding;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)).toString('utf16le'), bom: true, encoding: 'utf16le' };
  }
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, 2 + ((buffer.length - 2) & ~1)));
    return { text: swapped.swap16().toString('utf16le'), bom: true, encoding: 'utf16be' };
  }
  return fromUtf8(buffer.toString('utf8'));
}

/** Text read as UTF-8, its byte-order mark (if any) taken off. */
function fromUtf8(text: string): DecodedText {
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true, encoding: 'utf8' } : { text, bom: false, encoding: 'utf8' };
}

export function encodeText(text: string, encoding: TextEncoding, bom: boolean): Buffer {
  const body = (bom ? '\uFEFF' : '') + text;
  if (encoding === 'utf8') return Buffer.from(body, 'utf8');
  const le = Buffer.from(body, 'utf16le');
  return encoding === 'utf16le' ? le : le.swap16();
}

/**
 * Synchronous: for many small files it is cheaper than the thread pool round trip. Read as UTF-8 in
 * one call (a third of the cost of reading bytes and decoding them); a UTF-16 byte-order mark is
 * two bytes that are not UTF-8, so only a file that starts with two replacement characters is read
 * again as bytes.
 */
export function readTextFile(path: string): DecodedText {
  const text = readFileSync(path, 'utf8');
  return text.charCodeAt(0) === 0xfffd && text.charCodeAt(1) === 0xfffd ? decodeText(readFileSync(path)) : fromUtf8(text);
}

/** A file's size and modification time, as `fs.statSync`/`lstatSync` give them. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** Texts read for every lint of another file (ignore files, chart values), kept per path and stamp. */
const stampedTexts = new Map<string, FileStamp & { text: string }>();
const MAX_STAMPED_TEXTS = 256;

/**
 * The text of the file at `path` whose stamp the caller just read: read from disk only when the size
 * or modification time changed, so a file consulted on every keystroke is read once per change.
 * Throws as readTextFile does.
 */
export function readStampedTextFile(path: string, stamp: FileStamp): string {
  const known = stampedTexts.get(path);
  if (known && known.size === stamp.size && known.mtimeMs === stamp.mtimeMs) return known.text;
  const { text } = readTextFile(path);
  if (stampedTexts.size >= MAX_STAMPED_TEXTS) stampedTexts.delete(stampedTexts.keys().next().value!);
  stampedTexts.set(path, { size: stamp.size, mtimeMs: stamp.mtimeMs, text });
  return text;
}
