/**
 * Camera statistics as LeRobot computes them, checked against numpy (Debian's
 * python3-numpy, which h5py brings): which frames LeRobot samples
 * (`sample_indices`), how it downsamples (`auto_downsample_height_width`),
 * and per-channel min, max, mean, std and quantiles of the sampled pixels,
 * RGB divided by 255, depth in millimetres.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../scenes/rng';
import { DepthHistogramBuilder, RgbHistogramBuilder, downsampleStep, rgbStats, sampleFrameIndices } from '../../exporters/lerobot/image-stats';
import type { FeatureStats } from '../../exporters/lerobot/stats';
import { tempFolder } from './builders';

const PYTHON = '/usr/bin/python3';
const dir = tempFolder('lerobot-image-stats-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python(script: string, input = ''): string {
  return execFileSync(PYTHON, ['-c', script], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** LeRobot's compute_stats.py sampling, verbatim in numpy. */
const LEROBOT_SAMPLING = `
import json, sys
import numpy as np
def estimate_num_samples(dataset_len, min_num_samples=100, max_num_samples=10_000, power=0.75):
    if dataset_len < min_num_samples:
        min_num_samples = dataset_len
    return max(min_num_samples, min(int(dataset_len**power), max_num_samples))
def sample_indices(data_len):
    num_samples = estimate_num_samples(data_len)
    return np.round(np.linspace(0, data_len - 1, num_samples)).astype(int).tolist()
def auto_downsample_height_width(img, target_size=150, max_size_threshold=300):
    _, height, width = img.shape
    if max(width, height) < max_size_threshold:
        return img
    downsample_factor = int(width / target_size) if width > height else int(height / target_size)
    return img[:, ::downsample_factor, ::downsample_factor]
`;

const STATS_OF_SAMPLE = `
${LEROBOT_SAMPLING}
request = json.loads(sys.stdin.read())
frames, height, width, channels, dtype = request["frames"], request["height"], request["width"], request["channels"], request["dtype"]
data = np.fromfile(request["path"], dtype=dtype).reshape(frames, height, width, channels).transpose(0, 3, 1, 2)
images = np.stack([auto_downsample_height_width(data[i]) for i in sample_indices(frames)])
values = images.transpose(0, 2, 3, 1).reshape(-1, channels).astype(np.float64) / request["scale"]
out = {"count": len(images), "min": values.min(0).tolist(), "max": values.max(0).tolist(), "mean": values.mean(0).tolist(), "std": values.std(0).tolist()}
for key, q in [("q01", 0.01), ("q10", 0.1), ("q50", 0.5), ("q90", 0.9), ("q99", 0.99)]:
    out[key] = np.quantile(values, q, axis=0).tolist()
print(json.dumps(out))
`;

function expectStatsClose(actual: FeatureStats, expected: Record<string, number[] | number>): void {
  expect(actual.count).toBe(expected.count);
  for (const key of ['min', 'max', 'mean', 'std', 'q01', 'q10', 'q50', 'q90', 'q99'] as const) {
    const want = expected[key] as number[];
    Array.from(actual[key]).forEach((v, c) => expect(v, `${key}[${c}]`).toBeCloseTo(want[c]!, 10));
  }
}

describe("LeRobot's frame sampling", () => {
  it('picks the frames numpy picks, for every length up to 2500 and some longer ones', () => {
    const lengths = [...Array.from({ length: 2500 }, (_, i) => i + 1), 4096, 9999, 10_000, 10_001, 12_345, 100_000, 2_000_000];
    const ours = lengths.map(sampleFrameIndices);
    const theirs = JSON.parse(python(`${LEROBOT_SAMPLING}\nprint(json.dumps([sample_indices(n) for n in json.loads(sys.stdin.read())]))`, JSON.stringify(lengths))) as number[][];
    lengths.forEach((n, i) => expect(ours[i], `${n} frames`).toEqual(theirs[i]));
    expect(sampleFrameIndices(50)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(sampleFrameIndices(200)).toHaveLength(100);
  });

  it('downsamples images of 300 pixels or more by the longer side over 150', () => {
    expect([[256, 256], [299, 120], [300, 200], [640, 480], [480, 640], [1280, 720], [64, 48]].map(([w, h]) => downsampleStep(w!, h!)))
      .toEqual([1, 1, 2, 4, 4, 8, 1]);
  });
});

describe('camera statistics from histograms', () => {
  it('equal numpy over the sampled, downsampled RGB pixels, divided by 255', () => {
    const [frames, width, height] = [105, 300, 90];
    const rng = Rng.fromKey('image-stats', 1);
    const rgba = new Uint8Array(frames * width * height * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : Math.min(255, Math.max(0, 60 + 50 * (i % 4) + rng.int(41) * (1 + (i % 4)) - 40));
    const builder = new RgbHistogramBuilder(frames, width, height);
    const frameBytes = width * height * 4;
    for (let f = frames - 1; f >= 0; f--) builder.add(f, rgba.subarray(f * frameBytes, (f + 1) * frameBytes));
    const histogram = builder.result();
    expect(histogram.frames).toBe(100);
    const path = join(dir, 'rgba.bin');
    writeFileSync(path, rgba);
    const expected = JSON.parse(python(STATS_OF_SAMPLE, JSON.stringify({ path, frames, height, width, channels: 4, dtype: 'uint8', scale: 255 })));
    // numpy saw the alpha channel too: compare the colour channels.
    for (const key of ['min', 'max', 'mean', 'std', 'q01', 'q10', 'q50', 'q90', 'q99']) expected[key] = expected[key].slice(0, 3);
    expectStatsClose(rgbStats(histogram), expected);
  });

  it('equal numpy over the sampled depth pixels, in millimetres', () => {
    const [frames, width, height] = [40, 96, 64];
    const rng = Rng.fromKey('image-stats', 2);
    const mm = Uint16Array.from({ length: frames * width * height }, () => (rng.uniform(0, 1) < 0.1 ? 0 : Math.round(rng.uniform(200, 40_000))));
    const builder = new DepthHistogramBuilder(frames, width, height);
    for (let f = 0; f < frames; f++) if (builder.wants(f)) builder.add(f, mm.subarray(f * width * height, (f + 1) * width * height));
    const path = join(dir, 'depth.bin');
    writeFileSync(path, new Uint8Array(mm.buffer));
    const expected = JSON.parse(python(STATS_OF_SAMPLE, JSON.stringify({ path, frames, height, width, channels: 1, dtype: '<u2', scale: 1 })));
    expectStatsClose(builder.stats(), expected);
  });

  it('refuse to finish before every sampled frame was added, and frames of the wrong size', () => {
    const builder = new RgbHistogramBuilder(3, 4, 2);
    builder.add(0, new Uint8Array(32));
    expect(() => builder.add(1, new Uint8Array(24))).toThrow(/frame 1 has 24 values, expected 4x2x4 = 32/);
    expect(() => builder.result()).toThrow(/sampled frames \[1, 2\] were not added/);
  });
});
