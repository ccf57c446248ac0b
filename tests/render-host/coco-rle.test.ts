/**
 * COCO RLE (exporters/coco-rle.ts): column-major runs starting with 0s,
 * decoding back to the mask, pycocotools' compressed strings (golden strings
 * from pycocotools' C `rleToString`, compiled), area and bbox.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeMaskRle, encodeLabelRles, encodeMaskRle, rleArea, rleBbox, rleCountsFromString, rleCountsToString,
} from '../../exporters/coco-rle';
import { Rng } from '../../scenes/rng';

/** A label image (row-major) from rows of ids. */
function image(rows: number[][]): { ids: Uint16Array; width: number; height: number } {
  return { ids: Uint16Array.from(rows.flat()), width: rows[0]!.length, height: rows.length };
}

/** A random label image of blobs (ids 0..3), seeded. */
function randomLabels(width: number, height: number, seed: number): Uint16Array {
  const rng = Rng.fromKey('rle-test', seed);
  const ids = new Uint16Array(width * height);
  for (let b = 0; b < 6; b++) {
    const id = 1 + Math.floor(rng.next() * 3);
    const x0 = Math.floor(rng.next() * width);
    const y0 = Math.floor(rng.next() * height);
    const w = 1 + Math.floor(rng.next() * width / 2);
    const h = 1 + Math.floor(rng.next() * height / 2);
    for (let y = y0; y < Math.min(height, y0 + h); y++) for (let x = x0; x < Math.min(width, x0 + w); x++) ids[y * width + x] = id;
  }
  return ids;
}

describe('COCO RLE', () => {
  it('runs down columns (Fortran order), starting with a run of 0s', () => {
    // 3 rows x 4 columns; column-major pixels of id 7: col0 [0,1,1], col1 [0,0,0], col2 [1,1,0], col3 [0,0,1]
    const { ids, width, height } = image([
      [0, 0, 7, 0],
      [7, 0, 7, 0],
      [7, 0, 0, 7],
    ]);
    expect(encodeMaskRle(ids, width, height, 7)).toEqual({ size: [3, 4], counts: [1, 2, 3, 2, 3, 1] });
    // A mask whose first pixel is set starts with an empty run of 0s; one ending in 1s ends with that run.
    // rows [5, 5], [0, 5]: column-major 1, 0, 1, 1
    expect(encodeMaskRle(Uint16Array.from([5, 5, 0, 5]), 2, 2, 5)).toEqual({ size: [2, 2], counts: [0, 1, 1, 2] });
    expect(encodeMaskRle(Uint16Array.from([0, 0, 0, 0]), 2, 2, 5)).toEqual({ size: [2, 2], counts: [4] });
  });

  it('encodes every id of a label image in one pass, equal to one mask at a time, and decodes back', () => {
    for (const [width, height, seed] of [[17, 11, 1], [64, 48, 2], [1, 9, 3], [9, 1, 4]] as const) {
      const ids = randomLabels(width, height, seed);
      const all = encodeLabelRles(ids, width, height);
      const present = [...new Set(ids)].filter((id) => id !== 0).sort((a, b) => a - b);
      expect([...all.keys()]).toEqual(present);
      for (const id of present) {
        const rle = all.get(id)!;
        expect(rle).toEqual(encodeMaskRle(ids, width, height, id));
        expect(rle.counts.reduce((a, b) => a + b, 0)).toBe(width * height);
        const mask = decodeMaskRle(rle);
        expect(Array.from(mask)).toEqual(Array.from(ids, (v) => (v === id ? 1 : 0)));
        expect(rleArea(rle)).toBe(ids.filter((v) => v === id).length);
      }
    }
  });

  it('gives the bbox of the set pixels as pycocotools toBbox ([x, y, w, h])', () => {
    for (const seed of [5, 6, 7, 8]) {
      const [width, height] = [23, 19];
      const ids = randomLabels(width, height, seed);
      for (const [id, rle] of encodeLabelRles(ids, width, height)) {
        let x0 = width, y0 = height, x1 = -1, y1 = -1;
        ids.forEach((v, i) => {
          if (v !== id) return;
          const x = i % width;
          const y = Math.floor(i / width);
          [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
        });
        expect(rleBbox(rle)).toEqual([x0, y0, x1 - x0 + 1, y1 - y0 + 1]);
      }
    }
    expect(rleBbox({ size: [4, 4], counts: [16] })).toEqual([0, 0, 0, 0]);
  });

  it('writes and reads pycocotools compressed strings', () => {
    // Golden strings from pycocotools' maskApi.c rleToString compiled with gcc.
    expect(rleCountsToString([0, 5, 3, 100, 2, 1, 40000, 17, 0, 65536])).toBe('053o2OmLnQW1`0PnhN_oo1');
    expect(rleCountsToString([12, 3, 1000, 4, 7, 200000, 1, 1])).toBe('<3Xo01oPOlYS6JQflI');
    expect(rleCountsFromString('053o2OmLnQW1`0PnhN_oo1')).toEqual([0, 5, 3, 100, 2, 1, 40000, 17, 0, 65536]);
    const ids = randomLabels(64, 48, 9);
    for (const rle of encodeLabelRles(ids, 64, 48).values()) expect(rleCountsFromString(rleCountsToString(rle.counts))).toEqual(rle.counts);
  });

  it('refuses counts that do not cover the image', () => {
    expect(() => decodeMaskRle({ size: [2, 2], counts: [1, 2] })).toThrow(/cover 3 pixels, expected 2x2 = 4/);
    expect(() => decodeMaskRle({ size: [2, 2], counts: [3, 2] })).toThrow(/run past/);
    expect(() => encodeMaskRle(new Uint16Array(5), 2, 2, 1)).toThrow(/expected 2x2 = 4 pixels, got 5/);
  });
});
