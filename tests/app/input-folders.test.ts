/**
 * openInputFolder in main (handlers.ts through ipc.ts's dispatch): the
 * purpose is validated before main acts, the dialog is told what the
 * folder is for, and only the files that purpose reads come back (a
 * model's manifest and .onnx files, a reference's images and videos
 * directly in the folder, a dataset's meta/sim2real.html and .json),
 * sorted, with nothing reached through a link out of the folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputFolderWants, type InputFolder, type InputFolderPurpose } from '../../main/bridge/contract';
import { FolderGrants } from '../../main/electron/folder-grants';
import { createHandlers } from '../../main/electron/handlers';
import { dispatch, type BridgeHandlers } from '../../main/electron/ipc';

const REPO = path.join(import.meta.dirname, '../..');
let base: string;
let chosen: string | null = null;
const asked: (InputFolderPurpose | undefined)[] = [];
let handlers: BridgeHandlers;

async function open(purpose: unknown): Promise<{ ok: true; value: InputFolder | null } | { ok: false; error: string }> {
  return (await dispatch(handlers, 'openInputFolder', [purpose])) as never;
}

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'input-folders-'));
  handlers = createHandlers({ presetDir: path.join(REPO, 'scenes/presets'), assetDir: path.join(REPO, 'assets') }, {
    openSceneFile: async () => null,
    saveSceneFile: async () => null,
    chooseFolder: async (purpose) => {
      asked.push(purpose);
      return chosen;
    },
  }, new FolderGrants());
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('openInputFolder', () => {
  it('reads a model folder: manifest.json and the .onnx file, byte for byte', async () => {
    chosen = path.join(REPO, 'tests/fixtures/worldmodel/tiny-transfer');
    const result = await open('world-model');
    if (!result.ok) throw new Error(result.error);
    expect(asked.at(-1)).toBe('world-model');
    expect(result.value?.label).toBe(chosen);
    expect(result.value?.files.map((f) => f.path)).toEqual(['manifest.json', 'model.onnx']);
    expect(Buffer.from(result.value!.files[1]!.bytes).equals(readFileSync(path.join(chosen, 'model.onnx')))).toBe(true);
  });

  it('reads only the images and videos directly in a reference folder, sorted, never through a link out of it', async () => {
    const folder = path.join(base, 'reference');
    mkdirSync(path.join(folder, 'nested'), { recursive: true });
    for (const name of ['b.png', 'a.JPG', 'clip.webm', 'notes.txt', '.hidden.png', 'nested/c.png']) writeFileSync(path.join(folder, name), name);
    writeFileSync(path.join(base, 'secret.png'), 'outside');
    symlinkSync(path.join(base, 'secret.png'), path.join(folder, 'link.png'));
    chosen = folder;
    const result = await open('reference');
    if (!result.ok) throw new Error(result.error);
    expect(result.value?.files.map((f) => f.path)).toEqual(['a.JPG', 'b.png', 'clip.webm']);
    expect(new TextDecoder().decode(result.value!.files[1]!.bytes)).toBe('b.png');
  });

  it('reads a dataset folder\'s Sim2Real report files and nothing else', async () => {
    const folder = path.join(base, 'dataset');
    mkdirSync(path.join(folder, 'meta'), { recursive: true });
    writeFileSync(path.join(folder, 'meta/sim2real.html'), '<!doctype html>');
    writeFileSync(path.join(folder, 'meta/info.json'), '{}');
    chosen = folder;
    const result = await open('dataset-report');
    if (!result.ok) throw new Error(result.error);
    expect(result.value?.files.map((f) => f.path)).toEqual(['meta/sim2real.html']);
  });

  it('returns null when the user cancels, and refuses an unknown purpose before asking', async () => {
    chosen = null;
    expect(await open('reference')).toEqual({ ok: true, value: null });
    const before = asked.length;
    const refused = await open('../etc');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/^openInputFolder: refused an invalid request: argument 0 /);
    expect(asked.length).toBe(before);
  });

  it('wants the same files in every host (the rule is the contract\'s)', () => {
    expect(inputFolderWants('world-model', 'manifest.json')).toBe(true);
    expect(inputFolderWants('world-model', 'sub/model.onnx')).toBe(false);
    expect(inputFolderWants('reference', 'frame-01.png')).toBe(true);
    expect(inputFolderWants('reference', 'clip.MP4')).toBe(true);
    expect(inputFolderWants('reference', 'notes.txt')).toBe(false);
    expect(inputFolderWants('dataset-report', 'meta/sim2real.json')).toBe(true);
    expect(inputFolderWants('dataset-report', 'meta/info.json')).toBe(false);
  });
});
