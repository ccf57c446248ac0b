/**
 * The renderer built for a plain browser with the web host (tests, demos):
 * the same app as the Electron window, entered through web.html.
 */
import path from 'node:path';
import { defineConfig } from 'vite';
import { cspMeta, ROOT, webAssets } from './vite.shared';

export default defineConfig({
  root: path.join(ROOT, 'renderer/app'),
  base: './',
  logLevel: 'warn',
  plugins: [cspMeta(), webAssets()],
  // The robomimic writer loads h5wasm's Node build; the page gets its browser build (in-memory files, see renderer/app/runner/bridge-sink.ts).
  resolve: { alias: { 'h5wasm/node': 'h5wasm' } },
  worker: { format: 'es' },
  build: {
    outDir: path.join(ROOT, 'out/web'),
    emptyOutDir: true,
    target: 'es2022',
    // The rollout worker carries Rapier's WebAssembly inline (~4.5 MB).
    chunkSizeWarningLimit: 6000,
    rolldownOptions: { input: { web: path.join(ROOT, 'renderer/app/web.html') } },
  },
});
