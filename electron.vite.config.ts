/**
 * electron-vite builds the app into out/: main (ESM, out/main/index.js),
 * the sandboxed preload (CommonJS, out/preload/index.cjs) and the renderer
 * (out/renderer/index.html). Everything is bundled, so out/ needs no
 * node_modules at run time.
 */
import path from 'node:path';
import { defineConfig } from 'electron-vite';
import { cspMeta, ROOT } from './vite.shared';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      rolldownOptions: { input: { index: path.join(ROOT, 'main/electron/index.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: path.join(ROOT, 'main/electron/preload.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: path.join(ROOT, 'renderer/app'),
    plugins: [cspMeta()],
    // The robomimic writer loads h5wasm's Node build; the window gets its browser build (in-memory files, see renderer/app/runner/bridge-sink.ts).
    resolve: { alias: { 'h5wasm/node': 'h5wasm' } },
    worker: { format: 'es' },
    build: {
      outDir: path.join(ROOT, 'out/renderer'),
      target: 'es2022',
      // The rollout worker carries Rapier's WebAssembly inline (~4.5 MB).
      chunkSizeWarningLimit: 6000,
      rolldownOptions: { input: { index: path.join(ROOT, 'renderer/app/index.html') } },
    },
  },
});
