/** Test helper: builds the renderer with the web host (vite.web.config.ts) into a temp folder and serves it on 127.0.0.1. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { build } from 'vite';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.obj': 'text/plain' };
const CONFIG = join(import.meta.dirname, '../../vite.web.config.ts');

/** A served build. */
export interface ServedApp {
  /** URL of the app's page (web.html). */
  url: string;
  close(): Promise<void>;
}

/** Builds the web app and serves it; close() stops the server and removes the build. */
export async function buildAndServeApp(): Promise<ServedApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'studio-app-'));
  await build({ configFile: CONFIG, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] as string));
    const file = join(outDir, path);
    if (!file.startsWith(outDir + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/web.html`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
