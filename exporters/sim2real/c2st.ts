/**
 * Classifier two-sample test (Lopez-Paz & Oquab 2017): a classifier learns
 * to tell the synthetic frames from the real ones; its held-out accuracy is
 * 0.5 when the sets cannot be told apart and 1 when they always can.
 *
 * The classifier is an L2 logistic regression (logistic.ts, C = 1) on
 * features standardised with the training fold's mean and std. Frames are
 * split by group (episode or clip), never by frame: whole groups go to one
 * of k folds (stratified by set, largest groups first onto the emptiest
 * fold, after a seeded shuffle), each fold is predicted by a model fitted on
 * the others, and accuracy counts every held-out frame once. The larger set
 * is first subsampled (seeded) to the size of the smaller, so chance is 0.5.
 * The interval is Wilson's over held-out frames; frames of one group are
 * correlated, so it is narrower than a group-level interval would be.
 */
import { fitLogistic, decisionValues, type LogisticModel } from './logistic';
import { columnMoments, selectRows, stackRows, standardize, type Matrix } from './matrix';
import { wilson } from './intervals';
import { permutation, rngFor, sampleWithoutReplacement } from './sampling';
import type { Rng } from '../../scenes/rng';

export interface C2stResult {
  /** Held-out accuracy, 0..1 (0.5: indistinguishable). */
  accuracy: number;
  correct: number;
  /** Held-out frames (every used frame, once). */
  heldOut: number;
  /** Wilson 95% interval of the accuracy. */
  wilson95: [number, number];
  folds: number;
  /** Groups (episodes or clips) of each set. */
  groups: { synthetic: number; real: number };
  /** Frames used from each set (after balancing). */
  frames: number;
}

export interface C2stSkipped {
  skipped: string;
}

export interface C2stOptions {
  seed: number;
  /** Folds (default 5); fewer when a set has fewer groups. */
  folds?: number;
  /** Inverse regularisation strength (default 1, scikit-learn's default). */
  c?: number;
}

/**
 * Assigns every sample a fold 0..k-1 so that no group spans two folds:
 * groups are shuffled with `rng`, ordered by size (largest first, stable)
 * and each put on the fold with the fewest samples so far.
 */
export function groupFolds(groups: readonly string[], k: number, rng: Rng): Int32Array {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const names = [...sizes.keys()].sort();
  const order = permutation(rng, names.length);
  const shuffled = Array.from(order, (i) => names[i]!);
  shuffled.sort((a, b) => sizes.get(b)! - sizes.get(a)!); // stable: ties keep the shuffled order
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const name of shuffled) {
    let best = 0;
    for (let f = 1; f < k; f++) if (load[f]! < load[best]!) best = f;
    foldOf.set(name, best);
    load[best]! += sizes.get(name)!;
  }
  return Int32Array.from(groups, (g) => foldOf.get(g)!);
}

/**
 * Cross-validated predictions for given folds (the core, testable against
 * scikit-learn with the same folds): for each fold, standardise with the
 * other folds' moments, fit, predict label 1 where the decision value is > 0.
 */
export function crossValidate(x: Matrix, labels: Uint8Array, folds: Int32Array, k: number, c = 1): { predictions: Uint8Array; models: LogisticModel[] } {
  const predictions = new Uint8Array(x.rows);
  const models: LogisticModel[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < x.rows; i++) (folds[i] === f ? test : train).push(i);
    const trainX = selectRows(x, train);
    const { mean, std } = columnMoments(trainX);
    const model = fitLogistic(standardize(trainX, mean, std), Uint8Array.from(train, (i) => labels[i]!), { c });
    models.push(model);
    const scores = decisionValues(model, standardize(selectRows(x, test), mean, std));
    test.forEach((i, t) => (predictions[i] = scores[t]! > 0 ? 1 : 0));
  }
  return { predictions, models };
}

/** C2ST of synthetic rows against real rows, each with its group names. */
export function c2st(synthetic: Matrix, syntheticGroups: readonly string[], real: Matrix, realGroups: readonly string[], options: C2stOptions): C2stResult | C2stSkipped {
  const rng = rngFor(options.seed, 'c2st');
  const n = Math.min(synthetic.rows, real.rows);
  const keep = (rows: number) => Int32Array.from(sampleWithoutReplacement(rng, rows, n)).sort();
  const keptSynthetic = keep(synthetic.rows);
  const keptReal = keep(real.rows);
  const groupsS = Array.from(keptSynthetic, (i) => syntheticGroups[i]!);
  const groupsR = Array.from(keptReal, (i) => realGroups[i]!);
  const countS = new Set(groupsS).size;
  const countR = new Set(groupsR).size;
  const k = Math.min(options.folds ?? 5, countS, countR);
  if (k < 2) return { skipped: `needs at least 2 episodes or clips in each set, got ${countS} synthetic and ${countR} real` };
  const x = stackRows(selectRows(synthetic, keptSynthetic), selectRows(real, keptReal));
  const labels = new Uint8Array(2 * n).fill(1, n); // real = 1
  const folds = new Int32Array(2 * n);
  folds.set(groupFolds(groupsS, k, rng));
  folds.set(groupFolds(groupsR, k, rng), n);
  const { predictions } = crossValidate(x, labels, folds, k, options.c ?? 1);
  let correct = 0;
  for (let i = 0; i < 2 * n; i++) if (predictions[i] === labels[i]) correct++;
  return {
    accuracy: correct / (2 * n),
    correct,
    heldOut: 2 * n,
    wilson95: wilson(correct, 2 * n),
    folds: k,
    groups: { synthetic: countS, real: countR },
    frames: n,
  };
}
