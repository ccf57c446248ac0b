/**
 * COCO run-length encoding of binary masks, as pycocotools writes it:
 * pixels in column-major (Fortran) order, `counts` alternating runs of 0s
 * and 1s starting with 0s (a mask whose first pixel is set starts with a 0
 * count), `size` = [height, width]. Also COCO's compressed string form of
 * `counts` (pycocotools `rleToString` / `rleFrString`), area and bbox.
 * Pure TypeScript: runs in Node, pages and workers.
 */
import type { MaskRle } from './media';

export type { MaskRle };

/**
 * The uncompressed RLE of every non-zero id of a label image (row-major,
 * `width * height` ids, row 0 at the top) in one pass. Ids in ascending order.
 */
export function encodeLabelRles(ids: ArrayLike<number>, width: number, height: number): Map<number, MaskRle> {
  checkSize(width, height, ids.length);
  const runs = new Map<number, { counts: number[]; last: number }>();
  let k = 0; // column-major pixel index
  let previous = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++, k++) {
      const id = ids[y * width + x]!;
      if (id === previous) continue;
      if (previous !== 0) {
        const run = runs.get(previous)!;
        run.counts.push(k - run.last);
        run.last = k;
      }
      if (id !== 0) {
        let run = runs.get(id);
        if (!run) {
          run = { counts: [], last: 0 };
          runs.set(id, run);
        }
        run.counts.push(k - run.last);
        run.last = k;
      }
      previous = id;
    }
  }
  const n = width * height;
  const out = new Map<number, MaskRle>();
  for (const id of [...runs.keys()].sort((a, b) => a - b)) {
    const run = runs.get(id)!;
    if (run.last < n) run.counts.push(n - run.last);
    out.set(id, { size: [height, width], counts: run.counts });
  }
  return out;
}

/** The uncompressed RLE of the pixels of a label image equal to `id` (row-major, row 0 at the top). */
export function encodeMaskRle(ids: ArrayLike<number>, width: number, height: number, id: number): MaskRle {
  checkSize(width, height, ids.length);
  const counts: number[] = [];
  let inside = false;
  let last = 0;
  let k = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++, k++) {
      if ((ids[y * width + x] === id) !== inside) {
        counts.push(k - last);
        last = k;
        inside = !inside;
      }
    }
  }
  counts.push(width * height - last);
  return { size: [height, width], counts };
}

/** The binary mask (row-major, 1 = set, row 0 at the top) of an uncompressed RLE; throws if the counts do not cover the image exactly. */
export function decodeMaskRle(rle: MaskRle): Uint8Array {
  const [height, width] = rle.size;
  checkSize(width, height, width * height);
  const mask = new Uint8Array(width * height);
  let k = 0;
  rle.counts.forEach((count, i) => {
    if (!Number.isInteger(count) || count < 0) throw new Error(`RLE count ${i} must be a non-negative integer, got ${count}`);
    if (k + count > width * height) throw new Error(`RLE counts run past ${height}x${width} = ${width * height} pixels at count ${i}`);
    if (i % 2 === 1) {
      for (let j = k; j < k + count; j++) mask[(j % height) * width + Math.floor(j / height)] = 1;
    }
    k += count;
  });
  if (k !== width * height) throw new Error(`RLE counts cover ${k} pixels, expected ${height}x${width} = ${width * height}`);
  return mask;
}

/** Set pixels of an RLE (pycocotools `area`). */
export function rleArea(rle: MaskRle): number {
  let area = 0;
  for (let i = 1; i < rle.counts.length; i += 2) area += rle.counts[i]!;
  return area;
}

/** [x, y, width, height] in pixels of the set pixels (pycocotools `toBbox`); zeros for an empty mask. */
export function rleBbox(rle: MaskRle): [number, number, number, number] {
  const h = rle.size[0];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  let k = 0;
  rle.counts.forEach((count, i) => {
    if (i % 2 === 1 && count > 0) {
      const first = k;
      const last = k + count - 1;
      const c0 = Math.floor(first / h);
      const c1 = Math.floor(last / h);
      x0 = Math.min(x0, c0);
      x1 = Math.max(x1, c1);
      // A run spanning columns ends one at the bottom row and starts the next at the top row.
      y0 = Math.min(y0, c1 > c0 ? 0 : first % h);
      y1 = Math.max(y1, c1 > c0 ? h - 1 : last % h);
    }
    k += count;
  });
  if (x1 < x0) return [0, 0, 0, 0];
  return [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

/**
 * COCO's compressed string of RLE counts (pycocotools `rleToString`): each
 * count, from the third on as the difference to the count two before, in
 * 5-bit groups with a continuation bit, offset by 48 into printable ASCII.
 */
export function rleCountsToString(counts: readonly number[]): string {
  let s = '';
  counts.forEach((count, i) => {
    let x = i > 2 ? count - counts[i - 2]! : count;
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x = Math.floor(x / 32); // arithmetic shift by 5, also for negative x
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  });
  return s;
}

/** The counts of a COCO compressed RLE string (pycocotools `rleFrString`). */
export function rleCountsFromString(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= text.length) throw new Error(`RLE string ends inside a count at character ${p}`);
      const c = text.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new Error(`RLE string has an invalid character ${JSON.stringify(text[p])} at ${p}`);
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 2 ** (5 * k);
    }
    const i = counts.length;
    counts.push(i > 2 ? x + counts[i - 2]! : x);
  }
  return counts;
}

function checkSize(width: number, height: number, length: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`mask size must be positive integers, got ${width}x${height}`);
  }
  if (length !== width * height) throw new Error(`expected ${width}x${height} = ${width * height} pixels, got ${length}`);
}
