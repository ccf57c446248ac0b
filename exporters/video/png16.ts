/**
 * 16-bit greyscale PNG (colour type 0, bit depth 16), lossless: the format
 * of depth images (uint16 millimetres). Pure TypeScript with fflate's zlib,
 * so Node, browsers and workers write the same bytes. The decoder reads any
 * non-interlaced 16-bit greyscale PNG (all five row filters) and checks CRCs.
 */
import { assemblePng, inflatePng, paeth, unfilterRows } from './png-chunks';

/** A single-channel 16-bit image, row-major, top row first. */
export interface Gray16Image {
  width: number;
  height: number;
  data: Uint16Array;
}

/** PNG row filters: None, Sub, Up, Average, Paeth. */
export type PngFilter = 0 | 1 | 2 | 3 | 4;

export interface Png16Options {
  /** zlib level 0..9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** One filter for every row, or 'adaptive' (default): per row, the one libpng's heuristic prefers. */
  filter?: PngFilter | 'adaptive';
}

const BYTES_PER_PIXEL = 2;

/** |v| of a filtered byte read as signed: libpng's measure of how well a filter predicts. */
function signedMagnitude(v: number): number {
  return v < 128 ? v : 256 - v;
}

/**
 * Filters one row with each of the five filter types into `out[type]` and
 * returns the type whose output has the smallest sum of signed magnitudes
 * (libpng's heuristic). `row` and `prior` are the raw bytes of this row and
 * the one above (zeros for the first row).
 */
function filterRow(row: Uint8Array, prior: Uint8Array, out: Uint8Array[]): number {
  const [none, sub, up, average, paethOut] = out as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0;
  const n = row.length;
  for (let i = 0; i < n; i++) {
    const x = row[i]!;
    const a = i >= BYTES_PER_PIXEL ? row[i - BYTES_PER_PIXEL]! : 0;
    const b = prior[i]!;
    const c = i >= BYTES_PER_PIXEL ? prior[i - BYTES_PER_PIXEL]! : 0;
    none[i] = x;
    c0 += x < 128 ? x : 256 - x;
    const vs = (x - a) & 0xff;
    sub[i] = vs;
    c1 += signedMagnitude(vs);
    const vu = (x - b) & 0xff;
    up[i] = vu;
    c2 += signedMagnitude(vu);
    const va = (x - ((a + b) >> 1)) & 0xff;
    average[i] = va;
    c3 += signedMagnitude(va);
    const vp = (x - paeth(a, b, c)) & 0xff;
    paethOut[i] = vp;
    c4 += signedMagnitude(vp);
  }
  const costs = [c0, c1, c2, c3, c4];
  let best = 0;
  for (let type = 1; type < 5; type++) if (costs[type]! < costs[best]!) best = type;
  return best;
}

/** Encodes a 16-bit greyscale PNG (by default each row gets the filter with the smallest signed-byte sum). */
export function encodePng16(image: Gray16Image, options: Png16Options = {}): Uint8Array {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`PNG size must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height) throw new Error(`expected ${width}x${height} = ${width * height} samples, got ${data.length}`);
  const stride = width * BYTES_PER_PIXEL;
  const raw = new Uint8Array(height * (stride + 1));
  let prior = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  const candidates = [0, 1, 2, 3, 4].map(() => new Uint8Array(stride));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      row[2 * x] = v >> 8;
      row[2 * x + 1] = v & 0xff;
    }
    const adaptive = filterRow(row, prior, candidates);
    const best = options.filter === undefined || options.filter === 'adaptive' ? adaptive : options.filter;
    const at = y * (stride + 1);
    raw[at] = best;
    raw.set(candidates[best]!, at + 1);
    [prior, row] = [row, prior];
  }
  return assemblePng(width, height, 16, 0, raw, options.level ?? 6); // 16-bit greyscale
}

/** Decodes a non-interlaced 16-bit greyscale PNG; throws on anything else or on a bad CRC. */
export function decodePng16(png: Uint8Array): Gray16Image {
  const { width, height, raw } = inflatePng(png, (depth, colour) => {
    if (depth !== 16 || colour !== 0) throw new Error(`PNG is bit depth ${depth}, colour type ${colour}; expected 16-bit greyscale`);
  });
  const data = new Uint16Array(width * height);
  unfilterRows(raw, height, width * BYTES_PER_PIXEL, BYTES_PER_PIXEL, (y, row) => {
    for (let x = 0; x < width; x++) data[y * width + x] = (row[2 * x]! << 8) | row[2 * x + 1]!;
  });
  return { width, height, data };
}
