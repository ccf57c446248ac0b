/**
 * The bridge between the window and its host, declared once (after
 * Lichtblick's `Desktop` interface). `StudioBridge` is what the renderer
 * sees; each root injects an implementation (Electron: the preload's
 * `window.studio` through IPC; the browser: an in-memory web host). Every
 * request and response has a zod schema: main validates each request
 * before acting, the Electron host validates each response.
 *
 * This file is bundled into the renderer and the preload: it must import
 * nothing but zod and scenes/ (no electron, no Node built-ins).
 */
import { z } from 'zod';
import type { PresetInfo } from '../../scenes/preset-info';
import { AssetPath } from '../../scenes/schema/primitives';

/** Largest scene file the bridge carries, bytes (UTF-16 code units). */
export const MAX_SCENE_TEXT = 20 * 1024 * 1024;
/** Largest single dataset file written through the bridge, bytes. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** A preset's file name without `.json`. */
export const PresetName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a preset name such as "tabletop-grasp"');
/** An opaque handle to a folder the user chose; main keeps the absolute path. */
export const FolderToken = z.string().regex(/^folder-[0-9a-f-]{8,64}$/, 'must be a folder token returned by chooseOutputFolder');
/** A path relative to a chosen folder, forward slashes ("data/chunk-000/file-000.parquet"); main checks it stays inside. */
export const RelativePath = z.string().min(1).max(1024);
const Bytes = z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_FILE_BYTES, `must be at most ${MAX_FILE_BYTES} bytes`);
const FileName = z.string().min(1).max(255);

const PresetInfoSchema = z.strictObject({
  name: PresetName,
  title: z.string(),
  description: z.string(),
  task: z.enum(['grasp', 'navigation']),
  randomized: z.number().int().nonnegative(),
  notes: z.array(z.string()),
});
const SceneFile = z.strictObject({ fileName: FileName, text: z.string().max(MAX_SCENE_TEXT) });
const FolderGrant = z.strictObject({ token: FolderToken, label: z.string().max(4096) });

/**
 * What a folder the user opens for reading is for, and so which of its
 * files the host reads: a world model (`manifest.json` and the `.onnx`
 * files beside it), a reference (the images and videos directly in it), or
 * an exported dataset's Sim2Real report (`meta/sim2real.html` and `.json`).
 */
export const InputFolderPurpose = z.enum(['world-model', 'reference', 'dataset-report']);
/** A purpose of `openInputFolder`. */
export type InputFolderPurpose = z.infer<typeof InputFolderPurpose>;
/** Most files `openInputFolder` returns. */
export const MAX_INPUT_FILES = 2000;
/** Most bytes `openInputFolder` returns, all files together. */
export const MAX_INPUT_BYTES = 1024 * 1024 * 1024;
/** The Sim2Real report files of an exported dataset (written by `npm run gap`). */
export const DATASET_REPORT_FILES = ['meta/sim2real.html', 'meta/sim2real.json'] as const;
const REFERENCE_FILE = /^[^/]+\.(png|jpe?g|webp|bmp|mp4|m4v|mov|webm|mkv)$/i;

/** Whether a file at `relativePath` ("a/b.png", forward slashes) of a folder opened for `purpose` is read. */
export function inputFolderWants(purpose: InputFolderPurpose, relativePath: string): boolean {
  if (relativePath.split('/').some((s) => s.startsWith('.'))) return false;
  if (purpose === 'world-model') return relativePath === 'manifest.json' || /^[^/]+\.onnx$/i.test(relativePath);
  if (purpose === 'reference') return REFERENCE_FILE.test(relativePath);
  return (DATASET_REPORT_FILES as readonly string[]).includes(relativePath);
}

const InputFile = z.strictObject({ path: RelativePath, bytes: Bytes });
const InputFolder = z.strictObject({
  /** The folder as the user knows it (a path in Electron, a folder name in a browser). */
  label: z.string().max(4096),
  /** The files `inputFolderWants` picks, sorted by path. */
  files: z.array(InputFile).max(MAX_INPUT_FILES),
});

/** Request (argument tuple) and response schema of every bridge method. */
export const BRIDGE = {
  listPresets: { request: z.tuple([]), response: z.array(PresetInfoSchema) },
  readPreset: { request: z.tuple([PresetName]), response: SceneFile },
  openScene: { request: z.tuple([]), response: SceneFile.nullable() },
  saveScene: {
    request: z.tuple([z.strictObject({ suggestedName: FileName, text: z.string().max(MAX_SCENE_TEXT) })]),
    response: z.strictObject({ fileName: FileName }).nullable(),
  },
  chooseOutputFolder: { request: z.tuple([]), response: FolderGrant.nullable() },
  writeDatasetFile: { request: z.tuple([FolderToken, RelativePath, Bytes]), response: z.strictObject({ bytesWritten: z.number().int().nonnegative() }) },
  removeDatasetFile: { request: z.tuple([FolderToken, RelativePath]), response: z.strictObject({ removed: z.boolean() }) },
  readAsset: { request: z.tuple([AssetPath]), response: z.instanceof(Uint8Array) },
  listMeshes: { request: z.tuple([]), response: z.array(AssetPath).max(10_000) },
  openInputFolder: { request: z.tuple([InputFolderPurpose]), response: InputFolder.nullable() },
} as const;

/** A bridge method's name. */
export type BridgeMethod = keyof typeof BRIDGE;
/** Every method name, in declaration order (the preload exposes exactly these). */
export const BRIDGE_METHODS = Object.keys(BRIDGE) as BridgeMethod[];

/** The IPC channel of a method. */
export function bridgeChannel(method: BridgeMethod): string {
  return `studio:${method}`;
}

/** What crosses IPC: the value, or the one-line reason it failed. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };
/** Schema of an envelope around `value`. */
export function envelope<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true), value }), z.strictObject({ ok: z.literal(false), error: z.string() })]);
}

/** The file the user opened or a preset: its name (for messages) and its text. */
export type SceneFile = z.infer<typeof SceneFile>;
/** A folder the user chose: a token for later writes and a label to show. */
export type FolderGrant = z.infer<typeof FolderGrant>;
/** A folder the user opened for reading: its label and the files its purpose reads. */
export type InputFolder = z.infer<typeof InputFolder>;

/**
 * The host's capabilities, as the renderer sees them. Methods reject with
 * an Error whose message is one line naming what went wrong; `null` means
 * the user cancelled a dialog.
 */
export interface StudioBridge {
  /** The bundled presets, sorted by name. */
  listPresets(): Promise<PresetInfo[]>;
  /** The text of one bundled preset. */
  readPreset(name: string): Promise<SceneFile>;
  /** Asks the user for a scene file and returns its text (null if cancelled). Validation is the caller's. */
  openScene(): Promise<SceneFile | null>;
  /** Asks where to save `text` (a scene document) and writes it; main refuses text that is not a valid scene. */
  saveScene(request: { suggestedName: string; text: string }): Promise<{ fileName: string } | null>;
  /** Asks the user for an output folder; later writes name it by the returned token. */
  chooseOutputFolder(): Promise<FolderGrant | null>;
  /** Writes (replaces) one file under a chosen folder; paths that leave the folder are refused. */
  writeDatasetFile(folder: string, relativePath: string, bytes: Uint8Array): Promise<{ bytesWritten: number }>;
  /** Removes one file under a chosen folder if it is there (an export that stops takes back what it wrote); same path checks as writes. */
  removeDatasetFile(folder: string, relativePath: string): Promise<{ removed: boolean }>;
  /** The bytes of a bundled asset such as "meshes/bottle.obj". */
  readAsset(path: string): Promise<Uint8Array<ArrayBuffer>>;
  /** The bundled mesh assets ("meshes/bottle.obj"), sorted: what the object library offers. */
  listMeshes(): Promise<string[]>;
  /**
   * Asks the user for a folder to read and returns the files `purpose`
   * reads (`inputFolderWants`), at most MAX_INPUT_FILES files and
   * MAX_INPUT_BYTES bytes (null if cancelled). Their contents are the caller's to check.
   */
  openInputFolder(purpose: InputFolderPurpose): Promise<InputFolder | null>;
}

/** The bridge as the schemas define it; must equal StudioBridge (checked below at compile time). */
type SchemaBridge = {
  [K in BridgeMethod]: (...args: z.input<(typeof BRIDGE)[K]['request']>) => Promise<z.output<(typeof BRIDGE)[K]['response']>>;
};
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the interface and the schemas drift apart. */
export const CONTRACT_MATCHES_SCHEMAS: Same<SchemaBridge, StudioBridge> = true;

/** The preload's `window.studio`: one function per method, returning the raw envelope (validated by the Electron host). */
export type WireBridge = { [K in BridgeMethod]: (...args: unknown[]) => Promise<unknown> };
