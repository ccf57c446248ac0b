/**
 * The World Model panel's state: the models offered (the bundled one and
 * folders the user opened) with what their check in the worker said, the
 * chosen reference, the episode, camera and K to vary, the progress of a
 * run, and its result (the original frames and the K variations with their
 * scores). A new rollout run clears the result, which belongs to the last one.
 */
import { create } from 'zustand';
import type { InputFolder, StudioBridge } from '../../../main/bridge/contract';
import type { WorldModelManifest } from '../../../workers/worldmodel/manifest';
import { decodeReferences, type ReferenceSource } from '../../headless/reference-decode';
import { loadWorldModel } from '../worldmodel/client';
import { makeVariations, MakeCancelled, type MakeStage, type VariationRun } from '../worldmodel/make-variations';
import { bundledModel, folderModel, type ModelSource } from '../worldmodel/model-sources';
import type { RgbaImage } from '../../../workers/worldmodel/image';
import { useAssetStore } from './asset-store';
import { runRecord, useRunStore } from './run-store';

/** A model the panel offers, and what checking it said. */
export interface ModelEntry {
  id: string;
  label: string;
  origin: 'bundled' | 'folder';
  /** unchecked: offered, not loaded yet; loading: being checked in the worker. */
  status: 'unchecked' | 'loading' | 'ready' | 'refused';
  manifest?: WorldModelManifest;
  /** wasm threads it runs with. */
  threads?: number;
  /** Why it was refused (file, field and value). */
  error?: string;
}

/** The chosen reference, with the frame variation 0 would use (decoded to check it). */
export interface ReferenceState {
  source: ReferenceSource;
  preview: RgbaImage | null;
  /** Why it cannot be decoded. */
  error?: string;
}

/** Where "Make variations" is. */
export type VaryStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** Limits of K. */
export const MAX_VARIATIONS = 8;

export interface WorldModelState {
  models: ModelEntry[];
  /** Id of the chosen model (the one loaded in the worker). */
  selected: string | null;
  reference: ReferenceState | null;
  /** A reference that could not be taken (wrong file types). */
  referenceError: string | null;
  count: number;
  episodeIndex: number | null;
  cameraId: string | null;
  status: VaryStatus;
  stage: MakeStage | null;
  done: number;
  total: number;
  error: string | undefined;
  result: VariationRun | null;
  actions: {
    /** Offers the bundled model (once) and loads it when nothing is chosen. */
    init(host: StudioBridge): Promise<void>;
    /** Offers the model in a folder the user opened, and loads it. */
    addFolder(folder: InputFolder): Promise<void>;
    select(id: string): Promise<void>;
    setReference(choice: { ok: true; source: ReferenceSource } | { ok: false; error: string }): Promise<void>;
    setCount(count: number): void;
    setEpisode(index: number): void;
    setCamera(id: string): void;
    make(): Promise<void>;
    cancel(): void;
  };
}

/** Model bytes by entry id, kept apart from the reactive state. */
const sources = new Map<string, ModelSource>();
/** Loads run one after another in the worker (it holds one model). */
let loads: Promise<void> = Promise.resolve();
let controller: AbortController | null = null;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The store. */
export const useWorldModelStore = create<WorldModelState>()((set, get) => {
  const patch = (id: string, entry: Partial<ModelEntry>): void => set((s) => ({ models: s.models.map((m) => (m.id === id ? { ...m, ...entry } : m)) }));
  const load = async (id: string): Promise<void> => {
    const source = sources.get(id);
    if (!source) return;
    set({ selected: id });
    patch(id, { status: 'loading', error: undefined });
    if (source.problem) {
      patch(id, { status: 'refused', error: source.problem });
      return;
    }
    const attempt = loads.then(async () => {
      // Chosen again meanwhile: the later load wins, this one is skipped.
      if (get().selected !== id) return patch(id, { status: get().models.find((m) => m.id === id)?.manifest ? 'ready' : 'unchecked' });
      try {
        const info = await loadWorldModel(source.manifestText, source.modelBytes, source.files);
        patch(id, { status: 'ready', manifest: info.manifest, threads: info.threads });
      } catch (error) {
        patch(id, { status: 'refused', error: message(error), manifest: undefined });
      }
    });
    loads = attempt;
    await attempt;
  };
  const offer = (source: ModelSource): void => {
    sources.set(source.id, source);
    set((s) => ({ models: [...s.models.filter((m) => m.id !== source.id), { id: source.id, label: source.label, origin: source.origin, status: 'unchecked' }] }));
  };
  return {
    models: [],
    selected: null,
    reference: null,
    referenceError: null,
    count: 2,
    episodeIndex: null,
    cameraId: null,
    status: 'idle',
    stage: null,
    done: 0,
    total: 0,
    error: undefined,
    result: null,
    actions: {
      async init(host) {
        if (get().models.some((m) => m.origin === 'bundled')) return;
        const source = await bundledModel(host);
        if (get().models.some((m) => m.origin === 'bundled')) return;
        offer(source);
        if (get().selected === null) await load(source.id);
      },
      async addFolder(folder) {
        const source = folderModel(folder);
        offer(source);
        await load(source.id);
      },
      select: (id) => load(id),
      async setReference(choice) {
        if (!choice.ok) {
          set({ referenceError: choice.error });
          return;
        }
        set({ reference: { source: choice.source, preview: null }, referenceError: null });
        try {
          const [first] = await decodeReferences(choice.source, 1, useRunStore.getState().seed);
          if (get().reference?.source === choice.source) set({ reference: { source: choice.source, preview: first?.image ?? null } });
        } catch (error) {
          if (get().reference?.source === choice.source) set({ reference: { source: choice.source, preview: null, error: message(error) } });
        }
      },
      setCount: (count) => set({ count: Math.max(1, Math.min(MAX_VARIATIONS, Math.round(count))) }),
      setEpisode: (episodeIndex) => set({ episodeIndex }),
      setCamera: (cameraId) => set({ cameraId }),
      async make() {
        const s = get();
        const run = useRunStore.getState();
        const model = s.models.find((m) => m.id === s.selected);
        if (s.status === 'running' || !run.scene || model?.status !== 'ready' || !model.manifest || !s.reference || s.episodeIndex === null || !s.cameraId) return;
        const record = runRecord(s.episodeIndex);
        if (!record) {
          set({ status: 'failed', error: `episode ${s.episodeIndex} is not kept in memory; run fewer episodes` });
          return;
        }
        controller = new AbortController();
        set({ status: 'running', stage: 'rendering', done: 0, total: record.frames, error: undefined });
        try {
          const result = await makeVariations({
            scene: run.scene,
            jobSeed: run.seed,
            record,
            meshes: useAssetStore.getState().meshes,
            cameraId: s.cameraId,
            reference: s.reference.source,
            count: s.count,
            model: { name: model.manifest.name, sha256: model.manifest.sha256 },
            signal: controller.signal,
            onProgress: (stage, done, total) => set({ stage, done, total }),
          });
          set({ status: 'done', stage: null, result });
        } catch (error) {
          if (error instanceof MakeCancelled) set({ status: 'cancelled', stage: null });
          else set({ status: 'failed', stage: null, error: message(error) });
        } finally {
          controller = null;
        }
      },
      cancel: () => controller?.abort(),
    },
  };
});

// The result belongs to the run it was made from: a new run clears it.
useRunStore.subscribe((s, prev) => {
  if (s.status === 'running' && prev.status !== 'running') {
    controller?.abort();
    useWorldModelStore.setState({ result: null, status: 'idle', episodeIndex: null, error: undefined });
  }
});
