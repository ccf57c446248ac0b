/**
 * The sensor look of a reference and how it is put on a world model's
 * output (manifest `postprocess.noiseAndBlurFromReference`): a net trained
 * with an L1 loss averages sensor noise and blur away, so the runner
 * measures both on the reference frame (resized to the output's size, so
 * they are what a real frame looks like at that size) and on the net's
 * output, and adds the difference, seeded, after the net.
 *
 * - Noise: standard deviation of additive white noise, in [0, 1] units of
 *   intensity, by Immerkaer's estimator (Fast Noise Variance Estimation,
 *   1996: sigma = sqrt(pi/2) / 6 * mean |I * N|, N the 3x3 Laplacian
 *   difference mask) over the non-edge pixels (the 90% of interior pixels
 *   with the smallest Sobel gradient, as Tai and Yang 2008 suggest).
 * - Blur: the standard deviation, pixels, of the Gaussian that turns a sharp
 *   step edge into edges as soft as the image's: the ratio of the energy of
 *   lag-1 to lag-2 differences (noise energy removed) is 1/2 for a sharp
 *   step and falls toward 1/4 as blur grows; it is mapped to a sigma by a
 *   table made with the same discrete Gaussian `gaussianBlur` applies.
 * - Applied: blur of sqrt(max(0, s_ref^2 - s_out^2)) then noise of
 *   sqrt(max(0, n_ref^2 - n_out^2)), the noise drawn from a stream keyed by
 *   the caller (e.g. variation seed, episode seed, camera, frame).
 */
import { Rng, type KeyPart } from '../../scenes/rng';
import type { PlanarRgb } from './image';

/** Sensor noise and blur of an image. */
export interface SensorLook {
  /** Noise standard deviation, intensity in [0, 1]. */
  noiseSigma: number;
  /** Gaussian blur standard deviation, pixels. */
  blurSigma: number;
}

/** Largest blur sigma estimated or applied, pixels. */
export const MAX_BLUR_SIGMA = 6;

/** Noise sigma (intensity units) of a luma image by Immerkaer's estimator over its non-edge pixels. */
export function estimateNoiseSigma(luma: Float32Array, width: number, height: number): number {
  if (width < 3 || height < 3) return 0;
  const count = (width - 2) * (height - 2);
  const lap = new Float32Array(count);
  const grad = new Float32Array(count);
  let k = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = luma[i - width - 1]!, b = luma[i - width]!, c = luma[i - width + 1]!;
      const d = luma[i - 1]!, e = luma[i]!, f = luma[i + 1]!;
      const g = luma[i + width - 1]!, h = luma[i + width]!, j = luma[i + width + 1]!;
      lap[k] = Math.abs(a - 2 * b + c - 2 * d + 4 * e - 2 * f + g - 2 * h + j);
      const gx = c + 2 * f + j - a - 2 * d - g;
      const gy = g + 2 * h + j - a - 2 * b - c;
      grad[k++] = gx * gx + gy * gy;
    }
  }
  const threshold = quantile(grad, 0.9);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < count; i++) {
    if (grad[i]! <= threshold) {
      sum += lap[i]!;
      n++;
    }
  }
  return n === 0 ? 0 : (Math.sqrt(Math.PI / 2) / 6) * (sum / n);
}

function quantile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Sums (and counts) of squared lag-1 and lag-2 differences along rows and columns. */
function differenceEnergy(luma: Float32Array, width: number, height: number): { e1: number; n1: number; e2: number; n2: number } {
  let e1 = 0, n1 = 0, e2 = 0, n2 = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = luma[i]!;
      if (x + 1 < width) { const d = luma[i + 1]! - v; e1 += d * d; n1++; }
      if (y + 1 < height) { const d = luma[i + width]! - v; e1 += d * d; n1++; }
      if (x + 2 < width) { const d = luma[i + 2]! - v; e2 += d * d; n2++; }
      if (y + 2 < height) { const d = luma[i + 2 * width]! - v; e2 += d * d; n2++; }
    }
  }
  return { e1, n1, e2, n2 };
}

let calibration: { sigma: number; ratio: number }[] | undefined;

/** Lag-1 / lag-2 difference energy ratio of a unit step blurred by `gaussianBlur1d`, for sigma 0..MAX_BLUR_SIGMA. */
function blurCalibration(): { sigma: number; ratio: number }[] {
  if (calibration) return calibration;
  const n = 96;
  calibration = [];
  for (let s = 0; s <= MAX_BLUR_SIGMA + 1e-9; s += 0.05) {
    const line = new Float32Array(n);
    for (let x = n / 2; x < n; x++) line[x] = 1;
    const blurred = gaussianBlur1d(line, n, 1, s);
    const { e1, e2 } = differenceEnergy(blurred, n, 1);
    calibration.push({ sigma: s, ratio: e1 / e2 });
  }
  return calibration;
}

/** Blur sigma (pixels) of a luma image, given its noise sigma (see the file comment). */
export function estimateBlurSigma(luma: Float32Array, width: number, height: number, noiseSigma: number): number {
  // Sums, not means: a step edge adds the same to each whatever the image size; noise adds 2 sigma^2 per difference.
  const { e1, n1, e2, n2 } = differenceEnergy(luma, width, height);
  const noise = 2 * noiseSigma * noiseSigma;
  const s1 = e1 - n1 * noise;
  const s2 = e2 - n2 * noise;
  if (!(s1 > 1e-8 && s2 > 1e-8)) return 0; // flat: no edge to measure
  const ratio = s1 / s2;
  const table = blurCalibration();
  if (ratio >= table[0]!.ratio) return 0;
  for (let i = 1; i < table.length; i++) {
    const hi = table[i - 1]!, lo = table[i]!;
    if (ratio >= lo.ratio) return hi.sigma + ((hi.ratio - ratio) / (hi.ratio - lo.ratio)) * (lo.sigma - hi.sigma);
  }
  return MAX_BLUR_SIGMA;
}

/** Noise and blur of a luma image. */
export function sensorLook(luma: Float32Array, width: number, height: number): SensorLook {
  const noiseSigma = estimateNoiseSigma(luma, width, height);
  return { noiseSigma, blurSigma: estimateBlurSigma(luma, width, height, noiseSigma) };
}

/** What to add to an output of look `output` so it looks like `reference`. */
export function lookDifference(reference: SensorLook, output: SensorLook): SensorLook {
  return {
    noiseSigma: Math.sqrt(Math.max(0, reference.noiseSigma ** 2 - output.noiseSigma ** 2)),
    blurSigma: Math.min(MAX_BLUR_SIGMA, Math.sqrt(Math.max(0, reference.blurSigma ** 2 - output.blurSigma ** 2))),
  };
}

function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

/** A copy of a width x height plane (`planes` of them back to back) blurred along rows and columns; edges clamped; sigma < 0.05 copies. */
function gaussianBlur1d(data: Float32Array, width: number, height: number, sigma: number, planes = 1): Float32Array {
  if (sigma < 0.05) return Float32Array.from(data);
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float32Array(data.length);
  const out = new Float32Array(data.length);
  const padded = new Float32Array(width + 2 * r);
  for (let p = 0; p < planes; p++) {
    const base = p * width * height;
    // Rows: each row padded by repeating its end pixels, then convolved without bounds checks.
    for (let y = 0; y < height; y++) {
      const row = base + y * width;
      padded.set(data.subarray(row, row + width), r);
      padded.fill(data[row]!, 0, r);
      padded.fill(data[row + width - 1]!, r + width);
      for (let x = 0; x < width; x++) {
        let v = 0;
        for (let j = 0; j < k.length; j++) v += padded[x + j]! * k[j]!;
        tmp[row + x] = v;
      }
    }
    // Columns: whole rows at a time (contiguous inner loop), rows clamped at the edges.
    for (let y = 0; y < height; y++) {
      const dst = base + y * width;
      for (let j = -r; j <= r; j++) {
        const src = base + Math.min(height - 1, Math.max(0, y + j)) * width;
        const w = k[j + r]!;
        for (let x = 0; x < width; x++) out[dst + x] = out[dst + x]! + tmp[src + x]! * w;
      }
    }
  }
  return out;
}

/** Planar RGB blurred by a Gaussian of `sigma` pixels (a copy). */
export function gaussianBlur(image: PlanarRgb, sigma: number): PlanarRgb {
  return { width: image.width, height: image.height, data: gaussianBlur1d(image.data, image.width, image.height, sigma, 3) };
}

let normalTable: Float32Array | undefined;

/** 65536 standard normal quantiles Phi^-1((j + 0.5) / 65536): a seeded 16-bit index gives a normal draw (two per 32-bit word). */
function normals(): Float32Array {
  if (normalTable) return normalTable;
  normalTable = new Float32Array(65536);
  for (let j = 0; j < 65536; j++) normalTable[j] = inverseNormal((j + 0.5) / 65536);
  return normalTable;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628274631];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Adds white Gaussian noise of `sigma` to every value, in place. The draws
 * are counter-based: value pair j takes the 32-bit word fmix32(base + j *
 * 0x9e3779b9) (MurmurHash3's finaliser), base drawn from the stream keyed by
 * `key`; each half-word indexes the table of normal quantiles.
 */
export function addNoise(image: PlanarRgb, sigma: number, key: readonly KeyPart[]): void {
  if (sigma <= 0) return;
  const table = normals();
  const base = Rng.fromKey('world-model-noise', ...key).nextU32();
  const d = image.data;
  for (let i = 0, j = 0; i < d.length; i += 2, j++) {
    let h = (base + Math.imul(j, 0x9e3779b9)) | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    d[i] = d[i]! + sigma * table[h & 0xffff]!;
    if (i + 1 < d.length) d[i + 1] = d[i + 1]! + sigma * table[(h >>> 16) & 0xffff]!;
  }
}

/** Applies `add` (blur, then noise keyed by `key`) to an output frame; returns the result (a new image when blurred). */
export function applyLook(image: PlanarRgb, add: SensorLook, key: readonly KeyPart[]): PlanarRgb {
  const out = add.blurSigma >= 0.3 ? gaussianBlur(image, add.blurSigma) : image;
  addNoise(out, add.noiseSigma, key);
  return out;
}
