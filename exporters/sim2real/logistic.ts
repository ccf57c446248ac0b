/**
 * L2-regularised logistic regression, solved exactly by Newton's method:
 * minimises 0.5 |w|^2 + C sum_i log(1 + exp(-s_i (w.x_i + b))) with
 * s_i = +-1 and the intercept b not penalised, the objective of
 * scikit-learn's LogisticRegression(C=C) (whose solvers reach the same
 * unique optimum). Deterministic; no randomness.
 */
import { choleskySolve } from './linalg';
import type { Matrix } from './matrix';

export interface LogisticModel {
  /** One weight per column. */
  weights: Float64Array;
  intercept: number;
  /** Newton steps taken. */
  iterations: number;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + exp(-z)) without overflow. */
function logLoss(z: number): number {
  return z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
}

/** The decision values w.x_i + b of every row. */
export function decisionValues(model: LogisticModel, x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let z = model.intercept;
    for (let j = 0; j < x.cols; j++) z += model.weights[j]! * x.data[i * x.cols + j]!;
    out[i] = z;
  }
  return out;
}

function objective(x: Matrix, labels: Uint8Array, theta: Float64Array, c: number): number {
  const d = x.cols;
  let penalty = 0;
  for (let j = 0; j < d; j++) penalty += theta[j]! ** 2;
  let loss = 0;
  for (let i = 0; i < x.rows; i++) {
    let z = theta[d]!;
    for (let j = 0; j < d; j++) z += theta[j]! * x.data[i * d + j]!;
    loss += logLoss(labels[i] ? z : -z);
  }
  return 0.5 * penalty + c * loss;
}

/**
 * Fits the model to rows `x` with 0/1 `labels` (label 1 is the positive
 * class). Newton steps with backtracking until the step is below `tol`
 * (max-norm) or `maxIterations` is reached.
 */
export function fitLogistic(x: Matrix, labels: Uint8Array, options: { c?: number; tol?: number; maxIterations?: number } = {}): LogisticModel {
  const c = options.c ?? 1;
  const tol = options.tol ?? 1e-10;
  const d = x.cols;
  const p = d + 1; // weights then intercept
  const theta = new Float64Array(p);
  let current = objective(x, labels, theta, c);
  let iterations = 0;
  const xi = new Float64Array(p);
  for (; iterations < (options.maxIterations ?? 100); iterations++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    for (let j = 0; j < d; j++) {
      grad[j] = theta[j]!;
      hess[j * p + j] = 1;
    }
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < d; j++) xi[j] = x.data[i * d + j]!;
      xi[d] = 1;
      let z = 0;
      for (let j = 0; j < p; j++) z += theta[j]! * xi[j]!;
      const prob = sigmoid(z);
      const r = c * (prob - labels[i]!);
      const w = c * prob * (1 - prob);
      for (let j = 0; j < p; j++) {
        grad[j]! += r * xi[j]!;
        const wj = w * xi[j]!;
        for (let k = 0; k <= j; k++) hess[j * p + k]! += wj * xi[k]!;
      }
    }
    const step = choleskySolve(hess, grad, p);
    let scale = 1;
    let next = theta.map((t, j) => t - step[j]!);
    let value = objective(x, labels, next, c);
    while (value > current && scale > 1e-8) {
      scale /= 2;
      next = theta.map((t, j) => t - scale * step[j]!);
      value = objective(x, labels, next, c);
    }
    theta.set(next);
    current = value;
    let largest = 0;
    for (let j = 0; j < p; j++) largest = Math.max(largest, Math.abs(scale * step[j]!));
    if (largest < tol) {
      iterations++;
      break;
    }
  }
  return { weights: theta.slice(0, d), intercept: theta[d]!, iterations };
}
