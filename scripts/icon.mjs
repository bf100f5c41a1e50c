// Draws the extension icon (images/icon.png, 128x128): a shipping container struck through by a slash,
// for "container builds without a daemon". Pure Node (zlib), no image tools, so the icon can be redrawn
// anywhere with `node scripts/icon.mjs`; test/cli/package.test.ts checks the committed file against it.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const SIZE = 128;
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
export function iconPixels() {
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
export function encodePng(rgba, size) {
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

export const iconPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(iconPath), { recursive: true });
  writeFileSync(iconPath, encodePng(iconPixels(), SIZE));
  console.log(`wrote ${iconPath}`);
}
