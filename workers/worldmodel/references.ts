/**
 * Which reference frames a job's variations use: variation k is
 * conditioned on frame `pickReferenceFrames(count, K, seed)[k]` of the
 * reference (a video's decoded frames, or a folder's images in file-name
 * order). The choice depends only on the frame count, K and the seed:
 * distinct frames while the reference has enough, a seeded shuffle.
 */
import { Rng } from '../../scenes/rng';

/** Indices of the K reference frames (distinct when count >= K; else every frame, then again, each pass shuffled). */
export function pickReferenceFrames(count: number, k: number, seed: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`a reference needs at least one frame, got ${count}`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`variations must be a positive integer, got ${k}`);
  const picked: number[] = [];
  for (let pass = 0; picked.length < k; pass++) {
    const rng = Rng.fromKey('variation-references', seed, pass);
    const order = Array.from({ length: count }, (_, i) => i);
    // Partial Fisher-Yates: only as many draws as are needed.
    for (let i = 0; i < count && picked.length < k; i++) {
      const j = i + rng.int(count - i);
      [order[i], order[j]] = [order[j]!, order[i]!];
      picked.push(order[i]!);
    }
  }
  return picked;
}

/** Image file names of a reference folder in the order frames are numbered: by name, digits compared as numbers. */
export function orderReferenceFiles(names: readonly string[]): string[] {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
  return [...names].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** File names a reference folder may hold as frames (PNG, JPEG, WebP, BMP). */
export const REFERENCE_IMAGE = /\.(png|jpe?g|webp|bmp)$/i;
/** Video files a reference may be (decoded in the page: MP4, MOV, WebM, MKV). */
export const REFERENCE_VIDEO = /\.(mp4|m4v|mov|webm|mkv)$/i;
