/**
 * Camera imaging as a post-process on rendered pixels (pure, no GPU), in
 * this order: exposure (scale linear light by 2^exposureEv and clip, via
 * the sRGB transfer curve), Gaussian blur (sigma blurPx pixels, separable,
 * edges clamped), Gaussian noise (std noiseStd x 255 per colour channel,
 * from a seeded stream), then rounding to 8 bits. Alpha is left at 255.
 * Also depth sensor noise. Usable on any RGBA8 image (e.g. world-model output).
 */
import type { Rng } from '../../scenes/rng';
import type { SensorNoise } from '../../scenes/schema/primitives';

/** The camera's imaging settings (scenes/schema/sensors.ts). */
export interface Imaging {
  /** Fraction of full scale. */
  noiseStd: number;
  /** Pixels. */
  blurPx: number;
  /** Stops. */
  exposureEv: number;
}

function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
}

/** 256-entry table: an 8-bit sRGB value after an exposure change of `ev` stops (as a real number, 0-255). */
export function exposureTable(ev: number): Float32Array {
  const gain = Math.pow(2, ev);
  const lut = new Float32Array(256);
  for (let i = 0; i < 256; i++) lut[i] = 255 * linearToSrgb(Math.min(1, srgbToLinear(i / 255) * gain));
  return lut;
}

/** Normalised 1D Gaussian kernel of standard deviation `sigma` pixels, radius ceil(3 sigma). */
export function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] as number) / sum;
  return k;
}

function blurPlane(src: Float32Array, tmp: Float32Array, width: number, height: number, k: Float32Array): void {
  const r = (k.length - 1) / 2;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) {
        const xx = Math.min(width - 1, Math.max(0, x + i));
        acc += (k[i + r] as number) * (src[row + xx] as number);
      }
      tmp[row + x] = acc;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) {
        const yy = Math.min(height - 1, Math.max(0, y + i));
        acc += (k[i + r] as number) * (tmp[yy * width + x] as number);
      }
      src[y * width + x] = acc;
    }
  }
}

/** Whether `imaging` changes pixels at all. */
export function imagingIsIdentity(imaging: Imaging): boolean {
  return imaging.noiseStd === 0 && imaging.blurPx === 0 && imaging.exposureEv === 0;
}

/** Applies exposure, blur and noise to `rgba` (RGBA8, in place). `rng` is drawn from only when noiseStd > 0. */
export function applyImaging(rgba: Uint8Array, width: number, height: number, imaging: Imaging, rng: Rng): void {
  if (imagingIsIdentity(imaging)) return;
  const n = width * height;
  const lut = exposureTable(imaging.exposureEv);
  const planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) (planes[c] as Float32Array)[i] = lut[rgba[i * 4 + c] as number] as number;
  }
  if (imaging.blurPx > 0) {
    const k = gaussianKernel(imaging.blurPx);
    const tmp = new Float32Array(n);
    for (const plane of planes) blurPlane(plane, tmp, width, height, k);
  }
  const std = imaging.noiseStd * 255;
  let spare = 0;
  let haveSpare = false;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      let v = (planes[c] as Float32Array)[i] as number;
      if (std > 0) {
        // Box-Muller, both outputs used.
        if (haveSpare) {
          v += std * spare;
          haveSpare = false;
        } else {
          const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
          const a = 2 * Math.PI * rng.next();
          v += std * r * Math.cos(a);
          spare = r * Math.sin(a);
          haveSpare = true;
        }
      }
      rgba[i * 4 + c] = Math.round(Math.min(255, Math.max(0, v)));
    }
    rgba[i * 4 + 3] = 255;
  }
}

/**
 * Depth sensor noise on pixels that see geometry (depth > 0): a dropped
 * reading becomes 0 (no reading); others get bias plus Gaussian noise
 * (metres) and are clipped to [near, far].
 */
export function applyDepthNoise(depth: Float32Array, noise: SensorNoise, near: number, far: number, gauss: Rng, drop: Rng): void {
  if (noise.gaussianStd === 0 && noise.bias === 0 && noise.dropout === 0) return;
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i] as number;
    if (d <= 0) continue;
    if (noise.dropout > 0 && drop.next() < noise.dropout) {
      depth[i] = 0;
      continue;
    }
    const v = noise.gaussianStd > 0 ? d + noise.bias + noise.gaussianStd * gauss.normal() : d + noise.bias;
    depth[i] = Math.min(far, Math.max(near, v));
  }
}
