/**
 * Entry of the browser build: the web host, with presets bundled and assets
 * fetched next to the page. Output folders are in memory, or on the serving
 * server when the page is opened with `?output=server` (the end-to-end
 * tests' file sink).
 */
import './zod-config';
import { createWebHost, serverFolders } from './hosts/web-host';
import { mountStudio } from './root';
import { useDocumentStore } from './state/document-store';

const presetModules = import.meta.glob<string>('../../scenes/presets/*.json', { query: '?raw', import: 'default', eager: true });
const presets = Object.fromEntries(Object.entries(presetModules).map(([file, text]) => [file.replace(/^.*\/|\.json$/g, ''), text]));
// Only the names are used: the meshes themselves are fetched from studio-assets/.
const meshModules = import.meta.glob<string>('../../assets/meshes/*.obj', { query: '?url', import: 'default', eager: true });
const meshes = Object.keys(meshModules).map((file) => `meshes/${file.replace(/^.*\//, '')}`);

async function fetchAsset(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(new URL(`studio-assets/${path}`, document.baseURI));
  if (!response.ok) throw new Error(`readAsset: ${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const onServer = new URLSearchParams(location.search).get('output') === 'server';
const host = createWebHost({ presets, fetchAsset, meshes, ...(onServer ? { folders: serverFolders(new URL('studio-output/', document.baseURI)) } : {}) });
// Tests read the in-memory output folders and the open document (as JSON) through these handles.
(window as unknown as { studioWebHost: typeof host }).studioWebHost = host;
(window as unknown as { studioDocument(): string | null }).studioDocument = () => {
  const doc = useDocumentStore.getState().doc;
  return doc && JSON.stringify(doc);
};
mountStudio(host);
