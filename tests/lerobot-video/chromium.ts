/**
 * Encodes synthetic camera episodes with Chromium's WebCodecs, as the
 * renderer does: bundles the video test page (tests/video/page/entry.ts,
 * `window.videoTest`) with vite into its own folder, out/test-pages/lerobot-video
 * (so it never races the video tests' bundle), serves it from 127.0.0.1
 * (WebCodecs needs a secure context) and drives it with playwright-core.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type BrowserContext } from 'playwright-core';
import type { EncodedEpisodeVideo } from '../../exporters/video/encoded-video';
import type { EpisodeEncoderOptions } from '../../renderer/video/episode-encoder';
import { fromWire } from '../video/page/wire';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const OUT_DIR = join(ROOT, 'out/test-pages/lerobot-video');
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const HTML = '<!doctype html><html><head><meta charset="utf-8"><title>lerobot video test</title>'
  + '<script type="module" src="/video-test.js"></script></head><body></body></html>';

async function bundle(): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: { entry: { 'video-test': join(ROOT, 'tests/video/page/entry.ts') }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    },
  });
}

async function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    if (url === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(HTML);
    else if (url === '/video-test.js') {
      readFile(join(OUT_DIR, 'video-test.js')).then(
        (script) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(script),
        () => response.writeHead(404).end(),
      );
    } else response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/**
 * Encodes, for each camera, one episode per entry of `frameCounts` (episode e
 * shows `syntheticFrame(width, height, e, i)`), each with a new encoder as
 * the renderer does, in one browser session.
 */
export async function encodeInChromium(cameras: readonly EpisodeEncoderOptions[], frameCounts: readonly number[]): Promise<EncodedEpisodeVideo[][]> {
  await bundle();
  const { server, url } = await serve();
  const userDataDir = await mkdtemp(join(tmpdir(), 'lerobot-video-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => 'videoTest' in window, undefined, { timeout: 20_000 }).catch((error: unknown) => {
      throw new Error(`the video test page did not start: ${errors.join('; ') || String(error)}`);
    });
    const out: EncodedEpisodeVideo[][] = [];
    for (const options of cameras) {
      const counts = [...frameCounts];
      const wire = await page.evaluate(([o, c]) => window.videoTest.encodeEpisodes(o, c), [options, counts] as const);
      out.push(wire.map(fromWire));
    }
    return out;
  } finally {
    await context?.close();
    server.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}
