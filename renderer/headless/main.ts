/**
 * The headless render page: K Web Workers (media.worker.ts, each with its
 * own WebGL renderer on an OffscreenCanvas) render episodes into
 * RenderedMedia, one episode per worker, so K episodes render at once.
 * `?workers=K` sets K (default 1). The API is `window.studioHeadless`
 * (HeadlessApi); the Node host (main/cli/render-host.ts) calls its packed
 * forms, which take base64 input and POST the packed media back over HTTP
 * (exporters/media-wire.ts).
 */
import { wrap, type Remote } from 'comlink';
import type { EpisodeRenderInput } from '../../exporters/episode-renderer';
import type { RenderedMedia } from '../../exporters/media';
import { packParts, unpackValue } from '../../exporters/media-wire';
import type { MeshLibrary } from '../../workers/physics/mesh';
import type { PageVariationConfig, VariationSetupReport } from '../../workers/worldmodel/setup';
import type { EpisodeTimings } from './episode-media';
import type { MediaService } from './media-service';
import { decodeReferences } from './reference-decode';
import { WorkerSlots } from './slots';

/** What an uploaded episode reports back to the host. */
export interface UploadReport {
  /** Bytes POSTed. */
  bytes: number;
  /** Index of the worker that rendered the episode. */
  worker: number;
  timings: EpisodeTimings | undefined;
  /** Milliseconds spent packing and posting. */
  uploadMs: number;
}

export interface HeadlessApi {
  /** Number of render workers. */
  readonly workers: number;
  /** Gives every worker its WebGL renderer and the mesh assets. */
  init(meshes: MeshLibrary): Promise<void>;
  /** Renders one episode on a free worker (or on worker `worker`). */
  renderEpisode(input: EpisodeRenderInput, worker?: number): Promise<RenderedMedia>;
  /** `init` with the meshes packed (media-wire) and base64-encoded. */
  initPacked(meshesBase64: string): Promise<void>;
  /** `renderEpisode` with the input packed and base64-encoded; POSTs the packed media to `uploadUrl`. */
  renderEpisodeUpload(inputBase64: string, uploadUrl: string, worker?: number): Promise<UploadReport>;
  /** Decodes the reference, picks its frames and loads the world model in every render worker. */
  initVariations(config: PageVariationConfig): Promise<VariationSetupReport>;
}

interface RenderWorker {
  service: Remote<MediaService>;
  /** Rejects when the worker dies (an uncaught error in its scope, e.g. failing to load). */
  failed: Promise<never>;
}

function startWorker(index: number): RenderWorker {
  const worker = new Worker(new URL('./media.worker.ts', import.meta.url), { type: 'module', name: `render-${index}` });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => reject(new Error(`render worker ${index} failed: ${event.message || 'it did not load'}`)));
  });
  failed.catch(() => undefined); // observed by the calls that race it
  return { service: wrap<MediaService>(worker), failed };
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const requested = Number(new URLSearchParams(location.search).get('workers') ?? '1');
if (!Number.isInteger(requested) || requested < 1 || requested > 64) throw new Error(`?workers= must be an integer in 1..64, got ${requested}`);
const workers = Array.from({ length: requested }, (_, i) => startWorker(i));
const slots = new WorkerSlots(workers.length);

const call = <T>(w: RenderWorker, run: (s: Remote<MediaService>) => Promise<T>): Promise<T> => Promise.race([run(w.service), w.failed]);

async function renderOn(input: EpisodeRenderInput, pinned?: number): Promise<{ media: RenderedMedia; worker: number; timings: EpisodeTimings | undefined }> {
  const index = await slots.acquire(pinned);
  try {
    const w = workers[index]!;
    const media = await call(w, (s) => s.renderEpisode(input));
    const timings = await call(w, (s) => s.lastTimings());
    return { media, worker: index, timings };
  } finally {
    slots.release(index);
  }
}

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${what}: the host answered HTTP ${response.status} ${await response.text()}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function initVariations(config: PageVariationConfig): Promise<VariationSetupReport> {
  const files = config.reference.files.map((f) => ({ name: f.name, load: () => fetchBytes(f.url, `${config.reference.name}/${f.name}`) }));
  const references = await decodeReferences({ name: config.reference.name, kind: config.reference.kind, files }, config.count, config.seed);
  const modelBytes = await fetchBytes(config.model.modelUrl, config.model.files.modelFile);
  const ort = new URL('ort/', location.href).href;
  const runner = { numThreads: config.numThreads, wasmPaths: { mjs: `${ort}ort-wasm-simd-threaded.mjs`, wasm: `${ort}ort-wasm-simd-threaded.wasm` } };
  const reports = await Promise.all(workers.map((w) => call(w, (s) => s.initVariations({
    manifestText: config.model.manifestText, modelBytes, files: config.model.files, references, seed: config.seed, batchSize: config.batchSize, runner,
  }))));
  return {
    threads: Math.min(...reports.map((r) => r.threads)),
    crossOriginIsolated: globalThis.crossOriginIsolated,
    references: references.map((r) => ({ ...r.source, width: r.image.width, height: r.image.height })),
  };
}

const api: HeadlessApi = {
  workers: workers.length,
  async init(meshes) {
    await Promise.all(workers.map((w) => call(w, (s) => s.init(meshes))));
  },
  async renderEpisode(input, worker) {
    return (await renderOn(input, worker)).media;
  },
  async initPacked(meshesBase64) {
    await api.init(unpackValue<MeshLibrary>(fromBase64(meshesBase64)));
  },
  async renderEpisodeUpload(inputBase64, uploadUrl, worker) {
    const { media, worker: index, timings } = await renderOn(unpackValue<EpisodeRenderInput>(fromBase64(inputBase64)), worker);
    const t0 = performance.now();
    // A Blob body: Chromium posts an ArrayBuffer body at ~20 MB/s, a Blob at ~300 MB/s (measured).
    const body = new Blob(packParts(media) as Uint8Array<ArrayBuffer>[], { type: 'application/octet-stream' });
    const response = await fetch(uploadUrl, { method: 'POST', body });
    if (!response.ok) throw new Error(`uploading episode ${media.episodeIndex} (${body.size} bytes) failed: HTTP ${response.status} ${await response.text()}`);
    return { bytes: body.size, worker: index, timings, uploadMs: performance.now() - t0 };
  },
  initVariations,
};

(window as unknown as { studioHeadless: HeadlessApi }).studioHeadless = api;
