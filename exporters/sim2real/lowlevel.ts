/**
 * Low-level image statistics that explain where two image sets differ,
 * measured per image at the analysis size (all images resized alike):
 *
 * - per-channel histograms of 8-bit values (counts over 0..255), compared
 *   by the Wasserstein-1 distance between the value distributions (in 8-bit
 *   levels: how far, on average, values must move to match)
 * - radial power-spectrum slope: luma minus its mean, times a 2D Hann
 *   window, 2D FFT; power averaged over rings of integer radius
 *   round(sqrt(fx^2 + fy^2)) for radii 1 .. N/2 - 1 (cycles per image); the
 *   least-squares slope of log10(power) on log10(radius) (natural images are
 *   near -2; blur makes it steeper, noise flatter)
 * - sharpness: variance of the 4-neighbour Laplacian of luma over the
 *   interior pixels (8-bit levels squared)
 * - noise level: Immerkaer's (1996) estimate sigma = sqrt(pi / 2) /
 *   (6 (W - 2)(H - 2)) * sum |I * M| with M = [1 -2 1; -2 4 -2; 1 -2 1] over
 *   the interior (8-bit levels)
 * - depth hole ratio: share of depth pixels with no return (value 0)
 *
 * Luma is 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601) on 0..255.
 */
import { fft2d } from './fft';

/** An 8-bit RGB image, row-major, top row first, 3 bytes per pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Counts of each 8-bit value per channel (R, G, B), summed over `images`. */
export function channelCounts(images: readonly RgbImage[]): [Float64Array, Float64Array, Float64Array] {
  const counts: [Float64Array, Float64Array, Float64Array] = [new Float64Array(256), new Float64Array(256), new Float64Array(256)];
  for (const image of images) {
    const d = image.data;
    for (let i = 0; i < d.length; i += 3) {
      counts[0][d[i]!]!++;
      counts[1][d[i + 1]!]!++;
      counts[2][d[i + 2]!]!++;
    }
  }
  return counts;
}

/** Wasserstein-1 distance between two distributions over 0..255 given by counts: sum of |CDF_a - CDF_b|, in 8-bit levels. */
export function histogramW1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ta = 0;
  let tb = 0;
  for (let k = 0; k < a.length; k++) {
    ta += a[k]!;
    tb += b[k]!;
  }
  let ca = 0;
  let cb = 0;
  let total = 0;
  for (let k = 0; k < a.length - 1; k++) {
    ca += a[k]!;
    cb += b[k]!;
    total += Math.abs(ca / ta - cb / tb);
  }
  return total;
}

/** BT.601 luma of every pixel, 0..255. */
export function luma(image: RgbImage): Float64Array {
  const out = new Float64Array(image.width * image.height);
  const d = image.data;
  for (let i = 0; i < out.length; i++) out[i] = 0.299 * d[3 * i]! + 0.587 * d[3 * i + 1]! + 0.114 * d[3 * i + 2]!;
  return out;
}

/** numpy.hanning(n): 0.5 - 0.5 cos(2 pi k / (n - 1)). */
function hann(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => (n === 1 ? 1 : 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / (n - 1))));
}

/** Mean power per ring of integer radius 0 .. N/2 of a square N x N luma image (mean removed, Hann-windowed). */
export function radialPower(gray: Float64Array, n: number): Float64Array {
  let mean = 0;
  for (const v of gray) mean += v;
  mean /= gray.length;
  const w = hann(n);
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) re[y * n + x] = (gray[y * n + x]! - mean) * w[y]! * w[x]!;
  fft2d(re, im, n, n);
  const half = n / 2;
  const sum = new Float64Array(half + 1);
  const count = new Float64Array(half + 1);
  for (let y = 0; y < n; y++) {
    const fy = y < half ? y : y - n;
    for (let x = 0; x < n; x++) {
      const fx = x < half ? x : x - n;
      const r = Math.round(Math.sqrt(fx * fx + fy * fy));
      if (r > half) continue;
      sum[r]! += re[y * n + x]! ** 2 + im[y * n + x]! ** 2;
      count[r]!++;
    }
  }
  return sum.map((s, r) => s / count[r]!);
}

/** Least-squares slope of log10(power) on log10(radius) over radii 1 .. N/2 - 1; NaN for a flat image. */
export function spectrumSlope(gray: Float64Array, n: number): number {
  const power = radialPower(gray, n);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let r = 1; r < n / 2; r++) {
    if (!(power[r]! > 0)) return NaN;
    xs.push(Math.log10(r));
    ys.push(Math.log10(power[r]!));
  }
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
  });
  return sxy / sxx;
}

/** Variance of the 4-neighbour Laplacian over interior pixels, 8-bit levels squared. */
export function sharpness(gray: Float64Array, width: number, height: number): number {
  let sum = 0;
  let sum2 = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v = gray[i - width]! + gray[i + width]! + gray[i - 1]! + gray[i + 1]! - 4 * gray[i]!;
      sum += v;
      sum2 += v * v;
      count++;
    }
  }
  const mean = sum / count;
  return sum2 / count - mean * mean;
}

/** Immerkaer's noise standard deviation estimate, 8-bit levels. */
export function noiseSigma(gray: Float64Array, width: number, height: number): number {
  let total = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v =
        gray[i - width - 1]! - 2 * gray[i - width]! + gray[i - width + 1]! -
        2 * gray[i - 1]! + 4 * gray[i]! - 2 * gray[i + 1]! +
        gray[i + width - 1]! - 2 * gray[i + width]! + gray[i + width + 1]!;
      total += Math.abs(v);
    }
  }
  return (Math.sqrt(Math.PI / 2) * total) / (6 * (width - 2) * (height - 2));
}

/** Share of depth pixels with no return (value 0), 0..1. */
export function depthHoleRatio(depth: ArrayLike<number>): number {
  let holes = 0;
  for (let i = 0; i < depth.length; i++) if (depth[i] === 0) holes++;
  return holes / depth.length;
}

/** The per-image scalar statistics of one image. */
export interface ImageScalars {
  spectrumSlope: number;
  sharpness: number;
  noise: number;
}

/** Spectrum slope, sharpness and noise of one square image. */
export function imageScalars(image: RgbImage): ImageScalars {
  if (image.width !== image.height || image.width & (image.width - 1)) {
    throw new Error(`low-level statistics need a square power-of-two analysis size, got ${image.width}x${image.height}`);
  }
  const gray = luma(image);
  return {
    spectrumSlope: spectrumSlope(gray, image.width),
    sharpness: sharpness(gray, image.width, image.height),
    noise: noiseSigma(gray, image.width, image.height),
  };
}
