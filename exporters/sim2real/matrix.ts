/**
 * Dense row-major matrices of doubles for the Sim2Real statistics: one row
 * per sample (a frame's features, a state vector), one column per dimension.
 */

/** `rows` samples of `cols` dimensions, row-major. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A zero matrix, or one over `data` (length rows * cols). */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (data && data.length !== rows * cols) throw new Error(`matrix: ${data.length} values for ${rows}x${cols}`);
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** A matrix from equal-length rows. */
export function fromRows(rows: readonly ArrayLike<number>[], cols = rows[0]?.length ?? 0): Matrix {
  const out = matrix(rows.length, cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`fromRows: row ${i} has ${r.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) out.data[i * cols + j] = r[j]!;
  });
  return out;
}

/** Row `i` as a view (no copy). */
export function rowOf(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Column `j` as a new array. */
export function columnOf(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}

/** The rows listed in `indices`, in that order. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = matrix(indices.length, m.cols);
  for (let k = 0; k < indices.length; k++) out.data.set(rowOf(m, indices[k]!), k * m.cols);
  return out;
}

/** `a` above `b` (same column count). */
export function stackRows(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.cols) throw new Error(`stackRows: ${a.cols} and ${b.cols} columns`);
  const out = matrix(a.rows + b.rows, a.cols);
  out.data.set(a.data);
  out.data.set(b.data, a.data.length);
  return out;
}

/** Inner products of every row of `a` with every row of `b`: an a.rows x b.rows matrix. */
export function innerProducts(a: Matrix, b: Matrix): Float64Array {
  if (a.cols !== b.cols) throw new Error(`innerProducts: ${a.cols} and ${b.cols} columns`);
  const out = new Float64Array(a.rows * b.rows);
  const d = a.cols;
  for (let i = 0; i < a.rows; i++) {
    const ai = i * d;
    for (let j = 0; j < b.rows; j++) {
      const bj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += a.data[ai + k]! * b.data[bj + k]!;
      out[i * b.rows + j] = s;
    }
  }
  return out;
}

/** Euclidean distances between every row of `a` and every row of `b` (a.rows x b.rows), from the differences (no |x|^2 - 2xy + |y|^2 cancellation). */
export function distances(a: Matrix, b: Matrix): Float64Array {
  if (a.cols !== b.cols) throw new Error(`distances: ${a.cols} and ${b.cols} columns`);
  const out = new Float64Array(a.rows * b.rows);
  const d = a.cols;
  for (let i = 0; i < a.rows; i++) {
    const ai = i * d;
    for (let j = 0; j < b.rows; j++) {
      const bj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = a.data[ai + k]! - b.data[bj + k]!;
        s += t * t;
      }
      out[i * b.rows + j] = Math.sqrt(s);
    }
  }
  return out;
}

/** Per-column mean and population standard deviation (ddof 0). */
export function columnMoments(m: Matrix): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(m.cols);
  const std = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) mean[j]! += m.data[i * m.cols + j]!;
  for (let j = 0; j < m.cols; j++) mean[j]! /= Math.max(1, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const t = m.data[i * m.cols + j]! - mean[j]!;
      std[j]! += t * t;
    }
  }
  for (let j = 0; j < m.cols; j++) std[j] = Math.sqrt(std[j]! / Math.max(1, m.rows));
  return { mean, std };
}

/** (x - mean) / std per column; a column with std 0 is only centred. */
export function standardize(m: Matrix, mean: Float64Array, std: Float64Array): Matrix {
  const out = matrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const s = std[j]! > 0 ? std[j]! : 1;
      out.data[i * m.cols + j] = (m.data[i * m.cols + j]! - mean[j]!) / s;
    }
  }
  return out;
}

/** Sorted copy, ascending. */
export function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Arithmetic mean (NaN for no values). */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** Population standard deviation (ddof 0, as numpy's std). */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / values.length);
}

/** The q-th quantile (0..1) with linear interpolation between order statistics (numpy's default "linear"). */
export function quantile(sortedValues: ArrayLike<number>, q: number): number {
  const n = sortedValues.length;
  if (n === 0) return NaN;
  const at = q * (n - 1);
  const lo = Math.floor(at);
  const hi = Math.min(n - 1, lo + 1);
  return sortedValues[lo]! + (at - lo) * (sortedValues[hi]! - sortedValues[lo]!);
}
