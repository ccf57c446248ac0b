/**
 * The loopback HTTP server of the render host: serves the built page (GET),
 * files the host offers the page (GET /file/<token>/<id>: a world model, a
 * reference video or images) and receives each rendered episode's packed
 * media (POST /upload/<token>/<id>), binary end to end. Loopback is a secure
 * context, which WebCodecs needs. Every response carries COOP/COEP headers,
 * so the page is cross-origin isolated and onnxruntime-web can run wasm
 * threads (SharedArrayBuffer). The random token keeps other local processes
 * from posting into a job or reading its files.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
};
/** The largest upload accepted, bytes (one episode's media). */
const MAX_UPLOAD = 4 * 1024 ** 3 - 1;

export interface HostServer {
  /** http://127.0.0.1:<port>/ */
  origin: string;
  /** A new upload slot: the URL the page POSTs to and the bytes it will receive. */
  expectUpload(): { url: string; body: Promise<Uint8Array>; cancel(reason: Error): void };
  /** A URL the page can GET the file at `path` from (read when requested). */
  offerFile(path: string): string;
  close(): Promise<void>;
}

/** Cross-origin isolation (SharedArrayBuffer for wasm threads): every resource is same-origin. */
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };

/** Serves `dir` and accepts uploads on 127.0.0.1 at a free port. */
export async function startHostServer(dir: string): Promise<HostServer> {
  const token = randomUUID();
  const pending = new Map<string, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();
  const offered = new Map<string, string>();
  let next = 0;

  const upload = (id: string, req: IncomingMessage, res: ServerResponse): void => {
    const slot = pending.get(id);
    if (!slot) {
      res.writeHead(404).end('no such upload');
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_UPLOAD) chunks.push(chunk);
    });
    req.on('error', (error) => {
      pending.delete(id);
      slot.reject(error);
    });
    req.on('end', () => {
      pending.delete(id);
      if (size > MAX_UPLOAD) {
        res.writeHead(413).end(`upload of ${size} bytes exceeds ${MAX_UPLOAD}`);
        slot.reject(new Error(`an episode's media is ${size} bytes, more than the ${MAX_UPLOAD} the host accepts`));
        return;
      }
      const body = Buffer.concat(chunks, size);
      res.writeHead(204).end();
      slot.resolve(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    });
  };

  const serveFile = async (url: string, res: ServerResponse): Promise<void> => {
    const path = normalize(decodeURIComponent(url)).replace(/^([/\\])+/, '');
    const file = join(dir, path === '' ? 'index.html' : path);
    if (!file.startsWith(dir + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const bytes = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...ISOLATION }).end(bytes);
    } catch {
      res.writeHead(404, ISOLATION).end();
    }
  };

  const serveOffered = async (id: string, res: ServerResponse): Promise<void> => {
    const path = offered.get(id);
    if (path === undefined) {
      res.writeHead(404, ISOLATION).end('no such file');
      return;
    }
    try {
      const bytes = await readFile(path);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store', ...ISOLATION }).end(bytes);
    } catch (error) {
      res.writeHead(500, ISOLATION).end(`cannot read ${path}: ${(error as Error).message}`);
    }
  };

  const server: Server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0] as string;
    const match = /^\/upload\/([\w-]+)\/(\d+)$/.exec(url);
    const file = /^\/file\/([\w-]+)\/(\d+)$/.exec(url);
    if (req.method === 'POST' && match && match[1] === token) upload(match[2] as string, req, res);
    else if (req.method === 'GET' && file) void serveOffered(file[1] === token ? (file[2] as string) : '', res);
    else if (req.method === 'GET') void serveFile(url, res);
    else {
      res.writeHead(405).end();
      req.resume();
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the render host server has no TCP address');
  const origin = `http://127.0.0.1:${address.port}/`;

  return {
    origin,
    expectUpload() {
      const id = String(next++);
      let cancel: (reason: Error) => void = () => undefined;
      const body = new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        cancel = (reason) => {
          if (pending.delete(id)) reject(reason);
        };
      });
      body.catch(() => undefined); // the caller awaits it or cancels it
      return { url: `${origin}upload/${token}/${id}`, body, cancel };
    },
    offerFile(path) {
      const id = String(next++);
      offered.set(id, path);
      return `${origin}file/${token}/${id}`;
    },
    close: () =>
      new Promise<void>((done) => {
        for (const slot of pending.values()) slot.reject(new Error('the render host closed'));
        pending.clear();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
