/**
 * The bridge in main (main/electron/ipc.ts + handlers.ts), driven through a
 * fake ipcMain: every request is validated before main acts, calls from
 * other pages are refused, files are written only under folders the user
 * chose, and path traversal through the bridge is refused.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeChannel, BRIDGE_METHODS, type BridgeMethod } from '../../main/bridge/contract';
import { FolderGrants } from '../../main/electron/folder-grants';
import { createHandlers, type Dialogs } from '../../main/electron/handlers';
import { registerBridge, type IpcMainLike } from '../../main/electron/ipc';

const REPO = path.join(import.meta.dirname, '../..');
type Listener = Parameters<IpcMainLike['handle']>[1];

let base: string;
let chosenFolder: string | null;
let savePath: string | null;
const listeners = new Map<string, Listener>();
const appPage = { senderFrame: { url: 'studio://app/index.html' } } as never;

/** Calls a bridge method as the app's page would. */
function call(method: BridgeMethod, ...args: unknown[]): Promise<unknown> {
  return callFrom(appPage, method, ...args);
}

function callFrom(event: never, method: BridgeMethod, ...args: unknown[]): Promise<unknown> {
  const listener = listeners.get(bridgeChannel(method));
  if (!listener) throw new Error(`no handler for ${method}`);
  return listener(event, ...args);
}

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'bridge-'));
  const dialogs: Dialogs = {
    openSceneFile: async () => path.join(REPO, 'scenes/presets/tabletop-grasp.json'),
    saveSceneFile: async () => savePath,
    chooseFolder: async () => chosenFolder,
  };
  const handlers = createHandlers({ presetDir: path.join(REPO, 'scenes/presets'), assetDir: path.join(REPO, 'assets') }, dialogs, new FolderGrants());
  registerBridge({ handle: (channel, listener) => listeners.set(channel, listener) }, handlers, (url) => url.startsWith('studio://app/'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

async function grantFolder(name: string): Promise<{ token: string; folder: string }> {
  const folder = path.join(base, name);
  mkdirSync(folder, { recursive: true });
  chosenFolder = folder;
  const result = (await call('chooseOutputFolder')) as { ok: true; value: { token: string } };
  expect(result.ok).toBe(true);
  return { token: result.value.token, folder };
}

describe('the bridge in main', () => {
  it('registers one channel per method', () => {
    expect([...listeners.keys()].sort()).toEqual(BRIDGE_METHODS.map(bridgeChannel).sort());
  });

  it('lists and reads the bundled presets', async () => {
    const list = (await call('listPresets')) as { ok: true; value: { name: string }[] };
    expect(list.value.map((p) => p.name)).toEqual(['apartment-nav', 'bin-picking', 'shelf-pick', 'tabletop-grasp', 'warehouse-nav']);
    const preset = (await call('readPreset', 'shelf-pick')) as { ok: true; value: { fileName: string; text: string } };
    expect(preset.value.fileName).toBe('shelf-pick.json');
    expect(JSON.parse(preset.value.text).name).toBe('Retail shelf pick');
  });

  it('refuses calls from any other page before acting', async () => {
    const other = { senderFrame: { url: 'https://example.com/' } } as never;
    expect(await callFrom(other, 'readPreset', 'shelf-pick')).toEqual({ ok: false, error: 'readPreset: refused a call from an untrusted page (https://example.com/)' });
  });

  it.each([
    ['readPreset', ['../../etc/passwd'], /readPreset: refused an invalid request: argument 0 must be a preset name/],
    ['readPreset', [], /readPreset: refused an invalid request/],
    ['readPreset', ['shelf-pick', 'extra'], /readPreset: refused an invalid request/],
    ['readAsset', ['../main/electron/index.ts'], /readAsset: refused an invalid request: argument 0 must be a path under assets/],
    ['readAsset', ['meshes/../../package.json'], /readAsset: refused an invalid request/],
    ['writeDatasetFile', ['folder-00000000-0000-0000-0000-000000000000', 'a.txt', 'not bytes'], /argument 2/],
    ['writeDatasetFile', ['/tmp', 'a.txt', new Uint8Array(1)], /argument 0 must be a folder token/],
    ['saveScene', [{ suggestedName: 'x.json' }], /saveScene: refused an invalid request: argument 0.text/],
  ] as const)('refuses %s(%j) with a one-line reason', async (method, args, reason) => {
    const result = (await call(method, ...args)) as { ok: false; error: string };
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(reason);
  });

  it('writes dataset files under a chosen folder only', async () => {
    const { token, folder } = await grantFolder('dataset');
    const bytes = new TextEncoder().encode('{"codebase_version":"v3.0"}');
    expect(await call('writeDatasetFile', token, 'meta/info.json', bytes)).toEqual({ ok: true, value: { bytesWritten: bytes.byteLength } });
    expect(readFileSync(path.join(folder, 'meta/info.json'), 'utf8')).toBe('{"codebase_version":"v3.0"}');
  });

  it.each(['../escaped.txt', 'meta/../../escaped.txt', '/tmp/escaped.txt', 'meta/info\0.json', 'meta\\..\\..\\escaped.txt'])(
    'refuses path traversal through the bridge: %j',
    async (relative) => {
      const { token } = await grantFolder('traversal');
      const result = (await call('writeDatasetFile', token, relative, new Uint8Array([1, 2, 3]))) as { ok: false; error: string };
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/^writeDatasetFile: the path/);
      expect(existsSync(path.join(base, 'escaped.txt'))).toBe(false);
    },
  );

  it('refuses a write through a symbolic link that leads out of the chosen folder', async () => {
    const { token, folder } = await grantFolder('linked');
    mkdirSync(path.join(base, 'outside'));
    symlinkSync(path.join(base, 'outside'), path.join(folder, 'videos'));
    const result = (await call('writeDatasetFile', token, 'videos/file-000.mp4', new Uint8Array([1]))) as { ok: false; error: string };
    expect(result.error).toMatch(/leads outside the folder through a symbolic link/);
    expect(existsSync(path.join(base, 'outside', 'file-000.mp4'))).toBe(false);
  });

  it('removes a file it wrote, and refuses to remove anything outside the chosen folder', async () => {
    const { token, folder } = await grantFolder('removals');
    await call('writeDatasetFile', token, 'data/file-000.parquet', new Uint8Array([1]));
    expect(await call('removeDatasetFile', token, 'data/file-000.parquet')).toEqual({ ok: true, value: { removed: true } });
    expect(existsSync(path.join(folder, 'data/file-000.parquet'))).toBe(false);
    expect(await call('removeDatasetFile', token, 'data/file-000.parquet')).toEqual({ ok: true, value: { removed: false } });
    writeFileSync(path.join(base, 'keep.txt'), 'x');
    const refused = (await call('removeDatasetFile', token, '../keep.txt')) as { ok: false; error: string };
    expect(refused.error).toBe('removeDatasetFile: the path has a ".." segment: "../keep.txt"');
    expect(existsSync(path.join(base, 'keep.txt'))).toBe(true);
  });

  it('lists the bundled mesh assets the object library offers', async () => {
    expect(await call('listMeshes')).toEqual({ ok: true, value: ['meshes/bottle.obj', 'meshes/stone.obj', 'meshes/wedge.obj'] });
  });

  it('refuses a token that was never granted', async () => {
    const result = (await call('writeDatasetFile', 'folder-0123abcd-0000-0000-0000-000000000000', 'a.txt', new Uint8Array(1))) as { ok: false; error: string };
    expect(result.error).toMatch(/unknown folder token/);
  });

  it('reads bundled assets, and nothing that merely links out of the asset folder', async () => {
    const result = (await call('readAsset', 'meshes/bottle.obj')) as { ok: true; value: Uint8Array };
    expect(new TextDecoder().decode(result.value)).toMatch(/^v /m);
    expect(((await call('readAsset', 'meshes/missing.obj')) as { ok: boolean }).ok).toBe(false);
  });

  it('saves only valid scenes, naming the problem otherwise', async () => {
    savePath = path.join(base, 'saved.json');
    const text = readFileSync(path.join(REPO, 'scenes/presets/tabletop-grasp.json'), 'utf8');
    expect(await call('saveScene', { suggestedName: 'tabletop.json', text })).toEqual({ ok: true, value: { fileName: 'saved.json' } });
    const bad = JSON.stringify({ ...JSON.parse(text), physics: { stepHz: 5 } });
    const refused = (await call('saveScene', { suggestedName: 'bad.json', text: bad })) as { ok: false; error: string };
    expect(refused.error).toMatch(/^saveScene: not saved: bad\.json: \/physics\/stepHz: .*\(value: 5\)/);
  });

  it('returns null when the user cancels a dialog', async () => {
    chosenFolder = null;
    expect(await call('chooseOutputFolder')).toEqual({ ok: true, value: null });
  });
});
