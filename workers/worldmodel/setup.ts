/**
 * How a host sets up world-model variations in a page that renders
 * episodes (renderer/headless/main.ts `initVariations`, called by the CLI's
 * render host): plain data that crosses `page.evaluate`. Files travel by
 * URL (the host serves them), not inline.
 */
import type { ModelFiles } from './load-model';

/** World-model variations as the host sets them up. */
export interface PageVariationConfig {
  model: { manifestText: string; modelUrl: string; files: ModelFiles };
  /** A video file, or a folder's images in frame order. */
  reference: { name: string; kind: 'video' | 'images'; files: { name: string; url: string }[] };
  /** Variations per camera (K). */
  count: number;
  /** Picks the reference frames and keys the noise streams. */
  seed: number;
  /** Frames per inference. */
  batchSize: number;
  /** wasm threads per render worker (1 unless the page is cross-origin isolated). */
  numThreads: number;
}

/** What the page set up. */
export interface VariationSetupReport {
  /** wasm threads each render worker's model runs with. */
  threads: number;
  crossOriginIsolated: boolean;
  /** Variation k's reference frame, and its decoded size in pixels. */
  references: { file: string; frame: number; width: number; height: number }[];
}
