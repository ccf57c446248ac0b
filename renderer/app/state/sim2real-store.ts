/**
 * The Sim2Real view's state: the real reference (dropped or chosen images
 * and videos, or a folder opened through the host), the camera compared,
 * the progress of a report, and the report shown: computed for the last
 * run (its raw renders and the world-model variations made for it) or read
 * from an exported dataset's meta/sim2real.html. A new run clears a report
 * computed for the previous one.
 */
import { create } from 'zustand';
import type { InputFolder, StudioBridge } from '../../../main/bridge/contract';
import type { Sim2RealReport } from '../../../exporters/sim2real/report-types';
import { computeInWorker, GapCancelled } from '../sim2real/gap-client';
import type { BackboneFiles } from '../sim2real/gap-service';
import { isReport } from '../sim2real/key-numbers';
import { decodeRealFrames } from '../sim2real/real-frames';
import { syntheticSide } from '../sim2real/synthetic-frames';
import type { PendingFile } from '../worldmodel/reference-files';
import { useAssetStore } from './asset-store';
import { runRecords, useRunStore } from './run-store';
import { useWorldModelStore } from './worldmodel-store';

/** The bundled feature backbone (an asset folder). */
export const BACKBONE = 'models/random-cnn-features';

/** The stages of a report, for the progress bar. */
export type GapStage = 'decoding' | 'rendering' | 'features' | 'statistics';

/** A report on screen: where it came from, its page and (when known) its numbers. */
export interface ShownReport {
  origin: 'run' | 'dataset';
  /** The dataset folder, or the real reference the run was compared with. */
  label: string;
  html: string;
  report: Sim2RealReport | null;
}

export interface Sim2RealState {
  real: { label: string; files: PendingFile[] } | null;
  cameraId: string | null;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  stage: GapStage | null;
  done: number;
  total: number;
  error: string | undefined;
  shown: ShownReport | null;
  actions: {
    setReal(label: string, files: PendingFile[]): void;
    setCamera(id: string): void;
    compute(host: StudioBridge): Promise<void>;
    cancel(): void;
    /** Shows the report of an exported dataset folder; returns why it cannot, or null. */
    showDataset(folder: InputFolder): string | null;
  };
}

let controller: AbortController | null = null;

/** Reads the bundled backbone through the host. */
async function backbone(host: StudioBridge): Promise<BackboneFiles> {
  const manifestFile = `assets/${BACKBONE}/manifest.json`;
  const manifestText = new TextDecoder().decode(await host.readAsset(`${BACKBONE}/manifest.json`));
  let file = 'model.onnx';
  try {
    const named = (JSON.parse(manifestText) as { file?: unknown }).file;
    if (typeof named === 'string' && /^[A-Za-z0-9._-]+$/.test(named)) file = named;
  } catch {
    // The extractor refuses the manifest with its own message.
  }
  return { manifestText, modelBytes: await host.readAsset(`${BACKBONE}/${file}`), files: { manifestFile, modelFile: `assets/${BACKBONE}/${file}` } };
}

/** The store. */
export const useSim2RealStore = create<Sim2RealState>()((set, get) => ({
  real: null,
  cameraId: null,
  status: 'idle',
  stage: null,
  done: 0,
  total: 0,
  error: undefined,
  shown: null,
  actions: {
    setReal: (label, files) => set({ real: { label, files } }),
    setCamera: (cameraId) => set({ cameraId }),
    async compute(host) {
      const { real, cameraId, status } = get();
      const run = useRunStore.getState();
      if (status === 'running' || !real || !cameraId || !run.scene) return;
      const scene = run.scene;
      controller = new AbortController();
      const signal = controller.signal;
      const check = (): void => {
        if (signal.aborted) throw new GapCancelled('cancelled');
      };
      const progress = (stage: GapStage) => (done: number, total: number) => set({ stage, done, total });
      set({ status: 'running', stage: 'decoding', done: 0, total: 0, error: undefined });
      try {
        const realSide = await decodeRealFrames(real.label, real.files, progress('decoding'));
        check();
        const synthetic = await syntheticSide({
          scene,
          jobSeed: run.seed,
          records: runRecords(),
          meshes: useAssetStore.getState().meshes,
          cameraId,
          variations: useWorldModelStore.getState().result,
          check,
          onProgress: progress('rendering'),
        });
        check();
        const files = await backbone(host);
        const result = await computeInWorker(
          {
            seed: run.seed,
            synthetic: { source: synthetic.source, raw: synthetic.raw, variations: synthetic.variations, states: synthetic.states, actions: synthetic.actions },
            real: { source: realSide.source, images: realSide.images, states: null, actions: null },
            policies: null,
          },
          files,
          signal,
          (done, total) => set(done < total ? { stage: 'features', done, total } : { stage: 'statistics', done, total }),
        );
        set({ status: 'done', stage: null, shown: { origin: 'run', label: real.label, html: result.html, report: result.report } });
      } catch (error) {
        if (error instanceof GapCancelled || signal.aborted) set({ status: 'cancelled', stage: null });
        else set({ status: 'failed', stage: null, error: error instanceof Error ? error.message : String(error) });
      } finally {
        controller = null;
      }
    },
    cancel: () => controller?.abort(),
    showDataset(folder) {
      const html = folder.files.find((f) => f.path === 'meta/sim2real.html');
      if (!html) return `${folder.label} has no meta/sim2real.html: write one with npm run gap -- --synthetic ${folder.label} --real <real images or video>`;
      const json = folder.files.find((f) => f.path === 'meta/sim2real.json');
      let report: Sim2RealReport | null = null;
      if (json) {
        try {
          const parsed: unknown = JSON.parse(new TextDecoder().decode(json.bytes));
          report = isReport(parsed) ? parsed : null;
        } catch {
          report = null;
        }
      }
      set({ shown: { origin: 'dataset', label: folder.label, html: new TextDecoder().decode(html.bytes), report } });
      return null;
    },
  },
}));

// A report computed for the last run is out of date once another run starts.
useRunStore.subscribe((s, prev) => {
  if (s.status === 'running' && prev.status !== 'running') {
    controller?.abort();
    if (useSim2RealStore.getState().shown?.origin === 'run') useSim2RealStore.setState({ shown: null, status: 'idle' });
  }
});
