/**
 * The CLI's episode renderer: the renderer bundle's headless page
 * (renderer/headless) in Electron where installed, else a system Chromium
 * (render-host/browser.ts), driven by playwright-core, with
 * K render workers in the page. Episodes go in as packed base64 through
 * `page.evaluate` (they are small: scene and pose track); the media comes
 * back binary, POSTed by the page as a Blob to a loopback server
 * (exporters/media-wire.ts). Measured page -> Node on 10-50 MB: Blob POST
 * 300-390 MB/s; the same POST with an ArrayBuffer body ~20 MB/s; base64
 * through `page.evaluate` results or an exposed binding 30-65 MB/s.
 */
import { episodeRenderInput, type EpisodeRenderer, type MediaWants } from '../../exporters/episode-renderer';
import type { EpisodeRecord } from '../../exporters/episode';
import type { RenderedMedia } from '../../exporters/media';
import { packValue, unpackValue } from '../../exporters/media-wire';
import type { EpisodeSpec } from '../../scenes/sample';
import type { MeshLibrary } from '../../workers/physics/mesh';
import type { PageVariationConfig, VariationSetupReport } from '../../workers/worldmodel/setup';
import { headlessBundle } from './render-host/bundle';
import { existsSync } from 'node:fs';
import { chooseBrowser, launchPage, type BrowserChoice, type LaunchedPage } from './render-host/browser';
import { findElectron } from './render-host/electron';
import { startHostServer, type HostServer } from './render-host/server';

export { BROWSER_ENV, chooseBrowser, type BrowserChoice } from './render-host/browser';
export { findElectron } from './render-host/electron';
export { BrowserNotFoundError, CHROMIUM_ARGS, CHROMIUM_ENV, CHROMIUM_PATHS, chromiumExecutable, findChromium, type ChromiumLookup } from './render-host/chromium';
export { headlessBundle, type HeadlessBundle } from './render-host/bundle';
export type { EpisodeRenderer, MediaWants } from '../../exporters/episode-renderer';

export interface ChromiumRendererOptions {
  /** Render workers in the page: episodes rendered at once (1..64). */
  workers: number;
  /** Mesh assets the scenes use (main/cli/scene-file.ts `loadMeshes`). */
  meshes: MeshLibrary;
  /** A Chromium to launch; default: see `chooseBrowser` (BrowserNotFoundError when none). */
  executablePath?: string;
  /** Told once when the preferred browser (Electron) could not start and a system Chromium is used instead. */
  onWarning?: (message: string) => void;
  /** A built headless page to serve; default: renderer/headless built (or taken from the cache under out/). */
  bundleDir?: string;
  /** Milliseconds to wait for the page to start (default 60 000). */
  startTimeoutMs?: number;
}

/** What the page reported for one episode (for benchmarks and progress). */
export interface EpisodeRenderReport {
  episodeIndex: number;
  /** Worker that rendered it. */
  worker: number;
  /** Packed media bytes transferred from the page. */
  bytes: number;
  /** Milliseconds: the whole call, the page's packing and upload, and the page's stages. */
  totalMs: number;
  uploadMs: number;
  stages: { renderMs: number; encodeMs: number; pngMs: number; labelsMs: number } | undefined;
}

/** World-model variations to set up in the page (files are read from disk when the page asks). */
export interface VariationsSetup {
  /** The manifest's text and how messages name it and the model. */
  manifestText: string;
  manifestFile: string;
  /** The ONNX file on disk. */
  modelPath: string;
  /** How messages name the model file. */
  modelFile: string;
  /** A video file, or a folder's image files in frame order (paths on disk). */
  reference: { name: string; kind: 'video' | 'images'; files: string[] };
  /** Variations per camera (K). */
  count: number;
  seed: number;
  /** Frames per inference (default 4). */
  batchSize?: number;
  /** wasm threads per render worker (default: the cores shared among the render workers, 1..4). */
  numThreads: number;
}

export interface ChromiumEpisodeRenderer extends EpisodeRenderer {
  readonly workers: number;
  /** Loads the world model and decodes the reference in the page; episodes rendered with `wants.variations` then carry variations. */
  setupVariations(setup: VariationsSetup): Promise<VariationSetupReport>;
  /** The browser executable in use (Electron's or a Chromium). */
  readonly executablePath: string;
  /** Which kind of browser renders. */
  readonly browserKind: BrowserChoice['kind'];
  /** Renders on a free worker, or on worker `options.worker` (tests use it to check worker independence). */
  render(spec: EpisodeSpec, record: EpisodeRecord, wants: MediaWants, options?: { worker?: number }): Promise<RenderedMedia>;
  /** Called after each episode rendered. */
  onReport?: (report: EpisodeRenderReport) => void;
}

/** The calls of the page's `window.studioHeadless` the host makes (renderer/headless/main.ts, HeadlessApi). */
interface PageApi {
  initPacked(meshesBase64: string): Promise<void>;
  initVariations(config: PageVariationConfig): Promise<VariationSetupReport>;
  renderEpisodeUpload(
    inputBase64: string, uploadUrl: string, worker?: number,
  ): Promise<{ bytes: number; worker: number; uploadMs: number; timings: EpisodeRenderReport['stages'] }>;
}

/** The page's global object (in `page.evaluate` callbacks, which run in the page and so must name nothing of this module). */
type PageGlobal = { studioHeadless: PageApi };

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).replace(/^page\.evaluate: (Error: )?/, '');
}

/** Opens Chromium on the headless render page with `workers` render workers. */
export async function openChromiumRenderer(options: ChromiumRendererOptions): Promise<ChromiumEpisodeRenderer> {
  const { workers, meshes } = options;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error(`render workers must be an integer in 1..64, got ${workers}`);
  const choice: BrowserChoice = options.executablePath !== undefined
    ? { kind: 'chromium', path: options.executablePath }
    : chooseBrowser(process.env, findElectron(), existsSync);
  const dir = options.bundleDir ?? (await headlessBundle()).dir;
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let server: HostServer | undefined;
  let launched: LaunchedPage | undefined;
  try {
    server = await startHostServer(dir);
    const url = `${server.origin}index.html?workers=${workers}`;
    const start = await launchPage(choice, url, timeoutMs, options.onWarning ?? (() => undefined));
    launched = start.launched;
    const { page } = launched;
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    if (start.needsGoto) await page.goto(url);
    await page.waitForFunction(() => 'studioHeadless' in globalThis, undefined, { timeout: timeoutMs }).catch((error: unknown) => {
      throw new Error(`the headless render page did not start: ${pageErrors.join('; ') || firstLine(error)}`);
    });
    const packedMeshes = Buffer.from(packValue(meshes)).toString('base64');
    await page.evaluate((b64) => (globalThis as unknown as PageGlobal).studioHeadless.initPacked(b64), packedMeshes).catch((error: unknown) => {
      throw new Error(`the render workers did not start: ${firstLine(error)}`);
    });
    return hostRenderer(launched, server, workers, pageErrors);
  } catch (error) {
    await launched?.close();
    await server?.close();
    throw error;
  }
}

function hostRenderer(launched: LaunchedPage, server: HostServer, workers: number, pageErrors: string[]): ChromiumEpisodeRenderer {
  const { page } = launched;
  let broken: Error | undefined;
  let closed = false;
  let fail: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failure.catch(() => undefined);
  const breakWith = (message: string) => {
    broken ??= new Error(message);
    fail(broken);
  };
  page.on('crash', () => breakWith(`the render page crashed${pageErrors.length ? ` (${pageErrors.join('; ')})` : ''}`));
  launched.onExit(() => {
    if (!closed) breakWith(`${launched.kind === 'electron' ? 'Electron' : 'Chromium'} exited while rendering`);
  });

  const renderer: ChromiumEpisodeRenderer = {
    workers,
    executablePath: launched.executablePath,
    browserKind: launched.kind,
    async render(spec, record, wants, options = {}) {
      if (closed) throw new Error('the Chromium renderer is closed');
      if (broken) throw broken;
      const t0 = performance.now();
      const input = Buffer.from(packValue(episodeRenderInput(spec, record, wants))).toString('base64');
      const upload = server.expectUpload();
      try {
        const report = await Promise.race([
          page.evaluate(([b64, url, worker]) => (globalThis as unknown as PageGlobal).studioHeadless.renderEpisodeUpload(b64, url, worker ?? undefined), [input, upload.url, options.worker ?? null] as const),
          failure,
        ]);
        const media = unpackValue<RenderedMedia>(await upload.body);
        renderer.onReport?.({
          episodeIndex: record.episodeIndex, worker: report.worker, bytes: report.bytes, totalMs: performance.now() - t0, uploadMs: report.uploadMs, stages: report.timings,
        });
        return media;
      } catch (error) {
        const wrapped = new Error(`rendering episode ${record.episodeIndex} in ${launched.kind === 'electron' ? 'Electron' : 'Chromium'} failed: ${firstLine(error)}`, { cause: error });
        upload.cancel(wrapped);
        throw wrapped;
      }
    },
    async setupVariations(setup) {
      if (closed) throw new Error('the Chromium renderer is closed');
      const config: PageVariationConfig = {
        model: { manifestText: setup.manifestText, modelUrl: server.offerFile(setup.modelPath), files: { manifestFile: setup.manifestFile, modelFile: setup.modelFile } },
        reference: {
          name: setup.reference.name,
          kind: setup.reference.kind,
          files: setup.reference.files.map((path) => ({ name: path.split(/[\\/]/).pop()!, url: server.offerFile(path) })),
        },
        count: setup.count,
        seed: setup.seed,
        batchSize: setup.batchSize ?? 4,
        numThreads: setup.numThreads,
      };
      try {
        return await Promise.race([page.evaluate((c) => (globalThis as unknown as PageGlobal).studioHeadless.initVariations(c), config), failure]);
      } catch (error) {
        throw new Error(firstLine(error), { cause: error });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await launched.close();
      await server.close();
    },
  };
  return renderer;
}
