/**
 * Statistics of camera features as LeRobot computes them per episode
 * (`compute_stats.py`: `compute_episode_stats`, `sample_images`,
 * `auto_downsample_height_width`): over a sample of the episode's frames
 * (`sample_indices`), each taken at every k-th row and column when it is
 * 300 pixels or more on a side, per colour channel, kept with shape
 * [channels, 1, 1]; RGB divided by 255, depth maps in their stored unit
 * (millimetres here). `count` is the number of sampled frames.
 *
 * The values are counted into histograms (256 bins for 8-bit colour, 65536
 * for 16-bit depth), from which min, max, mean, population std and the
 * quantiles follow exactly, with the same linear interpolation between order
 * statistics as stats.ts (LeRobot approximates quantiles with a 5000-bin
 * histogram of the values).
 *
 * The renderer builds the RGB histogram from the raw frames before encoding
 * (`RgbHistogramBuilder`, into `CameraMedia.rgbHistogram`); the writer builds
 * the depth histogram from the depth PNGs.
 */
import type { RgbHistogram } from '../media';
import { QUANTILES, type FeatureStats } from './stats';

/** LeRobot's `estimate_num_samples`: how many of `frames` frames its image statistics sample. */
export function estimateNumSamples(frames: number, minSamples = 100, maxSamples = 10_000, power = 0.75): number {
  const min = frames < minSamples ? frames : minSamples;
  return Math.max(min, Math.min(Math.trunc(frames ** power), maxSamples));
}

/** Python's `round` of a float: to nearest, ties to even. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * LeRobot's `sample_indices`: `np.round(np.linspace(0, frames - 1, n))` with
 * n = `estimateNumSamples(frames)`; every frame below 100 frames, then an
 * evenly spread sample. Increasing and distinct.
 */
export function sampleFrameIndices(frames: number): number[] {
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`an episode must have at least one frame, got ${frames}`);
  const n = estimateNumSamples(frames);
  if (n === 1) return [0];
  const step = (frames - 1) / (n - 1);
  const out = Array.from({ length: n }, (_, i) => roundHalfEven(i * step));
  out[n - 1] = frames - 1;
  return out;
}

/**
 * LeRobot's `auto_downsample_height_width`: images with a side of 300 pixels
 * or more keep every k-th row and column, k = floor(longer side / 150)
 * (the width when wider than tall, else the height); smaller images keep all.
 */
export function downsampleStep(width: number, height: number): number {
  if (Math.max(width, height) < 300) return 1;
  return Math.trunc((width > height ? width : height) / 150);
}

/** Counts the values of sampled frames into per-channel histograms. */
class SampledHistogram {
  private readonly sampled: ReadonlySet<number>;
  private readonly added = new Set<number>();
  private readonly step: number;
  readonly counts: Float64Array;

  constructor(
    private readonly what: string,
    frames: number,
    private readonly width: number,
    private readonly height: number,
    private readonly channels: number,
    readonly bins: number,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`${what}: image size must be positive whole numbers, got ${width}x${height}`);
    }
    this.sampled = new Set(sampleFrameIndices(frames));
    this.step = downsampleStep(width, height);
    this.counts = new Float64Array(channels * bins);
  }

  /** Frames LeRobot samples from the episode. */
  get sampledFrames(): number {
    return this.sampled.size;
  }

  wants(frame: number): boolean {
    return this.sampled.has(frame);
  }

  /** Counts a frame's pixels (row-major, `stride` values per pixel, the first `channels` of them counted) if the frame is sampled. */
  add(frame: number, pixels: ArrayLike<number>, stride: number): void {
    if (!this.sampled.has(frame)) return;
    if (this.added.has(frame)) throw new Error(`${this.what}: frame ${frame} was added twice`);
    const expected = this.width * this.height * stride;
    if (pixels.length !== expected) {
      throw new Error(`${this.what}: frame ${frame} has ${pixels.length} values, expected ${this.width}x${this.height}x${stride} = ${expected}`);
    }
    const { counts, bins, channels, step, width, height } = this;
    for (let y = 0; y < height; y += step) {
      for (let x = 0; x < width; x += step) {
        const p = (y * width + x) * stride;
        for (let c = 0; c < channels; c++) counts[c * bins + pixels[p + c]!]!++;
      }
    }
    this.added.add(frame);
  }

  /** Throws unless every sampled frame was added. */
  checkComplete(): void {
    if (this.added.size !== this.sampled.size) {
      const missing = [...this.sampled].filter((f) => !this.added.has(f));
      throw new Error(`${this.what}: sampled frames [${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', ...' : ''}] were not added`);
    }
  }
}

/**
 * Builds `CameraMedia.rgbHistogram` from an episode's raw frames: give it
 * every frame (or only those `wants` names) in any order; it counts the
 * frames and pixels LeRobot samples.
 */
export class RgbHistogramBuilder {
  private readonly histogram: SampledHistogram;

  /** For an episode of `frames` frames of `width` x `height` pixels. */
  constructor(frames: number, width: number, height: number) {
    this.histogram = new SampledHistogram('RGB histogram', frames, width, height, 3, 256);
  }

  /** Whether frame `index` is one LeRobot samples (others may be skipped). */
  wants(index: number): boolean {
    return this.histogram.wants(index);
  }

  /** Counts frame `index` if it is sampled: RGBA (default) or RGB bytes, row-major, row 0 at the top. */
  add(index: number, pixels: Uint8Array | Uint8ClampedArray, channels: 3 | 4 = 4): void {
    this.histogram.add(index, pixels, channels);
  }

  /** The histogram; throws unless every sampled frame was added. */
  result(): RgbHistogram {
    this.histogram.checkComplete();
    return { frames: this.histogram.sampledFrames, counts: this.histogram.counts.slice() };
  }
}

/** Counts depth frames (uint16 millimetres) as LeRobot samples them. */
export class DepthHistogramBuilder {
  private readonly histogram: SampledHistogram;

  constructor(frames: number, width: number, height: number) {
    this.histogram = new SampledHistogram('depth histogram', frames, width, height, 1, 65536);
  }

  wants(index: number): boolean {
    return this.histogram.wants(index);
  }

  add(index: number, mm: Uint16Array): void {
    this.histogram.add(index, mm, 1);
  }

  /** Statistics in millimetres, shape [1, 1, 1]; throws unless every sampled frame was added. */
  stats(): FeatureStats {
    this.histogram.checkComplete();
    return statsFromHistograms(this.histogram.counts, 1, 65536, this.histogram.sampledFrames, 1);
  }
}

/** The statistics of an RGB histogram, divided by 255 as LeRobot stores them. */
export function rgbStats(histogram: RgbHistogram): FeatureStats {
  return statsFromHistograms(histogram.counts, 3, 256, histogram.frames, 255);
}

/**
 * Per-channel statistics of values counted in histograms
 * (`counts[c * bins + v]` values v in channel c), divided by `scale`, with
 * `count` = `frames`. Every channel must count at least one value.
 */
export function statsFromHistograms(counts: Float64Array, channels: number, bins: number, frames: number, scale: number): FeatureStats {
  const make = () => new Float64Array(channels);
  const stats: FeatureStats = { min: make(), max: make(), mean: make(), std: make(), count: frames, q01: make(), q10: make(), q50: make(), q90: make(), q99: make() };
  for (let c = 0; c < channels; c++) {
    const h = counts.subarray(c * bins, (c + 1) * bins);
    let n = 0;
    let sum = 0;
    for (let v = 0; v < bins; v++) {
      n += h[v]!;
      sum += v * h[v]!;
    }
    if (n === 0) throw new Error(`histogram channel ${c} counts no values`);
    const mean = sum / n;
    let squares = 0;
    let min = -1;
    let max = -1;
    for (let v = 0; v < bins; v++) {
      if (h[v] === 0) continue;
      if (min < 0) min = v;
      max = v;
      squares += h[v]! * (v - mean) ** 2;
    }
    stats.min[c] = min / scale;
    stats.max[c] = max / scale;
    stats.mean[c] = mean / scale;
    stats.std[c] = Math.sqrt(squares / n) / scale;
    for (const [key, q] of QUANTILES) stats[key][c] = quantileOfHistogram(h, n, q) / scale;
  }
  return stats;
}

/** The value of order statistic k (0-based) of the values a histogram counts. */
function orderStatistic(h: Float64Array, k: number): number {
  let seen = 0;
  for (let v = 0; v < h.length; v++) {
    seen += h[v]!;
    if (seen > k) return v;
  }
  throw new Error(`order statistic ${k} beyond the ${seen} values counted`);
}

/** Linear interpolation between the order statistics around q * (n - 1), as `quantileOfSorted`. */
function quantileOfHistogram(h: Float64Array, n: number, q: number): number {
  const position = q * (n - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, n - 1);
  const a = orderStatistic(h, lower);
  return a + (position - lower) * (orderStatistic(h, upper) - a);
}
