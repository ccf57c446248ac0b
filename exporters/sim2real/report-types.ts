/**
 * The inputs of the Sim2Real report and the shape of `sim2real.json`
 * (format "robot-data-studio.sim2real", version 1). Every image metric is
 * named with the feature space it is computed in, e.g.
 * "KID[random-cnn-features]"; none is computed on Inception features and
 * none is called FID.
 */
import type { C2stResult, C2stSkipped } from './c2st';
import type { KidResult } from './kid';
import type { RgbImage } from './lowlevel';
import type { Matrix } from './matrix';
import type { PolicyRow, PolicyStats } from './policy';
import type { PrdcResult } from './prdc';
import type { VectorGap } from './states';

/** The synthetic image sets: raw renders and world-model variations. */
export type SyntheticSet = 'raw' | 'variations';
/** Every image set of a report. */
export type ImageSetName = SyntheticSet | 'real';

/** Frames at the analysis size, each with its group (episode or clip). */
export interface ImageSetInput {
  images: RgbImage[];
  /** Group of each frame; the classifier test never splits a group. */
  groups: string[];
  /** Share of no-return pixels of each depth frame, when the source has depth. */
  depthHoleRatios?: number[];
}

/** One vector per frame (states or actions) with optional dimension names. */
export interface VectorInput {
  names: string[] | null;
  rows: Matrix;
}

/** Features of every set in one feature space (rows in the order of the set's images). */
export interface FeatureSpaceInput {
  /** e.g. "random-cnn-features". */
  name: string;
  description: string;
  dims: number;
  raw: Matrix | null;
  variations: Matrix | null;
  real: Matrix;
}

/** Where a side's data came from. */
export interface SourceInfo {
  /** The path given on the command line (or a label in the app). */
  path: string;
  kind: 'lerobot' | 'robomimic' | 'images' | 'video';
  /** The camera stream or image key used, when the source has several. */
  camera: string | null;
  /** Variation streams used (LeRobot features with info["variation.of"]). */
  variationStreams: { key: string; model: string | null; reference: string | null; seed: number | null }[];
  /** Episodes, clips or image groups read. */
  groups: number;
}

export interface Sim2RealInput {
  /** Seed of every random choice in the statistics. */
  seed: number;
  synthetic: { source: SourceInfo; raw: ImageSetInput | null; variations: ImageSetInput | null; states: VectorInput | null; actions: VectorInput | null };
  real: { source: SourceInfo; images: ImageSetInput | null; states: VectorInput | null; actions: VectorInput | null };
  featureSpaces: FeatureSpaceInput[];
  policies: PolicyRow[] | null;
}

/** Mean and population std of per-image values (finite ones), with their count. */
export interface ValueSummary {
  mean: number;
  std: number;
  count: number;
}

/** A synthetic set's summary plus the W1 distance of its per-image values to the real ones. */
export interface ComparedSummary extends ValueSummary {
  /** Wasserstein-1 between the per-image distributions, in the statistic's unit. */
  w1: number | null;
}

export interface ScalarStat {
  /** What the values are measured in. */
  unit: string;
  real: ValueSummary | null;
  raw: ComparedSummary | null;
  variations: ComparedSummary | null;
}

/** Fractions of pixels per 8-bit value, per channel. */
export interface ChannelHistograms {
  r: number[];
  g: number[];
  b: number[];
}

/** W1 per channel between a synthetic set's and the real set's value distributions, 8-bit levels. */
export interface HistogramW1 {
  r: number;
  g: number;
  b: number;
  mean: number;
}

export interface SetMetrics {
  kid: KidResult;
  prdc: PrdcResult;
  c2st: C2stResult | C2stSkipped;
}

export interface FeatureSpaceReport {
  name: string;
  description: string;
  dims: number;
  /** The metric names as the report shows them, e.g. "KID[random-cnn-features]". */
  names: { kid: string; prdc: string; c2st: string };
  raw: SetMetrics | null;
  variations: SetMetrics | null;
}

export interface ImageReport {
  analysisSize: { width: number; height: number };
  sets: Record<ImageSetName, { frames: number; groups: number } | null>;
  featureSpaces: FeatureSpaceReport[];
  lowLevel: {
    histograms: Record<ImageSetName, ChannelHistograms | null>;
    histogramW1: Record<SyntheticSet, HistogramW1 | null>;
    spectrumSlope: ScalarStat;
    sharpness: ScalarStat;
    noise: ScalarStat;
    depthHoleRatio: ScalarStat;
  };
  /** PCA of the first feature space's pooled features; points per set, [x, y]. */
  embedding: { method: 'pca'; featureSpace: string; explainedVarianceRatio: [number, number]; points: Record<ImageSetName, [number, number][]> } | null;
}

/** Whether the variations moved one statistic towards its ideal value. */
export interface VariationEffect {
  /** e.g. "KID[random-cnn-features]", "histogram W1 (mean of R, G, B)". */
  statistic: string;
  /** The value of identical distributions (0 for distances, 1 for PRDC, 0.5 for C2ST accuracy). */
  ideal: number;
  raw: number;
  variations: number;
  /** |raw - ideal| and |variations - ideal|. */
  gapRaw: number;
  gapVariations: number;
  verdict: 'reduced' | 'increased' | 'unchanged';
}

export type VectorReport = VectorGap | { skipped: string };

export interface Sim2RealReport {
  format: 'robot-data-studio.sim2real';
  version: 1;
  seed: number;
  synthetic: SourceInfo;
  real: SourceInfo;
  images: ImageReport | { skipped: string };
  states: VectorReport;
  actions: VectorReport;
  policies: PolicyStats | null;
  /** Statistic by statistic, whether the variations reduced the gap of the raw renders; null without variations. */
  variationEffect: VariationEffect[] | null;
  notes: string[];
}
