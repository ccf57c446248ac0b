/**
 * The world-model runner: a plain service (worldmodel.worker.ts and
 * worldmodel.node-worker.ts expose it with Comlink; tests and the headless
 * page's render workers use it in-process) that loads one checked model
 * (load-model.ts) and runs it over many frames in batches, with a progress
 * callback and cancellation between batches.
 *
 * Threads: onnxruntime-web reads `env.wasm.numThreads` only when its first
 * session is made, so `configure` must come before the first `load`. Threads
 * need SharedArrayBuffer: in a page that is not cross-origin isolated the
 * runner uses 1 thread and says so in `ModelInfo.threads`.
 */
import { transfer } from 'comlink';
import { loadModel, type LoadedModel, type ModelFiles, type Ort, type TensorData } from './load-model';
import type { WorldModelManifest } from './manifest';

export type { TensorData } from './load-model';

/** Settings read when the first session is made. */
export interface RunnerSettings {
  /** wasm threads per session (default 1). */
  numThreads?: number;
  /** Where onnxruntime-web's .mjs/.wasm files are served (pages and Web Workers; Node finds its own). */
  wasmPaths?: string | { mjs: string; wasm: string };
}

/** What a loaded model is, as the service reports it. */
export interface ModelInfo {
  name: string;
  kind: WorldModelManifest['kind'];
  manifest: WorldModelManifest;
  /** wasm threads the session runs with. */
  threads: number;
}

/** One run: every feed's first dimension is the frame count N, or 1 for an input shared by all frames. */
export interface RunRequest {
  /** Names the run for `cancel(id)`. */
  id?: string;
  feeds: Record<string, TensorData>;
  /** Frames per inference (default 4). */
  batchSize?: number;
  /** In-process only (not across a worker): aborts between batches. */
  signal?: AbortSignal;
}

/** Frames done and the total, after each batch (awaited: a Comlink proxy's call lands before the next batch). */
export type ProgressCallback = (done: number, total: number) => void | Promise<void>;

/** A run was cancelled (by `cancel(id)` or its signal) before it finished. */
export class RunCancelled extends Error {
  override name = 'RunCancelled';
}

/** Resolves after pending messages and timers have run (a macrotask, unlike a resolved promise). */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

/** Rows [from, to) of a tensor whose first dimension is N, or the whole tensor tiled `to - from` times when it is 1. */
export function sliceBatch(t: TensorData, from: number, to: number): TensorData {
  const rows = t.dims[0]!;
  const stride = t.data.length / rows;
  const n = to - from;
  if (rows === 1) {
    if (n === 1) return t;
    const data = new Float32Array(stride * n);
    for (let i = 0; i < n; i++) data.set(t.data, i * stride);
    return { data, dims: [n, ...t.dims.slice(1)] };
  }
  return { data: t.data.subarray(from * stride, to * stride), dims: [n, ...t.dims.slice(1)] };
}

function frameCount(feeds: Record<string, TensorData>): number {
  let n = 1;
  for (const [key, t] of Object.entries(feeds)) {
    const rows = t.dims[0];
    const expected = t.dims.reduce((a, b) => a * b, 1);
    if (rows === undefined || !Number.isInteger(rows) || rows < 1) throw new Error(`feed ${key}: the first dimension must be a positive frame count, got ${JSON.stringify(t.dims)}`);
    if (t.data.length !== expected) throw new Error(`feed ${key}: ${t.data.length} values, dims ${JSON.stringify(t.dims)} hold ${expected}`);
    if (rows !== 1) {
      if (n !== 1 && rows !== n) throw new Error(`feed ${key} has ${rows} frames, another feed ${n}`);
      n = rows;
    }
  }
  return n;
}

/** Creates the service; `loadOrt` gives this runtime's onnxruntime-web build. */
export function createWorldModelService(loadOrt: () => Promise<Ort>) {
  let ort: Ort | undefined;
  let settings: RunnerSettings = {};
  let sessionMade = false;
  let model: LoadedModel | undefined;
  let threads = 1;
  const active = new Set<string>();
  const cancelled = new Set<string>();

  const effectiveThreads = (requested: number): number => {
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
    const shared = typeof SharedArrayBuffer !== 'undefined';
    return requested > 1 && (!shared || isolated === false) ? 1 : requested;
  };

  const service = {
    /** Sets threads and wasm paths; only before the first `load` (onnxruntime reads them once). */
    configure(next: RunnerSettings): void {
      const n = next.numThreads ?? 1;
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`numThreads must be an integer in 1..64, got ${n}`);
      if (sessionMade && effectiveThreads(n) !== threads) throw new Error(`numThreads is fixed at ${threads} once a model has loaded (onnxruntime-web reads it once)`);
      settings = { ...next, numThreads: n };
    },

    /**
     * Loads and checks a model (replacing the loaded one). Throws
     * WorldModelError naming the file, field and value when the manifest or
     * model is refused.
     */
    async load(manifestText: string, modelBytes: Uint8Array, files: ModelFiles): Promise<ModelInfo> {
      ort ??= await loadOrt();
      if (!sessionMade) {
        threads = effectiveThreads(settings.numThreads ?? 1);
        ort.env.wasm.numThreads = threads;
        if (settings.wasmPaths) ort.env.wasm.wasmPaths = settings.wasmPaths;
      }
      await model?.release();
      model = undefined;
      sessionMade = true;
      model = await loadModel(ort, manifestText, modelBytes, files);
      return service.info()!;
    },

    /** The loaded model, or undefined. */
    info(): ModelInfo | undefined {
      return model && { name: model.manifest.name, kind: model.manifest.kind, manifest: model.manifest, threads };
    },

    /**
     * Runs the model over N frames, `batchSize` at a time (the last batch may
     * be smaller); outputs are concatenated along the first dimension.
     * `onProgress` is called after each batch; `cancel(request.id)` or the
     * request's signal stop it before the next batch with RunCancelled.
     */
    async run(request: RunRequest, onProgress?: ProgressCallback): Promise<Record<string, TensorData>> {
      const m = model;
      if (!m) throw new Error('world model: call load() first');
      const total = frameCount(request.feeds);
      const batch = request.batchSize ?? 4;
      if (!Number.isInteger(batch) || batch < 1) throw new Error(`batchSize must be a positive integer, got ${batch}`);
      const id = request.id;
      if (id !== undefined) {
        if (active.has(id)) throw new Error(`a run with id "${id}" is already running`);
        active.add(id);
      }
      const outputs: Record<string, { parts: Float32Array[]; tail: number[] }> = {};
      try {
        for (let from = 0; from < total; from += batch) {
          if ((id !== undefined && cancelled.has(id)) || request.signal?.aborted) throw new RunCancelled(`run${id === undefined ? '' : ` "${id}"`} cancelled after ${from} of ${total} frames`);
          const to = Math.min(total, from + batch);
          const feeds: Record<string, TensorData> = {};
          for (const [key, t] of Object.entries(request.feeds)) feeds[key] = sliceBatch(t, from, to);
          const result = await m.run(feeds);
          for (const [key, t] of Object.entries(result)) {
            const slot = (outputs[key] ??= { parts: [], tail: t.dims.slice(1) });
            slot.parts.push(t.data);
          }
          await onProgress?.(to, total);
          // Let queued messages (a cancel) in: the inference itself never yields to the event loop.
          await yieldToEventLoop();
        }
      } finally {
        if (id !== undefined) {
          active.delete(id);
          cancelled.delete(id);
        }
      }
      const out: Record<string, TensorData> = {};
      for (const [key, { parts, tail }] of Object.entries(outputs)) {
        const data = parts.length === 1 ? parts[0]! : new Float32Array(parts.reduce((n, p) => n + p.length, 0));
        if (parts.length > 1) {
          let at = 0;
          for (const p of parts) {
            data.set(p, at);
            at += p.length;
          }
        }
        out[key] = { data, dims: [total, ...tail] };
      }
      return transfer(out, Object.values(out).map((t) => t.data.buffer as ArrayBuffer));
    },

    /** Stops run `id` before its next batch (a no-op for an unknown or finished id). */
    cancel(id: string): void {
      if (active.has(id)) cancelled.add(id);
    },

    /** Frees the loaded model. */
    async unload(): Promise<void> {
      await model?.release();
      model = undefined;
    },
  };
  return service;
}

export type WorldModelService = ReturnType<typeof createWorldModelService>;
