/**
 * 8-bit RGB PNG (colour type 2, bit depth 8), lossless: the format of RGB
 * image files (COCO images). Pure TypeScript with fflate's zlib, so Node,
 * browsers and workers write the same bytes; rows are filtered as libpng's
 * heuristic picks (smallest sum of signed bytes). The decoder reads any
 * non-interlaced 8-bit RGB or RGBA PNG (all five row filters) and checks CRCs.
 */
import { assemblePng, inflatePng, paeth, unfilterRows } from './png-chunks';

/** An 8-bit image, row-major, top row first: 3 (RGB) or 4 (RGBA) bytes per pixel. */
export interface Rgb8Image {
  width: number;
  height: number;
  data: Uint8Array;
  /** Bytes per pixel of `data`: 3 (RGB) or 4 (RGBA; alpha is dropped when encoding). Default 4. */
  channels?: 3 | 4;
}

export interface PngRgbOptions {
  /** zlib level 0..9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * Filters `row` (with `prior`, the row above or zeros) with each of the five
 * PNG filters into `out[type]`; returns the type whose bytes have the
 * smallest sum of signed magnitudes.
 */
function filterRow(row: Uint8Array, prior: Uint8Array, bpp: number, out: Uint8Array[]): number {
  const [none, sub, up, average, paethOut] = out as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0;
  for (let i = 0; i < row.length; i++) {
    const x = row[i]!;
    const a = i >= bpp ? row[i - bpp]! : 0;
    const b = prior[i]!;
    const c = i >= bpp ? prior[i - bpp]! : 0;
    none[i] = x;
    c0 += x < 128 ? x : 256 - x;
    const vs = (x - a) & 0xff;
    sub[i] = vs;
    c1 += vs < 128 ? vs : 256 - vs;
    const vu = (x - b) & 0xff;
    up[i] = vu;
    c2 += vu < 128 ? vu : 256 - vu;
    const va = (x - ((a + b) >> 1)) & 0xff;
    average[i] = va;
    c3 += va < 128 ? va : 256 - va;
    const vp = (x - paeth(a, b, c)) & 0xff;
    paethOut[i] = vp;
    c4 += vp < 128 ? vp : 256 - vp;
  }
  const costs = [c0, c1, c2, c3, c4];
  let best = 0;
  for (let type = 1; type < 5; type++) if (costs[type]! < costs[best]!) best = type;
  return best;
}

/** Encodes an 8-bit RGB PNG (alpha of RGBA input is dropped). */
export function encodePngRgb(image: Rgb8Image, options: PngRgbOptions = {}): Uint8Array {
  const { width, height, data } = image;
  const channels = image.channels ?? 4;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`PNG size must be positive integers, got ${width}x${height}`);
  }
  if (channels !== 3 && channels !== 4) throw new Error(`channels must be 3 or 4, got ${String(channels)}`);
  if (data.length !== width * height * channels) {
    throw new Error(`expected ${width}x${height}x${channels} = ${width * height * channels} bytes, got ${data.length}`);
  }
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  let prior = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  const candidates = [0, 1, 2, 3, 4].map(() => new Uint8Array(stride));
  for (let y = 0; y < height; y++) {
    if (channels === 3) {
      row.set(data.subarray(y * stride, (y + 1) * stride));
    } else {
      for (let x = 0, src = y * width * 4; x < width; x++, src += 4) {
        row[3 * x] = data[src]!;
        row[3 * x + 1] = data[src + 1]!;
        row[3 * x + 2] = data[src + 2]!;
      }
    }
    const best = filterRow(row, prior, 3, candidates);
    const at = y * (stride + 1);
    raw[at] = best;
    raw.set(candidates[best]!, at + 1);
    [prior, row] = [row, prior];
  }
  return assemblePng(width, height, 8, 2, raw, options.level ?? 6); // 8-bit RGB
}

/** Decodes a non-interlaced 8-bit RGB or RGBA PNG into RGB bytes (alpha dropped); throws on anything else or a bad CRC. */
export function decodePngRgb(png: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const { width, height, colour, raw } = inflatePng(png, (depth, type) => {
    if (depth !== 8 || (type !== 2 && type !== 6)) throw new Error(`PNG is bit depth ${depth}, colour type ${type}; expected 8-bit RGB or RGBA`);
  });
  const bpp = colour === 2 ? 3 : 4;
  const data = new Uint8Array(width * height * 3);
  unfilterRows(raw, height, width * bpp, bpp, (y, row) => {
    for (let x = 0; x < width; x++) {
      data[3 * (y * width + x)] = row[bpp * x]!;
      data[3 * (y * width + x) + 1] = row[bpp * x + 1]!;
      data[3 * (y * width + x) + 2] = row[bpp * x + 2]!;
    }
  });
  return { width, height, data };
}
