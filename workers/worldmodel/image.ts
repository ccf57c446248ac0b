/**
 * Image helpers of the world-model path: RGBA8 frames to planar float RGB
 * (values in [0, 1], [channel][row][column]) with resizing, luma, and back
 * to RGBA8. Resizing is separable: along an axis that shrinks, each output
 * pixel is the area average of the input pixels it covers (fractional
 * coverage at its ends); along an axis that grows, linear interpolation
 * between pixel centres (edges clamped).
 */

/** An RGBA8 image, row 0 at the top. */
export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes. */
  data: Uint8Array | Uint8ClampedArray;
}

/** Planar float RGB: `data[c * width * height + y * width + x]`, values in [0, 1]. */
export interface PlanarRgb {
  width: number;
  height: number;
  data: Float32Array;
}

/** Per output position along one axis: the input indices and weights (summing to 1) that make it. */
function axisWeights(from: number, to: number): { index: Int32Array; weight: Float32Array; start: Int32Array } {
  const idx: number[] = [];
  const wts: number[] = [];
  const start = new Int32Array(to + 1);
  const scale = from / to;
  for (let o = 0; o < to; o++) {
    start[o] = idx.length;
    if (to <= from) {
      // Area: input span [o * scale, (o + 1) * scale).
      const a = o * scale;
      const b = (o + 1) * scale;
      for (let i = Math.floor(a); i < Math.min(from, Math.ceil(b)); i++) {
        const cover = Math.min(b, i + 1) - Math.max(a, i);
        if (cover > 1e-9) {
          idx.push(i);
          wts.push(cover / scale);
        }
      }
    } else {
      // Linear between centres: output centre (o + 0.5) maps to input position (o + 0.5) * scale - 0.5.
      const p = Math.min(from - 1, Math.max(0, (o + 0.5) * scale - 0.5));
      const i0 = Math.floor(p);
      const f = p - i0;
      idx.push(i0);
      wts.push(1 - f);
      if (f > 0 && i0 + 1 < from) {
        idx.push(i0 + 1);
        wts.push(f);
      }
    }
  }
  start[to] = idx.length;
  return { index: Int32Array.from(idx), weight: Float32Array.from(wts), start };
}

/** Resizes an RGBA8 image to planar float RGB of `width` x `height` (alpha dropped). */
export function resizeToPlanar(image: RgbaImage, width: number, height: number): PlanarRgb {
  const { width: w, height: h, data } = image;
  if (!(w > 0 && h > 0 && data.length === w * h * 4)) throw new Error(`an RGBA image of ${w}x${h} needs ${w * h * 4} bytes, got ${data.length}`);
  const xs = axisWeights(w, width);
  const ys = axisWeights(h, height);
  // Rows first: [3][h][width].
  const tmp = new Float32Array(3 * h * width);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = xs.start[x]!; k < xs.start[x + 1]!; k++) {
        const i = (y * w + xs.index[k]!) * 4;
        const wt = xs.weight[k]!;
        r += data[i]! * wt;
        g += data[i + 1]! * wt;
        b += data[i + 2]! * wt;
      }
      const o = y * width + x;
      tmp[o] = r / 255;
      tmp[h * width + o] = g / 255;
      tmp[2 * h * width + o] = b / 255;
    }
  }
  const out = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let v = 0;
        for (let k = ys.start[y]!; k < ys.start[y + 1]!; k++) v += tmp[c * h * width + ys.index[k]! * width + x]! * ys.weight[k]!;
        out[c * width * height + y * width + x] = v;
      }
    }
  }
  return { width, height, data: out };
}

/** Luma (0.299 R + 0.587 G + 0.114 B) of planar RGB. */
export function lumaOf(image: PlanarRgb): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const d = image.data;
  for (let i = 0; i < n; i++) out[i] = 0.299 * d[i]! + 0.587 * d[n + i]! + 0.114 * d[2 * n + i]!;
  return out;
}

/** Luma of an RGBA8 image, in [0, 1]. */
export function lumaOfRgba(data: Uint8Array | Uint8ClampedArray, pixels: number): Float32Array {
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) out[i] = (0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!) / 255;
  return out;
}

/** Planar float RGB to RGBA8 (values clamped to [0, 1], rounded; alpha 255). */
export function planarToRgba(image: PlanarRgb, out = new Uint8Array(image.width * image.height * 4)): Uint8Array {
  const n = image.width * image.height;
  const d = image.data;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const v = d[c * n + i]!;
      out[i * 4 + c] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}
