/**
 * What main does for each bridge method, once its request was validated
 * (ipc.ts). File access is limited to the bundled presets and assets and to
 * folders the user chose in a dialog; every path goes through safe-path.
 */
import { constants, realpathSync } from 'node:fs';
import { mkdir, open, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadSceneText } from '../../scenes/load';
import { presetInfo, type PresetInfo } from '../../scenes/preset-info';
import { formatProblem } from '../../scenes/problems';
import {
  DATASET_REPORT_FILES,
  inputFolderWants,
  MAX_INPUT_BYTES,
  MAX_INPUT_FILES,
  MAX_SCENE_TEXT,
  PresetName,
  type FolderGrant,
  type InputFolder,
  type InputFolderPurpose,
  type SceneFile,
} from '../bridge/contract';
import { resolveInside, resolveInsideReal } from '../bridge/safe-path';
import type { FolderGrants } from './folder-grants';
import type { BridgeHandlers } from './ipc';

/** Where the bundled data lives (resources/ when packaged, the repository in development). */
export interface HostPaths {
  presetDir: string;
  assetDir: string;
}

/** The native dialogs main shows; each returns an absolute path or null when cancelled. */
export interface Dialogs {
  openSceneFile(): Promise<string | null>;
  saveSceneFile(suggestedName: string): Promise<string | null>;
  /** A folder to write into, or with `purpose` one to read from. */
  chooseFolder(purpose?: InputFolderPurpose): Promise<string | null>;
}

/** Largest asset read through the bridge, bytes. */
const MAX_ASSET_BYTES = 256 * 1024 * 1024;

/** realpath that answers undefined for a path that does not exist. */
export function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync.native(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The files of `folder` that `purpose` reads (inputFolderWants), sorted, limited and read whole; symlinks are not followed out of the folder. */
export async function readInputFolder(folder: string, purpose: InputFolderPurpose): Promise<InputFolder> {
  const candidates =
    purpose === 'dataset-report'
      ? [...DATASET_REPORT_FILES]
      : (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile() && inputFolderWants(purpose, e.name)).map((e) => e.name);
  const files: InputFolder['files'] = [];
  let total = 0;
  for (const relative of candidates.sort()) {
    const file = checked(resolveInsideReal(folder, relative, realpathOrUndefined));
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (files.length === MAX_INPUT_FILES) throw new Error(`${folder} holds more than ${MAX_INPUT_FILES} files to read; choose a folder with fewer`);
    total += info.size;
    if (total > MAX_INPUT_BYTES) throw new Error(`${folder}: its files come to more than ${MAX_INPUT_BYTES} bytes; choose a folder with fewer or smaller files`);
    const buffer = await readFile(file);
    files.push({ path: relative, bytes: new Uint8Array(buffer) });
  }
  return { label: folder, files };
}

function checked(result: ReturnType<typeof resolveInside>): string {
  if (!result.ok) throw new Error(result.reason);
  return result.path;
}

/** The bridge's implementation in main. */
export function createHandlers(paths: HostPaths, dialogs: Dialogs, grants: FolderGrants): BridgeHandlers {
  return {
    async listPresets(): Promise<PresetInfo[]> {
      const names = (await readdir(paths.presetDir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
      const infos: PresetInfo[] = [];
      for (const name of names.filter((n) => PresetName.safeParse(n).success).sort()) {
        const info = presetInfo(name, await readFile(checked(resolveInside(paths.presetDir, `${name}.json`)), 'utf8'));
        if (info) infos.push(info);
      }
      return infos;
    },
    async readPreset(name): Promise<SceneFile> {
      const file = checked(resolveInside(paths.presetDir, `${name}.json`));
      return { fileName: `${name}.json`, text: await readFile(file, 'utf8') };
    },
    async openScene(): Promise<SceneFile | null> {
      const file = await dialogs.openSceneFile();
      if (file === null) return null;
      const size = (await stat(file)).size;
      if (size > MAX_SCENE_TEXT) throw new Error(`${path.basename(file)} is ${size} bytes; scene files are at most ${MAX_SCENE_TEXT}`);
      return { fileName: path.basename(file), text: await readFile(file, 'utf8') };
    },
    async saveScene({ suggestedName, text }): Promise<{ fileName: string } | null> {
      const loaded = loadSceneText(text, suggestedName);
      if (!loaded.ok) throw new Error(`not saved: ${formatProblem(loaded.problem)}`);
      const file = await dialogs.saveSceneFile(suggestedName);
      if (file === null) return null;
      await writeFile(file, text, 'utf8');
      return { fileName: path.basename(file) };
    },
    async chooseOutputFolder(): Promise<FolderGrant | null> {
      const folder = await dialogs.chooseFolder();
      return folder === null ? null : grants.grant(folder);
    },
    async writeDatasetFile(token, relativePath, bytes): Promise<{ bytesWritten: number }> {
      const root = grants.resolve(token);
      const target = checked(resolveInsideReal(root, relativePath, realpathOrUndefined));
      await mkdir(path.dirname(target), { recursive: true });
      // Check again now that the folders exist: one of them may be a link made meanwhile.
      const again = checked(resolveInsideReal(root, relativePath, realpathOrUndefined));
      const handle = await open(again, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0), 0o644);
      try {
        await handle.writeFile(bytes);
      } finally {
        await handle.close();
      }
      return { bytesWritten: bytes.byteLength };
    },
    async removeDatasetFile(token, relativePath): Promise<{ removed: boolean }> {
      const root = grants.resolve(token);
      const target = checked(resolveInsideReal(root, relativePath, realpathOrUndefined));
      try {
        await unlink(target);
        return { removed: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: false };
        throw error;
      }
    },
    async readAsset(assetPath): Promise<Uint8Array<ArrayBuffer>> {
      const file = checked(resolveInsideReal(paths.assetDir, assetPath, realpathOrUndefined));
      const size = (await stat(file)).size;
      if (size > MAX_ASSET_BYTES) throw new Error(`asset ${assetPath} is ${size} bytes; at most ${MAX_ASSET_BYTES}`);
      const buffer = await readFile(file);
      return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
    },
    async listMeshes(): Promise<string[]> {
      const folder = checked(resolveInside(paths.assetDir, 'meshes'));
      const files = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      return files.filter((f) => /^[A-Za-z0-9_.-]+\.obj$/.test(f)).sort().map((f) => `meshes/${f}`);
    },
    async openInputFolder(purpose): Promise<InputFolder | null> {
      const folder = await dialogs.chooseFolder(purpose);
      return folder === null ? null : readInputFolder(folder, purpose);
    },
  };
}
