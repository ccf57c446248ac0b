/**
 * Resizing images to the analysis size: scale to cover the target (keeping
 * the aspect ratio), crop the centre, and resample separably, by area
 * averaging when shrinking an axis (each output pixel is the mean of the
 * source area it covers, fractional pixels weighted) and bilinearly when
 * enlarging (pixel centres, as align_corners=False). Every source goes
 * through this one resampler, so the low-level statistics of two sets are
 * measured alike.
 */
import type { RgbImage } from './lowlevel';

/** Source pixels and weights of each output pixel along one axis. */
type Taps = { index: Int32Array; weight: Float64Array }[];

/** Taps for `out` pixels covering the source span [start, start + span) of an axis of `size` pixels. */
function axisTaps(size: number, start: number, span: number, out: number): Taps {
  const taps: Taps = [];
  const step = span / out;
  for (let o = 0; o < out; o++) {
    const index: number[] = [];
    const weight: number[] = [];
    if (step >= 1) {
      const a = start + o * step;
      const b = a + step;
      for (let s = Math.floor(a); s < Math.ceil(b); s++) {
        const w = Math.min(b, s + 1) - Math.max(a, s);
        if (w > 1e-12) {
          index.push(Math.min(size - 1, Math.max(0, s)));
          weight.push(w / step);
        }
      }
    } else {
      const centre = start + (o + 0.5) * step - 0.5;
      const s0 = Math.floor(centre);
      const f = centre - s0;
      index.push(Math.min(size - 1, Math.max(0, s0)), Math.min(size - 1, Math.max(0, s0 + 1)));
      weight.push(1 - f, f);
    }
    taps.push({ index: Int32Array.from(index), weight: Float64Array.from(weight) });
  }
  return taps;
}

/**
 * Resizes an 8-bit image with `channels` bytes per pixel (3 or 4; alpha is
 * dropped) to an RGB image of width x height, covering and centre-cropping.
 */
export function resizeCover(src: { width: number; height: number; data: Uint8Array; channels?: 3 | 4 }, width: number, height: number): RgbImage {
  const channels = src.channels ?? 3;
  if (src.data.length !== src.width * src.height * channels) {
    throw new Error(`resizeCover: ${src.data.length} bytes for ${src.width}x${src.height}x${channels}`);
  }
  const scale = Math.max(width / src.width, height / src.height);
  const spanX = width / scale;
  const spanY = height / scale;
  const tx = axisTaps(src.width, (src.width - spanX) / 2, spanX, width);
  const ty = axisTaps(src.height, (src.height - spanY) / 2, spanY, height);
  const rows = new Float64Array(src.height * width * 3);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < width; x++) {
      const { index, weight } = tx[x]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < index.length; k++) {
        const p = (y * src.width + index[k]!) * channels;
        r += weight[k]! * src.data[p]!;
        g += weight[k]! * src.data[p + 1]!;
        b += weight[k]! * src.data[p + 2]!;
      }
      const o = (y * width + x) * 3;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
    }
  }
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const { index, weight } = ty[y]!;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let v = 0;
        for (let k = 0; k < index.length; k++) v += weight[k]! * rows[(index[k]! * width + x) * 3 + c]!;
        data[(y * width + x) * 3 + c] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return { width, height, data };
}
