/**
 * Depth kept lossless. A lossy video codec would smear metric depth (and
 * 8-bit 4:2:0 cannot hold it), so depth is stored as uint16 millimetres in
 * 16-bit greyscale PNG frames, as a LeRobot image feature: `dtype: "image"`,
 * one PNG per frame in a `struct<bytes: binary, path: string>` column of the
 * data files, the way Hugging Face `datasets` stores an `Image` (LeRobot
 * decodes it with PIL). 0 means no return (no hit, or beyond range).
 *
 * The default range ends at 32767 mm (32.767 m): torchvision's `ToTensor`,
 * which LeRobot applies to PIL images, reads 16-bit greyscale as int16, so
 * larger values would come back negative.
 */
import { decodePng16, encodePng16, type Png16Options } from './png16';

/** Stored depth value meaning "no return". */
export const DEPTH_NO_RETURN = 0;
/** Default largest stored depth, millimetres. */
export const DEFAULT_MAX_DEPTH_MM = 32767;

export interface DepthQuantization {
  /** Depths above this many millimetres (after rounding) are stored as no return. Default 32767; at most 65535. */
  maxMillimetres?: number;
}

/**
 * Metres to uint16 millimetres, rounded to nearest (error at most 0.5 mm).
 * Not finite, zero or negative depths, and depths beyond the range, become 0 (no return).
 */
export function depthToMillimetres(metres: ArrayLike<number>, options: DepthQuantization = {}): Uint16Array {
  const max = options.maxMillimetres ?? DEFAULT_MAX_DEPTH_MM;
  if (!Number.isInteger(max) || max < 1 || max > 0xffff) throw new Error(`maxMillimetres must be an integer in 1..65535, got ${max}`);
  const out = new Uint16Array(metres.length);
  for (let i = 0; i < metres.length; i++) {
    const mm = Math.round(metres[i]! * 1000);
    out[i] = Number.isFinite(mm) && mm >= 1 && mm <= max ? mm : DEPTH_NO_RETURN;
  }
  return out;
}

/** uint16 millimetres back to metres; no return (0) stays 0. */
export function millimetresToMetres(mm: ArrayLike<number>): Float32Array {
  const out = new Float32Array(mm.length);
  for (let i = 0; i < mm.length; i++) out[i] = mm[i]! / 1000;
  return out;
}

/** One frame's cell of a LeRobot image column (Hugging Face `Image` storage). */
export interface ImageCell {
  bytes: Uint8Array;
  /** The file name the image would have; null when it never had one. */
  path: string | null;
}

/** A depth frame (uint16 millimetres, row-major) as a PNG image cell. */
export function depthImageCell(
  mm: Uint16Array, width: number, height: number, path: string | null = null, options: Png16Options = {},
): ImageCell {
  return { bytes: encodePng16({ width, height, data: mm }, options), path };
}

/** The millimetres of a depth image cell's PNG. */
export function depthFromImageCell(cell: Pick<ImageCell, 'bytes'>): { width: number; height: number; mm: Uint16Array } {
  const { width, height, data } = decodePng16(cell.bytes);
  return { width, height, mm: data };
}

/** The `meta/info.json` feature entry of a depth image feature: one channel of uint16 millimetres. */
export function depthFeatureEntry(height: number, width: number): { dtype: 'image'; shape: [number, number, number]; names: string[] } {
  return { dtype: 'image', shape: [height, width, 1], names: ['height', 'width', 'channels'] };
}

/** The Hugging Face `datasets` feature of an image column, as `Features.to_dict()` writes it. */
export const HF_IMAGE_FEATURE = { _type: 'Image' } as const;
