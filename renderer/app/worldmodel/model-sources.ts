/**
 * Where the world models the panel offers come from: the bundled model
 * (assets/models/studio-transfer, read through the host like any asset) and
 * model folders the user opens (manifest.json and the .onnx file it names,
 * read through the host's openInputFolder). The bytes are only gathered
 * here; the runtime (workers/worldmodel) checks them when the model loads.
 */
import type { InputFolder, StudioBridge } from '../../../main/bridge/contract';
import type { ModelFiles } from '../../../workers/worldmodel/load-model';

/** The bundled world model, as an asset folder. */
export const BUNDLED_MODEL = 'models/studio-transfer';

/** A model's files as the runtime loads them, or why they could not be gathered. */
export interface ModelSource {
  /** Unique in the panel: "bundled:<folder>" or "folder:<label>". */
  id: string;
  /** The folder as the user knows it. */
  label: string;
  origin: 'bundled' | 'folder';
  manifestText: string;
  modelBytes: Uint8Array;
  files: ModelFiles;
  /** Set when the files could not be gathered (the model is refused before loading). */
  problem?: string;
}

/** The model file a manifest names, when the manifest is JSON with a plain file name (the runtime checks the rest). */
function namedModelFile(manifestText: string): string | undefined {
  try {
    const file = (JSON.parse(manifestText) as { file?: unknown }).file;
    return typeof file === 'string' && /^[A-Za-z0-9._-]+$/.test(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the bundled model through the host. */
export async function bundledModel(host: StudioBridge): Promise<ModelSource> {
  const manifestFile = `assets/${BUNDLED_MODEL}/manifest.json`;
  const base = { id: `bundled:${BUNDLED_MODEL}`, label: `assets/${BUNDLED_MODEL}`, origin: 'bundled' as const, modelBytes: new Uint8Array(0) };
  let manifestText: string;
  try {
    manifestText = new TextDecoder().decode(await host.readAsset(`${BUNDLED_MODEL}/manifest.json`));
  } catch (error) {
    return { ...base, manifestText: '', files: { manifestFile, modelFile: `assets/${BUNDLED_MODEL}/model.onnx` }, problem: `${manifestFile}: cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
  const file = namedModelFile(manifestText);
  const files = { manifestFile, modelFile: `assets/${BUNDLED_MODEL}/${file ?? 'model.onnx'}` };
  if (!file) return { ...base, manifestText, files };
  try {
    return { ...base, manifestText, files, modelBytes: new Uint8Array(await host.readAsset(`${BUNDLED_MODEL}/${file}`)) };
  } catch (error) {
    return { ...base, manifestText, files, problem: `${files.modelFile}: cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The model in a folder the user opened (its manifest.json and the .onnx file the manifest names). */
export function folderModel(folder: InputFolder): ModelSource {
  const manifestFile = `${folder.label}/manifest.json`;
  const manifest = folder.files.find((f) => f.path === 'manifest.json');
  const base = { id: `folder:${folder.label}`, label: folder.label, origin: 'folder' as const, modelBytes: new Uint8Array(0) };
  if (!manifest) {
    const onnx = folder.files.filter((f) => f.path.endsWith('.onnx')).map((f) => f.path);
    return {
      ...base,
      manifestText: '',
      files: { manifestFile, modelFile: `${folder.label}/${onnx[0] ?? 'model.onnx'}` },
      problem: `${manifestFile}: missing; a model folder holds manifest.json and the .onnx file it names${onnx.length ? ` (found ${onnx.join(', ')})` : ''}`,
    };
  }
  const manifestText = new TextDecoder().decode(manifest.bytes);
  const file = namedModelFile(manifestText);
  const files = { manifestFile, modelFile: `${folder.label}/${file ?? 'model.onnx'}` };
  if (!file) return { ...base, manifestText, files };
  const model = folder.files.find((f) => f.path === file);
  if (!model) return { ...base, manifestText, files, problem: `${manifestFile}: /file: names ${JSON.stringify(file)}, which is not in the folder (an .onnx file beside manifest.json)` };
  return { ...base, manifestText, files, modelBytes: model.bytes };
}
