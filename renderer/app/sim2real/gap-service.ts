/**
 * The window's Sim2Real service: the plain object gap.worker.ts exposes
 * with Comlink. It loads the feature backbone (the bundled
 * random-cnn-features, checked against its manifest), extracts features of
 * every image set and builds the report (workers/sim2real/gap-report.ts,
 * the code `npm run gap` runs) and its self-contained HTML page.
 */
import { renderHtml } from '../../../exporters/sim2real/html';
import type { Sim2RealReport } from '../../../exporters/sim2real/report-types';
import { createFeatureExtractor, type Ort } from '../../../workers/sim2real/features';
import { computeGapReport, type GapData } from '../../../workers/sim2real/gap-report';

/** A feature backbone's files. */
export interface BackboneFiles {
  manifestText: string;
  modelBytes: Uint8Array;
  files: { manifestFile: string; modelFile: string };
}

/** The report and its page. */
export interface GapResult {
  report: Sim2RealReport;
  html: string;
}

/** Creates the service; `loadOrt` gives this runtime's onnxruntime-web build. */
export function createGapService(loadOrt: () => Promise<Ort>) {
  return {
    /** Computes the report; `onProgress(done, total)` after each batch of features. */
    async compute(data: GapData, backbone: BackboneFiles, onProgress?: (done: number, total: number) => void): Promise<GapResult> {
      const ort = await loadOrt();
      const extractor = await createFeatureExtractor(ort, backbone.manifestText, backbone.modelBytes, backbone.files);
      try {
        const report = await computeGapReport(data, [extractor], onProgress);
        return { report, html: renderHtml(report) };
      } finally {
        await extractor.release();
      }
    },
  };
}

export type GapService = ReturnType<typeof createGapService>;
