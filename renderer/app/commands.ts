/**
 * The app's commands: what toolbar buttons, gallery cards and shortcuts do.
 * Each takes the host it needs and reports failures as in-app alerts.
 */
import type { StudioBridge } from '../../main/bridge/contract';
import { loadSceneText, loadSceneValue } from '../../scenes/load';
import { formatProblem } from '../../scenes/problems';
import type { SceneDoc } from '../../scenes/schema/scene';
import { previewEpisode } from './runner/rollouts';
import { useAssetStore } from './state/asset-store';
import { useDocumentStore } from './state/document-store';
import { usePlaybackStore } from './state/playback-store';
import { useRunStore } from './state/run-store';
import { useUiStore } from './state/ui-store';

function alertError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  useUiStore.getState().actions.alert('error', message.split('\n')[0] as string);
}

/** Validates a scene file's text and opens it in the editor; shows the problem line when it is refused. */
async function openText(host: StudioBridge, fileName: string, text: string): Promise<boolean> {
  const loaded = loadSceneText(text, fileName);
  if (!loaded.ok) {
    useUiStore.getState().actions.alert('error', formatProblem(loaded.problem));
    return false;
  }
  await useAssetStore.getState().actions.ensureMeshes(host, loaded.scene);
  useDocumentStore.getState().actions.open(loaded.scene, fileName);
  const ui = useUiStore.getState().actions;
  ui.select(null);
  ui.show('editor');
  return true;
}

/** Opens a bundled preset in the editor. */
export async function openPreset(host: StudioBridge, name: string): Promise<boolean> {
  try {
    const file = await host.readPreset(name);
    return await openText(host, file.fileName, file.text);
  } catch (error) {
    alertError(error);
    return false;
  }
}

/** Asks for a scene file and opens it. */
export async function openSceneFile(host: StudioBridge): Promise<void> {
  try {
    const file = await host.openScene();
    if (file) await openText(host, file.fileName, file.text);
  } catch (error) {
    alertError(error);
  }
}

/** Saves the open scene through the host. */
export async function saveSceneFile(host: StudioBridge): Promise<void> {
  const { doc, fileName } = useDocumentStore.getState();
  if (!doc) return;
  try {
    const saved = await host.saveScene({ suggestedName: fileName, text: `${JSON.stringify(doc, null, 2)}\n` });
    if (saved) useUiStore.getState().actions.alert('info', `Saved ${saved.fileName}.`);
  } catch (error) {
    alertError(error);
  }
}

/** The open scene if it passes the full load check (randomization included); otherwise alerts (starting with `what`) and returns null. */
export function checkedScene(what = 'Cannot run'): SceneDoc | null {
  const { doc, fileName } = useDocumentStore.getState();
  if (!doc) return null;
  const loaded = loadSceneValue(doc, fileName);
  if (!loaded.ok) {
    useUiStore.getState().actions.alert('error', `${what}: ${formatProblem(loaded.problem)}`);
    return null;
  }
  return loaded.scene;
}

/** Runs the open scene's episodes with the runner's settings. */
export async function runOpenScene(host: StudioBridge, fromGallery = false): Promise<void> {
  const scene = checkedScene();
  if (!scene) return;
  try {
    const meshes = await useAssetStore.getState().actions.ensureMeshes(host, scene);
    useUiStore.getState().actions.showDock('run');
    await useRunStore.getState().actions.start(scene, meshes, { sceneFile: useDocumentStore.getState().fileName, fromGallery });
    const { status, error } = useRunStore.getState();
    if (status === 'failed') alertError(`The run failed: ${error ?? 'unknown error'}`);
  } catch (error) {
    alertError(error);
  }
}

/** The gallery's one click: opens a preset and runs it. */
export async function runPreset(host: StudioBridge, name: string): Promise<void> {
  if (!(await openPreset(host, name))) return;
  useUiStore.getState().actions.setExplain(true);
  await runOpenScene(host, true);
}

/** The physics preview: rolls out one sampled episode of the open scene on a worker and plays it in the viewport (the document is not changed). */
export async function previewOpenScene(host: StudioBridge): Promise<void> {
  const source = useDocumentStore.getState().doc;
  const scene = checkedScene('Cannot preview');
  if (!scene || !source) return;
  try {
    const meshes = await useAssetStore.getState().actions.ensureMeshes(host, scene);
    await usePlaybackStore.getState().actions.preview(scene, source, meshes, useRunStore.getState().settings.seed, previewEpisode);
  } catch (error) {
    alertError(`The preview failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
