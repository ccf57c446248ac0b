/**
 * The bridge in a plain browser: presets bundled with the page, assets
 * fetched next to it, scene files through a file picker and downloads, and
 * output folders in memory (readable by tests through `folderFiles`) or, on
 * a server that offers them, on the server's disk (serverFolders).
 */
import { inputFolderWants, MAX_INPUT_BYTES, MAX_INPUT_FILES, type FolderGrant, type InputFolder, type InputFolderPurpose, type SceneFile, type StudioBridge } from '../../../main/bridge/contract';
import { presetInfo, type PresetInfo } from '../../../scenes/preset-info';

/** Where a web host's output folders live. Paths reach it checked (relative, no "." or ".." segments). */
export interface FolderStore {
  create(): Promise<FolderGrant>;
  write(token: string, relativePath: string, bytes: Uint8Array): Promise<void>;
  /** Whether a file was there to remove. */
  remove(token: string, relativePath: string): Promise<boolean>;
  /** The files of a folder, when the store can list them (memory). */
  files?(token: string): ReadonlyMap<string, Uint8Array>;
}

/** What the web entry provides. */
export interface WebHostOptions {
  /** Preset texts by name ("tabletop-grasp"). */
  presets: Readonly<Record<string, string>>;
  /** Fetches a bundled asset such as "meshes/bottle.obj". */
  fetchAsset: (path: string) => Promise<Uint8Array<ArrayBuffer>>;
  /** The bundled mesh assets ("meshes/bottle.obj"); none when absent. */
  meshes?: readonly string[];
  /** Output folders; in memory when absent. */
  folders?: FolderStore;
}

/** The web host: a StudioBridge plus read access to its in-memory folders. */
export interface WebHost extends StudioBridge {
  /** Files written to the folder of `token`, by relative path (empty for folders not held in memory). */
  folderFiles(token: string): ReadonlyMap<string, Uint8Array>;
}

/** Opens the browser's file picker and resolves with the chosen file, or null when cancelled. */
function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

/** Opens the browser's folder picker and resolves with the chosen folder's files, or null when cancelled. */
function pickFolder(): Promise<File[] | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.webkitdirectory = true;
    input.hidden = true;
    // Connected while picking: automation (and some browsers) only hand files to an input in the document.
    document.body.append(input);
    const done = (files: File[] | null): void => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => done([...(input.files ?? [])]), { once: true });
    input.addEventListener('cancel', () => done(null), { once: true });
    input.click();
  });
}

/** The files of a picked folder that `purpose` reads, as main's openInputFolder returns them. */
export async function readPickedFolder(files: readonly File[], purpose: InputFolderPurpose): Promise<InputFolder> {
  // webkitRelativePath is "<folder>/<path inside it>".
  const label = files[0]?.webkitRelativePath.split('/')[0] || 'folder';
  const wanted = files
    .map((file) => ({ file, path: file.webkitRelativePath.split('/').slice(1).join('/') || file.name }))
    .filter((f) => inputFolderWants(purpose, f.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (wanted.length > MAX_INPUT_FILES) throw new Error(`openInputFolder: ${label} holds more than ${MAX_INPUT_FILES} files to read; choose a folder with fewer`);
  const total = wanted.reduce((n, f) => n + f.file.size, 0);
  if (total > MAX_INPUT_BYTES) throw new Error(`openInputFolder: ${label}: its files come to more than ${MAX_INPUT_BYTES} bytes; choose a folder with fewer or smaller files`);
  return { label, files: await Promise.all(wanted.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.file.arrayBuffer()) }))) };
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Output folders held in memory. */
export function memoryFolders(): FolderStore {
  const folders = new Map<string, Map<string, Uint8Array>>();
  let next = 1;
  const folder = (method: string, token: string): Map<string, Uint8Array> => {
    const found = folders.get(token);
    if (!found) throw new Error(`${method}: unknown folder token "${token}": choose an output folder first`);
    return found;
  };
  return {
    async create() {
      const token = `folder-${String(next++).padStart(8, '0')}`;
      folders.set(token, new Map());
      return { token, label: `in-memory folder ${token.slice(7)}` };
    },
    async write(token, relativePath, bytes) {
      folder('writeDatasetFile', token).set(relativePath, bytes.slice());
    },
    async remove(token, relativePath) {
      return folder('removeDatasetFile', token).delete(relativePath);
    },
    files: (token) => folders.get(token) ?? new Map(),
  };
}

/**
 * Output folders on the server that serves the page: `POST base` makes a
 * folder and answers `{ token, label }`; `PUT base/<token>/<path>` writes a
 * file and `DELETE` removes one. The server checks every path again.
 */
export function serverFolders(base: URL): FolderStore {
  const fail = async (method: string, response: Response): Promise<never> => {
    throw new Error(`${method}: the server answered HTTP ${response.status}: ${(await response.text()).split('\n')[0]}`);
  };
  const url = (token: string, relativePath: string): URL => new URL(`${token}/${relativePath.split('/').map(encodeURIComponent).join('/')}`, base);
  return {
    async create() {
      const response = await fetch(base, { method: 'POST' });
      if (!response.ok) return fail('chooseOutputFolder', response);
      return (await response.json()) as FolderGrant;
    },
    async write(token, relativePath, bytes) {
      const response = await fetch(url(token, relativePath), { method: 'PUT', body: bytes.slice() });
      if (!response.ok) await fail('writeDatasetFile', response);
    },
    async remove(token, relativePath) {
      const response = await fetch(url(token, relativePath), { method: 'DELETE' });
      if (!response.ok && response.status !== 404) await fail('removeDatasetFile', response);
      return response.ok;
    },
  };
}

function checkRelative(method: string, relativePath: string): void {
  if (relativePath.split('/').some((s) => s === '' || s === '.' || s === '..') || relativePath.includes('\0') || relativePath.includes('\\')) {
    throw new Error(`${method}: the path leaves the folder: ${JSON.stringify(relativePath)}`);
  }
}

/** Creates the web host. */
export function createWebHost(options: WebHostOptions): WebHost {
  const folders = options.folders ?? memoryFolders();
  return {
    async listPresets(): Promise<PresetInfo[]> {
      return Object.keys(options.presets)
        .sort()
        .flatMap((name) => presetInfo(name, options.presets[name] as string) ?? []);
    },
    async readPreset(name: string): Promise<SceneFile> {
      const text = options.presets[name];
      if (text === undefined) throw new Error(`readPreset: no preset "${name}" (known: ${Object.keys(options.presets).sort().join(', ')})`);
      return { fileName: `${name}.json`, text };
    },
    async openScene(): Promise<SceneFile | null> {
      const file = await pickFile('.json,application/json');
      return file ? { fileName: file.name, text: await file.text() } : null;
    },
    async saveScene({ suggestedName, text }): Promise<{ fileName: string } | null> {
      download(suggestedName, text);
      return { fileName: suggestedName };
    },
    chooseOutputFolder: (): Promise<FolderGrant | null> => folders.create(),
    async writeDatasetFile(token: string, relativePath: string, bytes: Uint8Array): Promise<{ bytesWritten: number }> {
      checkRelative('writeDatasetFile', relativePath);
      await folders.write(token, relativePath, bytes);
      return { bytesWritten: bytes.byteLength };
    },
    async removeDatasetFile(token: string, relativePath: string): Promise<{ removed: boolean }> {
      checkRelative('removeDatasetFile', relativePath);
      return { removed: await folders.remove(token, relativePath) };
    },
    readAsset: (path: string) => options.fetchAsset(path),
    listMeshes: async () => [...(options.meshes ?? [])].sort(),
    async openInputFolder(purpose: InputFolderPurpose): Promise<InputFolder | null> {
      const files = await pickFolder();
      return files ? readPickedFolder(files, purpose) : null;
    },
    folderFiles(token: string): ReadonlyMap<string, Uint8Array> {
      return folders.files?.(token) ?? new Map();
    },
  };
}
