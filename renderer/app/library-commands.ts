/**
 * Commands of the object library: add an element where the viewport looks,
 * delete the selected one. Each is one undo step through the document
 * store; a refused change is shown as an alert naming the field.
 */
import type { StudioBridge } from '../../main/bridge/contract';
import { loadSceneValue } from '../../scenes/load';
import { formatProblem } from '../../scenes/problems';
import { deleteElement, addElement, newElement, type LibraryItem } from './model/library';
import { useAssetStore } from './state/asset-store';
import { useDocumentStore } from './state/document-store';
import { SCENE_NODE, useUiStore } from './state/ui-store';
import { activeViewport } from './viewport/active';

/** Where new elements go when no viewport is shown: the origin. */
const ORIGIN: [number, number, number] = [0, 0, 0];

/** Adds a new element from the library at the viewport's drop point and selects it. */
export async function addFromLibrary(host: StudioBridge, item: LibraryItem): Promise<void> {
  const docs = useDocumentStore.getState();
  const ui = useUiStore.getState().actions;
  if (!docs.doc) return;
  try {
    if (item.asset) await useAssetStore.getState().actions.ensureMesh(host, item.asset);
    const vertices = item.asset ? useAssetStore.getState().meshes[item.asset] : undefined;
    const element = newElement(docs.doc, item, activeViewport()?.dropPoint() ?? ORIGIN, vertices);
    const result = docs.actions.change(`add ${element.value.id}`, (draft) => addElement(draft, element));
    if (!result.ok) {
      ui.alert('error', `Cannot add ${item.label.toLowerCase()}: ${result.reason}`);
      return;
    }
    ui.select(element.value.id);
  } catch (error) {
    ui.alert('error', `Cannot add ${item.label.toLowerCase()}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/**
 * Deletes the selected element (with its randomization entries) as one undo
 * step. Refused, with the reason, when a scene that loads would no longer:
 * the task or a camera still names it, or a randomized choice offers it.
 */
export function deleteSelection(): void {
  const { selection, actions: ui } = useUiStore.getState();
  const docs = useDocumentStore.getState();
  if (!docs.doc || !selection || selection === SCENE_NODE) return;
  const trial = structuredClone(docs.doc);
  deleteElement(trial, selection);
  const loaded = loadSceneValue(trial, docs.fileName);
  // A scene that already did not load is not held to it (the schema still is).
  if (!loaded.ok && loadSceneValue(docs.doc, docs.fileName).ok) {
    ui.alert('error', `Cannot delete ${selection}: ${formatProblem(loaded.problem)}`);
    return;
  }
  const result = docs.actions.change(`delete ${selection}`, (draft) => deleteElement(draft, selection));
  if (!result.ok) {
    ui.alert('error', `Cannot delete ${selection}: ${result.reason}`);
    return;
  }
  ui.select(null);
}
