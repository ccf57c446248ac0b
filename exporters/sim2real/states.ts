/**
 * State and action statistics between synthetic and real vectors (one row
 * per frame): per dimension the Wasserstein-1 distance and the KS statistic
 * with Holm-corrected p-values; over all dimensions the MMD^2 with its
 * permutation p-value, and how well the synthetic states cover the real
 * ones (Naeem et al.'s coverage, k = 5). The multivariate statistics use
 * rows standardised with the pooled mean and std of each dimension, so no
 * dimension dominates by its units.
 */
import { holm } from './holm';
import { ks2samp, wasserstein1 } from './ks';
import { columnMoments, columnOf, mean, selectRows, stackRows, standardize, std, type Matrix } from './matrix';
import { mmdTest, type MmdResult } from './mmd';
import { prdc, type PrdcResult } from './prdc';
import { evenlySpaced } from './sampling';

export interface DimensionStat {
  name: string;
  /** Wasserstein-1 distance, in the dimension's units. */
  w1: number;
  /** Kolmogorov-Smirnov D, 0..1. */
  ks: number;
  /** ks_2samp's two-sided p-value. */
  pValue: number;
  /** Holm-corrected over the dimensions of this vector. */
  pHolm: number;
  mean: { synthetic: number; real: number };
  std: { synthetic: number; real: number };
}

export interface VectorGap {
  names: string[];
  /** Rows used per set for the per-dimension statistics. */
  samples: { synthetic: number; real: number };
  perDimension: DimensionStat[];
  /** On standardised rows, at most `multivariateSamples` per set. */
  mmd: MmdResult;
  /** Real rows covered by synthetic ones (PRDC of synthetic against real, standardised rows). */
  coverage: PrdcResult;
  /** Rows per set used for MMD and coverage. */
  multivariateSamples: { synthetic: number; real: number };
}

export interface VectorGapOptions {
  seed: number;
  /** Purpose key for the seeded permutations (e.g. "states"). */
  purpose: string;
  /** Rows per set for the per-dimension statistics (default 5000; evenly spaced). */
  maxSamples?: number;
  /** Rows per set for MMD and coverage (default 500; evenly spaced). */
  multivariateSamples?: number;
  permutations?: number;
}

/** Compares `synthetic` and `real` rows of the same dimensions, named `names`. */
export function vectorGap(synthetic: Matrix, real: Matrix, names: readonly string[], options: VectorGapOptions): VectorGap {
  if (synthetic.cols !== real.cols) throw new Error(`vectorGap: ${synthetic.cols} synthetic and ${real.cols} real dimensions`);
  const s = selectRows(synthetic, evenlySpaced(synthetic.rows, options.maxSamples ?? 5000));
  const r = selectRows(real, evenlySpaced(real.rows, options.maxSamples ?? 5000));
  const raw = names.map((name, j) => {
    const a = columnOf(s, j);
    const b = columnOf(r, j);
    const ks = ks2samp(a, b);
    return { name, w1: wasserstein1(a, b), ks: ks.statistic, pValue: ks.pValue, mean: { synthetic: mean(a), real: mean(b) }, std: { synthetic: std(a), real: std(b) } };
  });
  const adjusted = holm(raw.map((d) => d.pValue));
  const perDimension = raw.map((d, j) => ({ ...d, pHolm: adjusted[j]! }));

  const limit = options.multivariateSamples ?? 500;
  const ms = selectRows(s, evenlySpaced(s.rows, limit));
  const mr = selectRows(r, evenlySpaced(r.rows, limit));
  const { mean: mu, std: sigma } = columnMoments(stackRows(ms, mr));
  const zs = standardize(ms, mu, sigma);
  const zr = standardize(mr, mu, sigma);
  return {
    names: [...names],
    samples: { synthetic: s.rows, real: r.rows },
    perDimension,
    mmd: mmdTest(zs, zr, { seed: options.seed, permutations: options.permutations, purpose: options.purpose }),
    coverage: prdc(zr, zs, 5),
    multivariateSamples: { synthetic: zs.rows, real: zr.rows },
  };
}
