/**
 * Test helper: builds the renderer with the web host (vite.web.config.ts)
 * into a temp folder and serves it on 127.0.0.1. The server is also the web
 * host's file sink (`?output=server`): `POST /studio-output/` makes a
 * folder under a temp root, `PUT` / `DELETE /studio-output/<token>/<path>`
 * write and remove files in it, with main's path checks (safe-path.ts).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { build } from 'vite';
import { resolveInsideReal } from '../../main/bridge/safe-path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.obj': 'text/plain' };
const CONFIG = join(import.meta.dirname, '../../vite.web.config.ts');
const OUTPUT = '/studio-output/';

/** A served build. */
export interface ServedApp {
  /** URL of the app's page (web.html); with `?output=server` its output folders are on this server. */
  url: string;
  /** The folder on disk behind an output token (refused paths never reach it). */
  outputFolder(token: string): string;
  /** Requests the sink refused, with the reason ("PUT folder-…/../x: the path has a ".." segment"). */
  refused: string[];
  close(): Promise<void>;
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Builds the web app and serves it; close() stops the server and removes the build and the output folders. */
export async function buildAndServeApp(): Promise<ServedApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'studio-app-'));
  const outputRoot = mkdtempSync(join(tmpdir(), 'studio-output-'));
  const folders = new Map<string, string>();
  const refused: string[] = [];
  await build({ configFile: CONFIG, logLevel: 'silent', build: { outDir, emptyOutDir: true } });

  const output = async (req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> => {
    const rest = rawPath.slice(OUTPUT.length);
    if (req.method === 'POST' && rest === '') {
      const token = `folder-${randomUUID()}`;
      const folder = join(outputRoot, token);
      mkdirSync(folder);
      folders.set(token, folder);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, label: folder }));
      return;
    }
    const slash = rest.indexOf('/');
    const token = rest.slice(0, slash);
    const relative = rest.slice(slash + 1).split('/').map(decodeURIComponent).join('/');
    const folder = folders.get(token);
    const checked = folder ? resolveInsideReal(folder, relative, realpathOrUndefined) : { ok: false as const, reason: `unknown folder token "${token}"` };
    if (!checked.ok) {
      refused.push(`${req.method} ${token}/${relative}: ${checked.reason}`);
      res.writeHead(403).end(checked.reason);
      return;
    }
    if (req.method === 'PUT') {
      const body = await readBody(req);
      mkdirSync(dirname(checked.path), { recursive: true });
      // Atomic: the file appears whole under its name.
      writeFileSync(`${checked.path}.part`, body);
      renameSync(`${checked.path}.part`, checked.path);
      res.writeHead(204).end();
    } else if (req.method === 'DELETE') {
      if (!existsSync(checked.path)) res.writeHead(404).end('no such file');
      else {
        unlinkSync(checked.path);
        res.writeHead(204).end();
      }
    } else res.writeHead(405).end();
  };

  const server: Server = createServer((req, res) => {
    const rawPath = (req.url ?? '/').split('?')[0] as string;
    if (rawPath.startsWith(OUTPUT)) {
      output(req, res, rawPath).catch((error: unknown) => res.writeHead(500).end(String(error)));
      return;
    }
    const path = normalize(decodeURIComponent(rawPath));
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
    outputFolder(token) {
      const folder = folders.get(token);
      if (!folder) throw new Error(`no output folder has the token "${token}"`);
      return folder;
    },
    refused,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(outDir, { recursive: true, force: true });
      rmSync(outputRoot, { recursive: true, force: true });
    },
  };
}
