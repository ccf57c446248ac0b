/**
 * The bridge in a plain browser: presets bundled with the page, assets
 * fetched next to it, scene files through a file picker and downloads,
 * and output folders in memory (readable by tests through `folderFiles`).
 */
import type { FolderGrant, SceneFile, StudioBridge } from '../../../main/bridge/contract';
import { presetInfo, type PresetInfo } from '../../../scenes/preset-info';

/** What the web entry provides. */
export interface WebHostOptions {
  /** Preset texts by name ("tabletop-grasp"). */
  presets: Readonly<Record<string, string>>;
  /** Fetches a bundled asset such as "meshes/bottle.obj". */
  fetchAsset: (path: string) => Promise<Uint8Array<ArrayBuffer>>;
}

/** The web host: a StudioBridge plus read access to its in-memory folders. */
export interface WebHost extends StudioBridge {
  /** Files written to the folder of `token`, by relative path. */
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

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Creates the web host. */
export function createWebHost(options: WebHostOptions): WebHost {
  const folders = new Map<string, Map<string, Uint8Array>>();
  let nextFolder = 1;
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
    async chooseOutputFolder(): Promise<FolderGrant | null> {
      const token = `folder-${String(nextFolder++).padStart(8, '0')}`;
      folders.set(token, new Map());
      return { token, label: `in-memory folder ${token.slice(7)}` };
    },
    async writeDatasetFile(token: string, relativePath: string, bytes: Uint8Array): Promise<{ bytesWritten: number }> {
      const folder = folders.get(token);
      if (!folder) throw new Error(`writeDatasetFile: unknown folder token "${token}": choose an output folder first`);
      if (relativePath.split('/').some((s) => s === '' || s === '.' || s === '..') || relativePath.includes('\0')) {
        throw new Error(`writeDatasetFile: the path leaves the folder: ${JSON.stringify(relativePath)}`);
      }
      folder.set(relativePath, bytes.slice());
      return { bytesWritten: bytes.byteLength };
    },
    readAsset: (path: string) => options.fetchAsset(path),
    folderFiles(token: string): ReadonlyMap<string, Uint8Array> {
      return folders.get(token) ?? new Map();
    },
  };
}
