/**
 * The `studio://app/` scheme that serves the built renderer, instead of
 * file:// (Electron's security checklist): only files inside the renderer
 * folder, each with the Content-Security-Policy header.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveInsideReal } from '../bridge/safe-path';
import { contentSecurityPolicy } from './csp';
import { realpathOrUndefined } from './handlers';

/** The scheme of the app's pages. */
export const APP_SCHEME = 'studio';
/** The origin of the app's pages. */
export const APP_ORIGIN = `${APP_SCHEME}://app`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.obj': 'text/plain',
};

/** A protocol handler serving `rendererDir`; other hosts and paths outside it answer 404. */
export function serveRenderer(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const notFound = new Response('not found', { status: 404 });
    if (url.host !== 'app') return notFound;
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const checked = resolveInsideReal(rendererDir, relative, realpathOrUndefined);
    if (!checked.ok) return notFound;
    let body: Buffer;
    try {
      body = await readFile(checked.path);
    } catch {
      return notFound;
    }
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': TYPES[path.extname(checked.path)] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy(),
        'x-content-type-options': 'nosniff',
      },
    });
  };
}
