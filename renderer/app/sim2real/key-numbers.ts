/**
 * The key numbers of a Sim2Real report, as the panel's table lists them:
 * with variations, the report's own statistic-by-statistic verdicts
 * ("did the variations reduce the gap?"); without, the same statistics of
 * the raw renders alone. A report read from a dataset folder is untrusted
 * JSON, so every field is read defensively: what is missing is left out.
 */
import type { Sim2RealReport } from '../../../exporters/sim2real/report-types';

/** One row: the statistic, the value identical distributions give, the raw renders' and the variations' values, and the verdict. */
export interface KeyNumber {
  statistic: string;
  ideal: number;
  raw: number;
  variations: number | null;
  verdict: 'reduced' | 'increased' | 'unchanged' | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The rows of `report` (an object that claims to be a report). */
export function keyNumbers(report: Sim2RealReport): KeyNumber[] {
  const effect = (report as { variationEffect?: unknown }).variationEffect;
  if (Array.isArray(effect)) {
    return effect.flatMap((e: Record<string, unknown>) => {
      const ideal = num(e?.['ideal']);
      const raw = num(e?.['raw']);
      const verdict = e?.['verdict'];
      if (typeof e?.['statistic'] !== 'string' || ideal === null || raw === null) return [];
      return [{ statistic: e['statistic'], ideal, raw, variations: num(e['variations']), verdict: verdict === 'reduced' || verdict === 'increased' || verdict === 'unchanged' ? verdict : null }];
    });
  }
  const images = report.images as Partial<Extract<Sim2RealReport['images'], { featureSpaces: unknown }>> | undefined;
  if (!images || !Array.isArray(images.featureSpaces)) return [];
  const rows: KeyNumber[] = [];
  const add = (statistic: string, ideal: number, raw: unknown): void => {
    const value = num(raw);
    if (value !== null) rows.push({ statistic, ideal, raw: value, variations: null, verdict: null });
  };
  for (const space of images.featureSpaces) {
    const raw = space?.raw;
    if (!raw) continue;
    add(space.names?.kid ?? `KID[${space.name}]`, 0, raw.kid?.mean);
    for (const key of ['precision', 'recall', 'density', 'coverage'] as const) add(`${key}[${space.name}]`, 1, raw.prdc?.[key]);
    if (raw.c2st && 'accuracy' in raw.c2st) add(`${space.names?.c2st ?? 'C2ST'} accuracy`, 0.5, raw.c2st.accuracy);
  }
  const low = images.lowLevel;
  add('histogram W1 (mean of R, G, B)', 0, low?.histogramW1?.raw?.mean);
  add('spectrum slope W1', 0, low?.spectrumSlope?.raw?.w1);
  add('sharpness W1', 0, low?.sharpness?.raw?.w1);
  add('noise W1', 0, low?.noise?.raw?.w1);
  return rows;
}

/** Whether parsed JSON claims to be a Sim2Real report (format and version). */
export function isReport(value: unknown): value is Sim2RealReport {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'robot-data-studio.sim2real' && (value as { version?: unknown }).version === 1;
}
