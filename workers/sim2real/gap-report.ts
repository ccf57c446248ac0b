/**
 * The Sim2Real report from in-memory data, for the CLI, the app and the
 * pipeline alike: extracts features of every image set with each backbone,
 * then assembles the report (exporters/sim2real/report.ts). Runs anywhere
 * onnxruntime-web runs (Node, a page, a worker); the caller brings the
 * extractors (createFeatureExtractor) and the frames.
 */
import { buildReport } from '../../exporters/sim2real/report';
import type { FeatureSpaceInput, ImageSetInput, ImageSetName, Sim2RealInput, Sim2RealReport } from '../../exporters/sim2real/report-types';
import type { FeatureExtractor } from './features';

/** Everything but the features, which computeGapReport extracts. */
export type GapData = Omit<Sim2RealInput, 'featureSpaces'>;

/** Progress of feature extraction: frames done of the total over all sets and backbones. */
export type FeatureProgress = (done: number, total: number) => void;

/** Extracts features with every extractor and builds the report. */
export async function computeGapReport(data: GapData, extractors: readonly FeatureExtractor[], onProgress?: FeatureProgress): Promise<Sim2RealReport> {
  const sets: [ImageSetName, ImageSetInput | null][] = [
    ['real', data.real.images],
    ['raw', data.synthetic.raw],
    ['variations', data.synthetic.variations],
  ];
  const perBackbone = sets.reduce((n, [, s]) => n + (s?.images.length ?? 0), 0);
  const total = perBackbone * extractors.length;
  let done = 0;
  const featureSpaces: FeatureSpaceInput[] = [];
  const comparable = data.real.images && data.real.images.images.length > 0 && (data.synthetic.raw || data.synthetic.variations);
  for (const extractor of comparable ? extractors : []) {
    const features: Partial<Record<ImageSetName, FeatureSpaceInput['real']>> = {};
    for (const [name, set] of sets) {
      if (!set || set.images.length === 0) continue;
      const before = done;
      features[name] = await extractor.extract(set.images, (n) => onProgress?.((done = before + n), total));
    }
    const { manifest } = extractor;
    featureSpaces.push({
      name: manifest.name,
      description: manifest.description,
      dims: manifest.output.dims,
      real: features.real!,
      raw: features.raw ?? null,
      variations: features.variations ?? null,
    });
  }
  return buildReport({ ...data, featureSpaces });
}
