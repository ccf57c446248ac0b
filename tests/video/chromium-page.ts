/**
 * Runs the video test page in Debian's Chromium: bundles tests/video/page/entry.ts
 * with vite into out/test-pages/video, serves it from 127.0.0.1 (WebCodecs
 * needs a secure context, which loopback is) and opens it with playwright-core.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../main/cli/render-host';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CHROMIUM = '/usr/bin/chromium';
const HTML = '<!doctype html><html><head><meta charset="utf-8"><title>video test</title>'
  + '<script type="module" src="/video-test.js"></script></head><body></body></html>';

export interface VideoTestPage {
  page: Page;
  close(): Promise<void>;
}

/** Bundles the page (once per call) into `outDir`/video-test.js. */
async function bundle(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: {
        entry: { 'video-test': join(ROOT, 'tests/video/page/entry.ts'), 'video-worker': join(ROOT, 'tests/video/page/worker.ts') },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
    },
  });
}

/** Serves the page and the bundle's scripts (flat file names only). */
async function serve(outDir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    if (url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(HTML);
    } else if (/^\/[\w.-]+\.js$/.test(url)) {
      readFile(join(outDir, url.slice(1))).then(
        (script) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(script),
        () => response.writeHead(404).end(),
      );
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/**
 * Opens the video test page; `window.videoTest` is ready when this resolves.
 * `bundleName` names its bundle folder under out/test-pages/ (one per test
 * area, so no two areas rebuild the same folder).
 */
export async function openVideoTestPage(bundleName = 'video'): Promise<VideoTestPage> {
  const outDir = join(ROOT, 'out/test-pages', bundleName);
  await bundle(outDir);
  const { server, url } = await serve(outDir);
  const userDataDir = await mkdtemp(join(tmpdir(), 'video-test-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => 'videoTest' in window, undefined, { timeout: 20_000 }).catch((error: unknown) => {
      throw new Error(`the video test page did not start: ${errors.join('; ') || String(error)}`);
    });
    const opened = context;
    return {
      page,
      close: async () => {
        await opened.close();
        server.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    server.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
