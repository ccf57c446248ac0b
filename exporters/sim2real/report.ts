/**
 * Assembles `sim2real.json` from in-memory data (frames at the analysis
 * size, features per feature space, state and action rows, policy rows):
 * every statistic of the synthetic raw renders and of the world-model
 * variations against the real reference, and statistic by statistic whether
 * the variations reduced the gap. Pure and deterministic: the same inputs
 * and seed give the same report.
 */
import { c2st } from './c2st';
import { pca2, project } from './embedding';
import { kid } from './kid';
import { wasserstein1 } from './ks';
import { channelCounts, histogramW1, imageScalars, type ImageScalars } from './lowlevel';
import { stackRows } from './matrix';
import { policyStats } from './policy';
import { prdc } from './prdc';
import type {
  ChannelHistograms,
  ComparedSummary,
  FeatureSpaceInput,
  FeatureSpaceReport,
  HistogramW1,
  ImageReport,
  ImageSetInput,
  ImageSetName,
  ScalarStat,
  SetMetrics,
  Sim2RealInput,
  Sim2RealReport,
  SyntheticSet,
  ValueSummary,
  VariationEffect,
  VectorInput,
  VectorReport,
} from './report-types';
import { vectorGap } from './states';

export const REPORT_FORMAT = 'robot-data-studio.sim2real';
/** Fewest frames per image set the image statistics accept (PRDC needs more than k = 5 neighbours). */
export const MIN_FRAMES = 10;
const SYNTHETIC: SyntheticSet[] = ['raw', 'variations'];

/** Builds the report. */
export function buildReport(input: Sim2RealInput): Sim2RealReport {
  const notes: string[] = [];
  const images = imageReport(input, notes);
  const states = vectors('states', input.synthetic.states, input.real.states, input.seed);
  const actions = vectors('actions', input.synthetic.actions, input.real.actions, input.seed);
  const hasVariations = input.synthetic.variations !== null && !('skipped' in images);
  if (input.synthetic.variations) notes.push('Variations change the images only: state, action and depth statistics are those of the raw renders.');
  return {
    format: REPORT_FORMAT,
    version: 1,
    seed: input.seed,
    synthetic: input.synthetic.source,
    real: input.real.source,
    images,
    states,
    actions,
    policies: input.policies ? policyStats(input.policies, { seed: input.seed }) : null,
    variationEffect: hasVariations ? variationEffect(images as ImageReport) : null,
    notes,
  };
}

function vectors(what: string, synthetic: VectorInput | null, real: VectorInput | null, seed: number): VectorReport {
  if (!synthetic || !real) return { skipped: `no ${what} in the ${!synthetic ? 'synthetic' : 'real'} data` };
  let s = synthetic.rows;
  let r = real.rows;
  let names: string[];
  if (synthetic.names && real.names) {
    const common = synthetic.names.filter((n) => real.names!.includes(n));
    if (common.length === 0) return { skipped: `no ${what} dimension names in common (synthetic: ${synthetic.names.join(', ')}; real: ${real.names.join(', ')})` };
    s = pickColumns(s, common.map((n) => synthetic.names!.indexOf(n)));
    r = pickColumns(r, common.map((n) => real.names!.indexOf(n)));
    names = common;
  } else if (s.cols === r.cols) {
    names = synthetic.names ?? real.names ?? Array.from({ length: s.cols }, (_, j) => `dim ${j}`);
  } else {
    return { skipped: `${what} have ${s.cols} synthetic and ${r.cols} real dimensions and no names to match them by` };
  }
  if (s.rows < 6 || r.rows < 6) return { skipped: `too few ${what} rows (${s.rows} synthetic, ${r.rows} real; at least 6 each)` };
  return vectorGap(s, r, names, { seed, purpose: what });
}

function pickColumns(m: { rows: number; cols: number; data: Float64Array }, columns: number[]) {
  const data = new Float64Array(m.rows * columns.length);
  for (let i = 0; i < m.rows; i++) columns.forEach((c, j) => (data[i * columns.length + j] = m.data[i * m.cols + c]!));
  return { rows: m.rows, cols: columns.length, data };
}

function imageReport(input: Sim2RealInput, notes: string[]): ImageReport | { skipped: string } {
  const real = input.real.images;
  const sets: Record<SyntheticSet, ImageSetInput | null> = { raw: input.synthetic.raw, variations: input.synthetic.variations };
  if (!real || real.images.length === 0) return { skipped: 'the real reference has no images' };
  if (!sets.raw && !sets.variations) return { skipped: 'the synthetic data has no images' };
  const few = (['raw', 'variations'] as const).filter((s) => sets[s] && sets[s].images.length < MIN_FRAMES).map((s) => `${s} ${sets[s]!.images.length}`);
  if (real.images.length < MIN_FRAMES) few.push(`real ${real.images.length}`);
  if (few.length) return { skipped: `too few frames (${few.join(', ')}; at least ${MIN_FRAMES} per set)` };
  const first = real.images[0]!;
  const scalars = {
    real: real.images.map(imageScalars),
    raw: sets.raw?.images.map(imageScalars) ?? null,
    variations: sets.variations?.images.map(imageScalars) ?? null,
  };
  const counts = { real: channelCounts(real.images), raw: sets.raw ? channelCounts(sets.raw.images) : null, variations: sets.variations ? channelCounts(sets.variations.images) : null };
  const w1 = (set: SyntheticSet): HistogramW1 | null => {
    const c = counts[set];
    if (!c) return null;
    const [r, g, b] = [0, 1, 2].map((k) => histogramW1(c[k]!, counts.real[k]!)) as [number, number, number];
    return { r, g, b, mean: (r + g + b) / 3 };
  };
  const scalar = (key: keyof ImageScalars, unit: string): ScalarStat => ({
    unit,
    real: summary(scalars.real.map((s) => s[key])),
    raw: scalars.raw ? compared(scalars.raw.map((s) => s[key]), scalars.real.map((s) => s[key])) : null,
    variations: scalars.variations ? compared(scalars.variations.map((s) => s[key]), scalars.real.map((s) => s[key])) : null,
  });
  const realDepth = real.depthHoleRatios ?? null;
  const rawDepth = sets.raw?.depthHoleRatios ?? null;
  if (!realDepth || !rawDepth) notes.push(`Depth hole ratio: no depth in the ${!rawDepth ? 'synthetic' : 'real'} data, so it is not compared.`);
  return {
    analysisSize: { width: first.width, height: first.height },
    sets: { real: setSize(real), raw: setSize(sets.raw), variations: setSize(sets.variations) },
    featureSpaces: input.featureSpaces.map((space) => featureSpaceReport(space, sets, real, input.seed)),
    lowLevel: {
      histograms: { real: fractions(counts.real), raw: counts.raw && fractions(counts.raw), variations: counts.variations && fractions(counts.variations) },
      histogramW1: { raw: w1('raw'), variations: w1('variations') },
      spectrumSlope: scalar('spectrumSlope', 'log10 power per log10 (cycles per image)'),
      sharpness: scalar('sharpness', '8-bit levels squared (variance of the Laplacian)'),
      noise: scalar('noise', '8-bit levels (Immerkaer sigma)'),
      depthHoleRatio: {
        unit: 'share of depth pixels with no return',
        real: realDepth && summary(realDepth),
        raw: rawDepth ? (realDepth ? compared(rawDepth, realDepth) : { ...summary(rawDepth), w1: null }) : null,
        variations: null,
      },
    },
    embedding: embedding(input.featureSpaces[0], sets),
  };
}

function setSize(set: ImageSetInput | null): { frames: number; groups: number } | null {
  return set && { frames: set.images.length, groups: new Set(set.groups).size };
}

function featureSpaceReport(space: FeatureSpaceInput, sets: Record<SyntheticSet, ImageSetInput | null>, real: ImageSetInput, seed: number): FeatureSpaceReport {
  const metrics = (set: SyntheticSet): SetMetrics | null => {
    const features = space[set];
    const frames = sets[set];
    if (!features || !frames) return null;
    return {
      kid: kid(features, space.real, { seed }),
      prdc: prdc(space.real, features, 5),
      c2st: c2st(features, frames.groups, space.real, real.groups, { seed }),
    };
  };
  return {
    name: space.name,
    description: space.description,
    dims: space.dims,
    names: { kid: `KID[${space.name}]`, prdc: `PRDC[${space.name}]`, c2st: `C2ST[${space.name}]` },
    raw: metrics('raw'),
    variations: metrics('variations'),
  };
}

function embedding(space: FeatureSpaceInput | undefined, sets: Record<SyntheticSet, ImageSetInput | null>): ImageReport['embedding'] {
  if (!space) return null;
  const parts = [space.real, ...SYNTHETIC.map((s) => (sets[s] ? space[s] : null)).filter((m) => m !== null)];
  const pca = pca2(parts.reduce((a, b) => stackRows(a, b)));
  const points = (set: ImageSetName) => {
    const m = set === 'real' ? space.real : sets[set] ? space[set] : null;
    return m ? project(pca, m).map(([x, y]) => [round(x), round(y)] as [number, number]) : [];
  };
  return { method: 'pca', featureSpace: space.name, explainedVarianceRatio: pca.explainedVarianceRatio, points: { real: points('real'), raw: points('raw'), variations: points('variations') } };
}

/** Five significant digits: enough for a scatter plot, small in the JSON. */
function round(x: number): number {
  return Number(x.toPrecision(5));
}

function fractions(counts: [Float64Array, Float64Array, Float64Array]): ChannelHistograms {
  const f = (c: Float64Array) => {
    const total = c.reduce((a, b) => a + b, 0);
    return Array.from(c, (v) => Math.round((v / total) * 1e6) / 1e6);
  };
  return { r: f(counts[0]), g: f(counts[1]), b: f(counts[2]) };
}

function summary(values: number[]): ValueSummary {
  const finite = values.filter(Number.isFinite);
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const std = Math.sqrt(finite.reduce((a, v) => a + (v - mean) ** 2, 0) / finite.length);
  return { mean, std, count: finite.length };
}

function compared(values: number[], real: number[]): ComparedSummary {
  const a = values.filter(Number.isFinite);
  const b = real.filter(Number.isFinite);
  return { ...summary(values), w1: a.length && b.length ? wasserstein1(a, b) : null };
}

/** Statistic by statistic: does the variations' value lie closer to the ideal than the raw renders' value? */
function variationEffect(images: ImageReport): VariationEffect[] {
  const out: VariationEffect[] = [];
  const add = (statistic: string, ideal: number, raw: number | undefined | null, variations: number | undefined | null) => {
    if (raw === undefined || raw === null || variations === undefined || variations === null || !Number.isFinite(raw) || !Number.isFinite(variations)) return;
    const gapRaw = Math.abs(raw - ideal);
    const gapVariations = Math.abs(variations - ideal);
    out.push({ statistic, ideal, raw, variations, gapRaw, gapVariations, verdict: gapVariations < gapRaw ? 'reduced' : gapVariations > gapRaw ? 'increased' : 'unchanged' });
  };
  for (const space of images.featureSpaces) {
    const { raw, variations } = space;
    if (!raw || !variations) continue;
    add(space.names.kid, 0, raw.kid.mean, variations.kid.mean);
    for (const key of ['precision', 'recall', 'density', 'coverage'] as const) add(`${key}[${space.name}]`, 1, raw.prdc[key], variations.prdc[key]);
    if ('accuracy' in raw.c2st && 'accuracy' in variations.c2st) add(`${space.names.c2st} accuracy`, 0.5, raw.c2st.accuracy, variations.c2st.accuracy);
  }
  const low = images.lowLevel;
  add('histogram W1 (mean of R, G, B)', 0, low.histogramW1.raw?.mean, low.histogramW1.variations?.mean);
  add('spectrum slope W1', 0, low.spectrumSlope.raw?.w1, low.spectrumSlope.variations?.w1);
  add('sharpness W1', 0, low.sharpness.raw?.w1, low.sharpness.variations?.w1);
  add('noise W1', 0, low.noise.raw?.w1, low.noise.variations?.w1);
  return out;
}
