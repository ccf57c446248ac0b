/** Entry of the browser build: the web host, with presets bundled and assets fetched next to the page. */
import './zod-config';
import { createWebHost } from './hosts/web-host';
import { mountStudio } from './root';

const presetModules = import.meta.glob<string>('../../scenes/presets/*.json', { query: '?raw', import: 'default', eager: true });
const presets = Object.fromEntries(Object.entries(presetModules).map(([file, text]) => [file.replace(/^.*\/|\.json$/g, ''), text]));

async function fetchAsset(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(new URL(`studio-assets/${path}`, document.baseURI));
  if (!response.ok) throw new Error(`readAsset: ${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const host = createWebHost({ presets, fetchAsset });
// Tests read the in-memory output folders through this handle.
(window as unknown as { studioWebHost: typeof host }).studioWebHost = host;
mountStudio(host);
