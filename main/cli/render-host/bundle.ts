/**
 * The headless render page (renderer/headless/), built with vite into a
 * cache folder under out/ that is keyed by a hash of every source the
 * bundle can include (renderer/, scenes/, exporters/, workers/), of
 * package-lock.json and of this file (the build settings): a changed source gives a new folder, an unchanged one
 * reuses the last build. Builds land in a temporary folder first and are
 * renamed into place, so concurrent processes never see half a build.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** Where built bundles are cached (out/ is ignored by git). */
export const BUNDLE_CACHE_DIR = join(REPO_ROOT, 'out', 'headless-renderer');
const PAGE_ROOT = join(REPO_ROOT, 'renderer', 'headless');
const SOURCE_DIRS = ['renderer', 'scenes', 'exporters', 'workers'];
const SOURCE_FILE = /\.(ts|tsx|mts|js|mjs|json|html|css|wasm|glsl)$/;
/** Bundles kept in the cache besides the current one. */
const KEEP_OLD = 2;

export interface HeadlessBundle {
  /** Folder holding index.html and its assets. */
  dir: string;
  /** True when this call built it (false: taken from the cache). */
  built: boolean;
  /** Milliseconds spent hashing sources and, when built, building. */
  ms: number;
}

function listSources(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listSources(path, out);
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) out.push(path);
  }
}

/** A hash of the bundle's possible sources (paths and contents) and the locked dependency versions. */
export function sourceHash(): string {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) listSources(join(REPO_ROOT, dir), files);
  files.push(join(REPO_ROOT, 'package-lock.json'), fileURLToPath(import.meta.url)); // this file holds the build settings
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(REPO_ROOT, file)).update('\0');
    hash.update(existsSync(file) ? readFileSync(file) : '').update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** onnxruntime-web's wasm runtime (threaded SIMD build), copied into the bundle's `ort/` folder for the world model. */
export const ORT_RUNTIME_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

/**
 * Runs vite's build of renderer/headless into `outDir`. `onnxruntime-web/wasm`
 * resolves to its build without the embedded runtime (the
 * `onnxruntime-web-use-extern-wasm` condition); the runtime files are copied
 * to `ort/`, where the page points `env.wasm.wasmPaths` (its pthread workers
 * load the same .mjs).
 */
export async function buildBundle(outDir: string): Promise<void> {
  const { build, defaultClientConditions } = await import('vite');
  await build({
    configFile: false,
    root: PAGE_ROOT,
    base: './',
    logLevel: 'error',
    resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false, reportCompressedSize: false, chunkSizeWarningLimit: 10_000 },
    worker: { format: 'es' },
  });
  const ortDist = dirname(createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
  mkdirSync(join(outDir, 'ort'), { recursive: true });
  for (const file of ORT_RUNTIME_FILES) copyFileSync(join(ortDist, file), join(outDir, 'ort', file));
}

/** The built page for the current sources: from the cache, or built now (`rebuild` forces a build). */
export async function headlessBundle(options: { rebuild?: boolean } = {}): Promise<HeadlessBundle> {
  const t0 = performance.now();
  const key = sourceHash();
  const dir = join(BUNDLE_CACHE_DIR, key);
  if (!options.rebuild && existsSync(join(dir, 'index.html'))) return { dir, built: false, ms: performance.now() - t0 };
  const temp = join(BUNDLE_CACHE_DIR, `.build-${key}-${process.pid}-${Date.now()}`);
  try {
    await buildBundle(temp);
    if (options.rebuild) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(temp, dir);
    } catch (error) {
      // Another process put the same build in place first: use theirs.
      if (!existsSync(join(dir, 'index.html'))) throw error;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  pruneCache(key);
  return { dir, built: true, ms: performance.now() - t0 };
}

/** Removes all but the newest KEEP_OLD bundles other than `current` (and stale temporary builds). */
function pruneCache(current: string): void {
  const entries = readdirSync(BUNDLE_CACHE_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== current)
    .map((e) => ({ path: join(BUNDLE_CACHE_DIR, e.name), temp: e.name.startsWith('.build-'), mtime: statSync(join(BUNDLE_CACHE_DIR, e.name)).mtimeMs }));
  const hour = 3_600_000;
  const now = Date.now();
  const old = entries.filter((e) => !e.temp).sort((a, b) => b.mtime - a.mtime).slice(KEEP_OLD);
  const staleTemp = entries.filter((e) => e.temp && now - e.mtime > hour);
  for (const e of [...old, ...staleTemp]) rmSync(e.path, { recursive: true, force: true });
}
