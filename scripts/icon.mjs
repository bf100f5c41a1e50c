// Draws the extension icon (images/icon.png, 128x128): a shipping container struck through by a slash,
// for "container builds without a daemon". Pure Node (zlib), no image tools.
// Usage: node scripts/icon.mjs            writes images/icon.png
//        node scripts/icon.mjs --check [png]  exits 1 when the PNG's pixels differ from the drawing
// (pixels, not bytes: another zlib may compress the same image differently).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // per axis: 16 samples a pixel smooth the edges

const BACKGROUND_TOP = [22, 84, 122];
const BACKGROUND_BOTTOM = [11, 44, 68];
const CONTAINER = [240, 246, 250];
const SLASH = [255, 112, 84];

/** Signed distance from (x, y) to a rectangle centred at (cx, cy) with half sizes hw, hh and corner radius r. */
function roundRect(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance from (x, y) to the segment (ax, ay)–(bx, by). */
function segment(x, y, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

const RIBS = [-24, -8, 8, 24]; // x offsets of the container's corrugation from its centre

/** The colour (RGB) at a point, or undefined outside the icon's rounded square. */
function colourAt(x, y) {
  if (roundRect(x, y, 64, 64, 64, 64, 26) > 0) return undefined;
  const slash = segment(x, y, 30, 30, 98, 98);
  if (slash <= 6) return SLASH;
  // A band of background around the slash, so it cuts through the container instead of lying on it.
  const inContainer = Math.abs(roundRect(x, y, 64, 66, 42, 28, 5)) <= 3.5
    || RIBS.some((dx) => segment(x, y, 64 + dx, 46, 64 + dx, 86) <= 2.5);
  if (inContainer && slash > 10) return CONTAINER;
  const t = y / SIZE;
  return BACKGROUND_TOP.map((top, i) => Math.round(top + (BACKGROUND_BOTTOM[i] - top) * t));
}

/** The icon as SIZE rows of RGBA bytes. */
function iconPixels() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const sum = [0, 0, 0];
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          if (!c) continue;
          covered++;
          for (let i = 0; i < 3; i++) sum[i] += c[i];
        }
      }
      const o = (py * SIZE + px) * 4;
      if (covered > 0) for (let i = 0; i < 3; i++) rgba[o + i] = Math.round(sum[i] / covered);
      rgba[o + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG of a square image; every row uses filter 0, so the IDAT inflates to the raw rows. */
function encodePng(rgba, size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The size and RGBA pixels of an 8-bit RGBA PNG, or a reason it is not one this script can read. */
function decodePng(png) {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') return 'not a PNG';
  let width = 0;
  const idat = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) return 'not an 8-bit RGBA PNG without interlacing';
      width = data.readUInt32BE(0);
      if (data.readUInt32BE(4) !== width) return 'not square';
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  if (rows.length !== stride * width) return 'truncated';
  const rgba = Buffer.alloc(width * width * 4);
  for (let y = 0; y < width; y++) {
    if (rows[y * stride] !== 0) return `row ${y} is filtered`;
    rows.copy(rgba, y * width * 4, y * stride + 1, (y + 1) * stride);
  }
  return { size: width, rgba };
}

const iconPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');

if (process.argv.includes('--check')) {
  const path = process.argv.slice(2).find((a) => a !== '--check') ?? iconPath;
  const decoded = decodePng(readFileSync(path));
  if (typeof decoded === 'string' || decoded.size !== SIZE || !decoded.rgba.equals(iconPixels())) {
    console.error(`${path} is not the drawn icon (${typeof decoded === 'string' ? decoded : 'other pixels'}): run "node scripts/icon.mjs"`);
    process.exit(1);
  }
} else {
  mkdirSync(dirname(iconPath), { recursive: true });
  writeFileSync(iconPath, encodePng(iconPixels(), SIZE));
  console.log(`wrote ${iconPath}`);
}
