/**
 * Scores of a variation (a world model's re-rendering of a camera stream),
 * both in [0, 1], higher is better:
 *
 * - Label preservation: how well the studio's labels (instance masks, boxes)
 *   still fit the picture. Edge F1 within 1 pixel between the output's
 *   edges and the instance boundaries: output edges are pixels whose luma
 *   gradient (3x3 binomial smoothing, then Sobel / 8, i.e. intensity change
 *   per pixel) is at least EDGE_THRESHOLD and a local maximum across the
 *   edge (non-maximum suppression along the gradient's direction);
 *   instance boundaries are pixels whose instance id differs from their
 *   right or lower neighbour. Precision: output edge pixels with a boundary
 *   pixel within 1 pixel (8-neighbourhood) / all output edge pixels;
 *   recall: boundary pixels with an output edge within 1 pixel / all
 *   boundary pixels; F1 = 2PR / (P + R), counts summed over the scored
 *   frames. 1 when neither has edges, 0 when only one has. The same F1 of
 *   the source camera's own frames is reported alongside as the ceiling the
 *   renderer itself reaches (shading, texture and same-coloured neighbours
 *   keep it below 1).
 * - Temporal consistency: whether the output changes where and when the
 *   input changes, and only then. The Pearson correlation, over every pixel
 *   of every pair of consecutive frames, between |delta output| and
 *   |delta input| (luma after 3x3 binomial smoothing), clamped at 0. A
 *   flickering output (changes where the input is still) or a frozen one
 *   (no change where the input moves) scores low; a recoloured one (any
 *   gain or offset) keeps the score. When the input does not change at all,
 *   1 if the output's mean |delta| is at most STILL_DELTA, else 0. With
 *   fewer than 2 frames, 1.
 */

/** Intensity change per pixel (after smoothing) from which a pixel can be an edge: a step of about 0.067 (17/255) reaches it. */
export const EDGE_THRESHOLD = 0.025;
/** Mean |delta luma| per pixel below which a still input's output counts as still. */
export const STILL_DELTA = 1 / 255;

/** A luma image smoothed by the 3x3 binomial kernel [1 2 1]^T [1 2 1] / 16 (edges clamped). */
export function smooth3(luma: Float32Array, width: number, height: number): Float32Array {
  const tmp = new Float32Array(luma.length);
  const out = new Float32Array(luma.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const l = luma[row + (x > 0 ? x - 1 : 0)]!;
      const r = luma[row + (x + 1 < width ? x + 1 : x)]!;
      tmp[row + x] = (l + 2 * luma[row + x]! + r) / 4;
    }
  }
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : 0) * width;
    const down = (y + 1 < height ? y + 1 : y) * width;
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = (tmp[up + x]! + 2 * tmp[row + x]! + tmp[down + x]!) / 4;
  }
  return out;
}

/** tan(22.5 degrees): splits gradient directions into 4 bins without atan2. */
const TAN_22_5 = Math.SQRT2 - 1;

/** Thin edges of a luma image (see the file comment): 1 = edge. */
export function imageEdges(luma: Float32Array, width: number, height: number, threshold = EDGE_THRESHOLD): Uint8Array {
  const s = smooth3(luma, width, height);
  const mag = new Float32Array(s.length);
  const dir = new Uint8Array(s.length);
  const t2 = threshold * threshold;
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : 0) * width;
    const row = y * width;
    const down = (y + 1 < height ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x + 1 < width ? x + 1 : x;
      const a = s[up + l]!, b = s[up + x]!, c = s[up + r]!;
      const d = s[row + l]!, f = s[row + r]!;
      const g = s[down + l]!, h = s[down + x]!, j = s[down + r]!;
      const gx = (c + 2 * f + j - a - 2 * d - g) / 8;
      const gy = (g + 2 * h + j - a - 2 * b - c) / 8;
      const m2 = gx * gx + gy * gy;
      if (m2 < t2) continue;
      const i = row + x;
      mag[i] = Math.sqrt(m2);
      // Gradient direction in 4 bins: 0 along x, 1 along (1, 1), 2 along y, 3 along (-1, 1).
      const ax = Math.abs(gx);
      const ay = Math.abs(gy);
      dir[i] = ay <= TAN_22_5 * ax ? 0 : ax <= TAN_22_5 * ay ? 2 : (gx > 0) === (gy > 0) ? 1 : 3;
    }
  }
  const steps = [[1, 0], [1, 1], [0, 1], [-1, 1]] as const;
  const out = new Uint8Array(s.length);
  const magAt = (x: number, y: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : mag[y * width + x]!);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const m = mag[i]!;
      if (m === 0) continue;
      const [dx, dy] = steps[dir[i]!]!;
      if (m >= magAt(x + dx, y + dy) && m >= magAt(x - dx, y - dy)) out[i] = 1;
    }
  }
  return out;
}

/** Instance boundaries: 1 where the id differs from the right or lower neighbour. */
export function labelEdges(instance: Uint16Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(instance.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const id = instance[i]!;
      if ((x + 1 < width && instance[i + 1] !== id) || (y + 1 < height && instance[i + width] !== id)) out[i] = 1;
    }
  }
  return out;
}

/** The 8-neighbourhood dilation of a mask. */
function dilate(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) out[yy * width + xx] = 1;
      }
    }
  }
  return out;
}

/** Counts for edge F1 within 1 pixel, summed over frames. */
export class EdgeAgreement {
  /** Output edge pixels, and those with a boundary within 1 pixel. */
  outputEdges = 0;
  outputMatched = 0;
  /** Boundary pixels, and those with an output edge within 1 pixel. */
  labelEdges = 0;
  labelMatched = 0;

  /** Adds one frame: `edges` of the picture, `boundaries` of the instance mask. */
  add(edges: Uint8Array, boundaries: Uint8Array, width: number, height: number): void {
    const nearBoundary = dilate(boundaries, width, height);
    const nearEdge = dilate(edges, width, height);
    for (let i = 0; i < edges.length; i++) {
      if (edges[i]) {
        this.outputEdges++;
        if (nearBoundary[i]) this.outputMatched++;
      }
      if (boundaries[i]) {
        this.labelEdges++;
        if (nearEdge[i]) this.labelMatched++;
      }
    }
  }

  /** F1 in [0, 1] (1 when neither has edges, 0 when only one has). */
  f1(): number {
    if (this.outputEdges === 0 && this.labelEdges === 0) return 1;
    if (this.outputEdges === 0 || this.labelEdges === 0) return 0;
    const p = this.outputMatched / this.outputEdges;
    const r = this.labelMatched / this.labelEdges;
    return p + r === 0 ? 0 : (2 * p * r) / (p + r);
  }
}

/** Temporal consistency of an output stream against its input stream, fed frame by frame (see the file comment). */
export class TemporalConsistency {
  private prevIn: Float32Array | undefined;
  private prevOut: Float32Array | undefined;
  private n = 0;
  private sa = 0;
  private sb = 0;
  private saa = 0;
  private sbb = 0;
  private sab = 0;
  private frames = 0;

  /** Adds the next frame's luma of input and output (same size). */
  add(inputLuma: Float32Array, outputLuma: Float32Array, width: number, height: number): void {
    if (inputLuma.length !== outputLuma.length) throw new Error(`input has ${inputLuma.length} pixels, output ${outputLuma.length}`);
    const a = smooth3(inputLuma, width, height);
    const b = smooth3(outputLuma, width, height);
    if (this.prevIn && this.prevOut) {
      for (let i = 0; i < a.length; i++) {
        const da = Math.abs(a[i]! - this.prevIn[i]!);
        const db = Math.abs(b[i]! - this.prevOut[i]!);
        this.sa += da;
        this.sb += db;
        this.saa += da * da;
        this.sbb += db * db;
        this.sab += da * db;
      }
      this.n += a.length;
    }
    this.prevIn = a;
    this.prevOut = b;
    this.frames++;
  }

  /** The score in [0, 1]. */
  score(): number {
    if (this.frames < 2 || this.n === 0) return 1;
    const n = this.n;
    const varA = this.saa / n - (this.sa / n) ** 2;
    const varB = this.sbb / n - (this.sb / n) ** 2;
    const cov = this.sab / n - (this.sa / n) * (this.sb / n);
    const tiny = 1e-12;
    if (varA <= tiny) return this.sb / n <= STILL_DELTA ? 1 : 0;
    if (varB <= tiny) return 0;
    return Math.max(0, Math.min(1, cov / Math.sqrt(varA * varB)));
  }
}
