/** Pieces shared by the PNG encoders and decoders (8-bit RGB, 16-bit grey). */
import { unzlibSync, zlibSync, type DeflateOptions } from 'fflate';
import { crc32 } from '../crc32';
import { concatBytes } from '../bytes';

/** The 8-byte PNG file signature. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The Paeth predictor of the PNG filter type 4. */
export function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** One chunk: length, 4-letter type, data, CRC of type and data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** A PNG's header and its inflated, still filtered image data (one filter byte before each row). */
/**
 * A whole PNG file: signature, IHDR (non-interlaced, deflate, adaptive
 * filtering) with the given bit depth and colour type, one IDAT of the
 * filtered scanlines `raw` zlib-compressed at `level`, IEND.
 */
export function assemblePng(width: number, height: number, bitDepth: number, colourType: number, raw: Uint8Array, level: DeflateOptions['level']): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([bitDepth, colourType, 0, 0, 0], 8);
  return concatBytes([
    new Uint8Array(PNG_SIGNATURE),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlibSync(raw, { level })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

export interface InflatedPng {
  width: number;
  height: number;
  depth: number;
  colour: number;
  raw: Uint8Array;
}

/**
 * Reads the chunks of a non-interlaced PNG, checking the signature and every
 * CRC; `checkHeader` refuses bit depths and colour types the caller cannot
 * decode (it throws). Returns the inflated IDAT data.
 */
export function inflatePng(png: Uint8Array, checkHeader: (depth: number, colour: number) => void): InflatedPng {
  if (png.length < 8 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG (bad signature)');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colour = 0;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (pos + 12 <= png.length && !ended) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...png.subarray(pos + 4, pos + 8));
    const end = pos + 8 + length;
    if (end + 4 > png.length) throw new Error(`PNG chunk ${type} at byte ${pos} runs past the end`);
    if (view.getUint32(end) !== crc32(png, pos + 4, end)) throw new Error(`PNG chunk ${type} at byte ${pos} has a bad CRC`);
    const body = png.subarray(pos + 8, end);
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      const [d, c, compression, filter, interlace] = body.subarray(8, 13);
      depth = d as number;
      colour = c as number;
      checkHeader(depth, colour);
      if (compression !== 0 || filter !== 0 || interlace !== 0) throw new Error('PNG uses an unsupported compression, filter method or interlacing');
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      ended = true;
    }
    pos = end + 4;
  }
  if (!ended || width === 0) throw new Error('PNG is truncated (no IHDR or IEND)');
  const compressed = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of idat) {
    compressed.set(c, offset);
    offset += c.length;
  }
  return { width, height, depth, colour, raw: unzlibSync(compressed) };
}

/**
 * Reverses the PNG row filters of `raw` (inflated IDAT: per row a filter
 * byte, then `stride` bytes) and calls `onRow(y, row)` with each row's bytes
 * (`bpp` bytes per pixel; the array is reused: copy what you keep). Throws on
 * a wrong data length or an unknown filter type.
 */
export function unfilterRows(raw: Uint8Array, height: number, stride: number, bpp: number, onRow: (y: number, row: Uint8Array) => void): void {
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG image data has ${raw.length} bytes, expected ${height * (stride + 1)}`);
  let prior = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    const type = raw[at]!;
    if (type > 4) throw new Error(`PNG row ${y} has unknown filter type ${type}`);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = prior[i]!;
      const c = i >= bpp ? prior[i - bpp]! : 0;
      const predicted = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
      row[i] = (raw[at + 1 + i]! + predicted) & 0xff;
    }
    onRow(y, row);
    [prior, row] = [row, prior];
  }
}
