/**
 * Vite plugins shared by the renderer's two builds (electron.vite.config.ts
 * for the Electron window, vite.web.config.ts for the browser host).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './main/electron/csp';

/** The repository root. */
export const ROOT = import.meta.dirname;

/** Puts the app's Content-Security-Policy (main/electron/csp.ts) in a meta tag of every page. */
export function cspMeta(): Plugin {
  let dev = false;
  return {
    name: 'studio:csp-meta',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy({ dev }) }, injectTo: 'head-prepend' }];
    },
  };
}

/** Folder of the bundled assets in the web build: the web host fetches `studio-assets/<asset path>`. */
export const WEB_ASSET_DIR = 'studio-assets';

/**
 * The bundled ONNX models (assets/models/<name>/manifest.json and the model
 * file it names) as asset paths, e.g. "models/studio-transfer/model.onnx".
 */
function modelAssets(): string[] {
  const modelDir = path.join(ROOT, 'assets', 'models');
  const out: string[] = [];
  for (const name of readdirSync(modelDir).filter((n) => /^[a-z0-9][a-z0-9._-]*$/.test(n)).sort()) {
    let file: unknown;
    try {
      file = (JSON.parse(readFileSync(path.join(modelDir, name, 'manifest.json'), 'utf8')) as { file?: unknown }).file;
    } catch {
      continue; // no manifest: not a model folder
    }
    out.push(`models/${name}/manifest.json`);
    if (typeof file === 'string' && /^[A-Za-z0-9._-]+\.onnx$/.test(file)) out.push(`models/${name}/${file}`);
  }
  return out;
}

/** Copies the mesh assets and the bundled models into the web build (the Electron host reads them through main instead). */
export function webAssets(): Plugin {
  const meshDir = path.join(ROOT, 'assets', 'meshes');
  const meshes = (): string[] => readdirSync(meshDir).filter((f) => f.endsWith('.obj'));
  return {
    name: 'studio:web-assets',
    generateBundle() {
      for (const file of meshes()) {
        this.emitFile({ type: 'asset', fileName: `${WEB_ASSET_DIR}/meshes/${file}`, source: readFileSync(path.join(meshDir, file)) });
      }
      for (const asset of modelAssets()) {
        this.emitFile({ type: 'asset', fileName: `${WEB_ASSET_DIR}/${asset}`, source: readFileSync(path.join(ROOT, 'assets', asset)) });
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const asset = /^\/studio-assets\/(models\/.+)$/.exec(req.url ?? '')?.[1];
        if (asset && modelAssets().includes(asset)) {
          res.setHeader('content-type', 'application/octet-stream');
          res.end(readFileSync(path.join(ROOT, 'assets', asset)));
          return;
        }
        const match = /^\/studio-assets\/meshes\/([A-Za-z0-9_-]+\.obj)$/.exec(req.url ?? '');
        if (!match || !meshes().includes(match[1] as string)) return next();
        res.setHeader('content-type', 'text/plain');
        res.end(readFileSync(path.join(meshDir, match[1] as string)));
      });
    },
  };
}
