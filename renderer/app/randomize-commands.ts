/**
 * Commands of the randomization editor: set or remove the entry that draws
 * one property. A new or changed entry must pass the same check as a scene
 * file on load (every value it can draw keeps the scene valid), or it is
 * refused with that check's one-line reason.
 */
import { loadSceneValue } from '../../scenes/load';
import { formatProblem } from '../../scenes/problems';
import type { RandomizationEntry } from '../../scenes/schema/randomization';
import type { SceneDoc } from '../../scenes/schema/scene';
import { entryAt } from './model/randomize';
import { useDocumentStore } from './state/document-store';
import { useUiStore } from './state/ui-store';

function place(doc: SceneDoc, pointer: string, entry: RandomizationEntry): void {
  const existing = entryAt(doc, pointer);
  if (existing) doc.randomization[existing.index] = entry;
  else doc.randomization.push(entry);
}

/** Makes `entry` the randomization of the property at canonical `pointer` (one undo step). Returns whether it was accepted. */
export function setRandomization(pointer: string, entry: RandomizationEntry): boolean {
  const { doc, fileName, actions } = useDocumentStore.getState();
  const ui = useUiStore.getState().actions;
  if (!doc) return false;
  const trial = structuredClone(doc);
  place(trial, pointer, entry);
  const loaded = loadSceneValue(trial, fileName);
  if (!loaded.ok) {
    ui.alert('error', `Cannot randomize ${entry.path}: ${formatProblem(loaded.problem)}`);
    return false;
  }
  const result = actions.change(`randomize ${entry.path}`, (draft) => place(draft, pointer, entry));
  if (!result.ok) ui.alert('error', `Cannot randomize ${entry.path}: ${result.reason}`);
  return result.ok;
}

/** Stops randomizing the property at canonical `pointer` (one undo step). */
export function removeRandomization(pointer: string): void {
  const { doc, actions } = useDocumentStore.getState();
  const existing = doc && entryAt(doc, pointer);
  if (!existing) return;
  const result = actions.change(`stop randomizing ${existing.entry.path}`, (draft) => void draft.randomization.splice(existing.index, 1));
  if (!result.ok) useUiStore.getState().actions.alert('error', result.reason);
}
