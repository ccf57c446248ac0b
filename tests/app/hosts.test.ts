/**
 * The two hosts behind one bridge: the Electron host (renderer side) talks
 * to main's handlers through envelopes, as the preload's ipcRenderer.invoke
 * would (arguments and results are structured-cloned), and rejects what
 * the contract's schemas refuse; the web host lists the same presets.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_METHODS, type StudioBridge, type WireBridge } from '../../main/bridge/contract';
import { FolderGrants } from '../../main/electron/folder-grants';
import { createHandlers } from '../../main/electron/handlers';
import { dispatch } from '../../main/electron/ipc';
import { createElectronHost } from '../../renderer/app/hosts/electron-host';
import { createWebHost } from '../../renderer/app/hosts/web-host';

const REPO = path.join(import.meta.dirname, '../..');
const PRESET_DIR = path.join(REPO, 'scenes/presets');
let base: string;
let host: StudioBridge;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'hosts-'));
  const handlers = createHandlers({ presetDir: PRESET_DIR, assetDir: path.join(REPO, 'assets') }, {
    openSceneFile: async () => null,
    saveSceneFile: async () => null,
    chooseFolder: async () => base,
  }, new FolderGrants());
  const wire = Object.fromEntries(
    BRIDGE_METHODS.map((m) => [m, async (...args: unknown[]) => structuredClone(await dispatch(handlers, m, structuredClone(args)))]),
  ) as WireBridge;
  host = createElectronHost(wire);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the Electron host over main', () => {
  it('returns main values checked against the contract', async () => {
    expect((await host.listPresets()).map((p) => p.name)).toContain('tabletop-grasp');
    expect((await host.readPreset('tabletop-grasp')).fileName).toBe('tabletop-grasp.json');
    const mesh = await host.readAsset('meshes/stone.obj');
    expect(mesh).toBeInstanceOf(Uint8Array);
    expect(await host.openScene()).toBeNull();
  });

  it('writes through a folder token and rejects traversal with main\'s reason', async () => {
    const grant = await host.chooseOutputFolder();
    expect(grant?.label).toBe(base);
    await host.writeDatasetFile(grant!.token, 'meta/tasks.jsonl', new TextEncoder().encode('{}\n'));
    expect(readFileSync(path.join(base, 'meta/tasks.jsonl'), 'utf8')).toBe('{}\n');
    await expect(host.writeDatasetFile(grant!.token, '../outside.txt', new Uint8Array(1))).rejects.toThrow(/^writeDatasetFile: the path has a "\.\." segment: "\.\.\/outside\.txt"$/);
  });

  it('rejects a reply that does not match the contract', async () => {
    const lying = createElectronHost({ ...({} as WireBridge), listPresets: async () => ({ ok: true, value: [{ name: '../x' }] }) } as WireBridge);
    await expect(lying.listPresets()).rejects.toThrow(/^listPresets: main sent a malformed reply/);
  });
});

describe('the web host', () => {
  it('lists the same presets as main, with the same facts', async () => {
    const names = ['apartment-nav', 'bin-picking', 'shelf-pick', 'tabletop-grasp', 'warehouse-nav'];
    const presets = Object.fromEntries(names.map((n) => [n, readFileSync(path.join(PRESET_DIR, `${n}.json`), 'utf8')]));
    const web = createWebHost({ presets, fetchAsset: async () => new Uint8Array(0) });
    expect(await web.listPresets()).toEqual(await host.listPresets());
    expect((await web.readPreset('shelf-pick')).text).toBe(presets['shelf-pick']);
    await expect(web.readPreset('nope')).rejects.toThrow(/no preset "nope"/);
  });

  it('keeps written files in memory per folder and refuses paths that leave it', async () => {
    const web = createWebHost({ presets: {}, fetchAsset: async () => new Uint8Array(0) });
    const folder = (await web.chooseOutputFolder())!;
    await web.writeDatasetFile(folder.token, 'data/chunk-000/file-000.parquet', new Uint8Array([1, 2]));
    expect([...web.folderFiles(folder.token).keys()]).toEqual(['data/chunk-000/file-000.parquet']);
    await expect(web.writeDatasetFile(folder.token, 'data/../../x', new Uint8Array(1))).rejects.toThrow(/leaves the folder/);
    await expect(web.writeDatasetFile('folder-99999999', 'a', new Uint8Array(1))).rejects.toThrow(/unknown folder token/);
    expect(await web.removeDatasetFile(folder.token, 'data/chunk-000/file-000.parquet')).toEqual({ removed: true });
    expect([...web.folderFiles(folder.token).keys()]).toEqual([]);
    await expect(web.removeDatasetFile(folder.token, '../x')).rejects.toThrow(/leaves the folder/);
  });

  it('lists the same mesh assets as main', async () => {
    const web = createWebHost({ presets: {}, fetchAsset: async () => new Uint8Array(0), meshes: ['meshes/wedge.obj', 'meshes/bottle.obj', 'meshes/stone.obj'] });
    expect(await web.listMeshes()).toEqual(await host.listMeshes());
  });
});
