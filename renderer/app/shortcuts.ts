/** Keyboard shortcuts of the editor (ignored while typing in a field). Every one is named in a tooltip. */
import { useEffect } from 'react';
import type { StudioBridge } from '../../main/bridge/contract';
import { openSceneFile, previewOpenScene, runOpenScene, saveSceneFile } from './commands';
import { deleteSelection } from './library-commands';
import { useDocumentStore } from './state/document-store';
import { usePlaybackStore } from './state/playback-store';
import { useUiStore, type Dock, type GizmoMode } from './state/ui-store';

const GIZMO_KEYS: Record<string, GizmoMode> = { w: 'translate', e: 'rotate', r: 'scale' };
const DOCK_KEYS: Record<string, Dock> = { '1': 'run', '2': 'episodes', '3': 'export' };

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Installs the shortcuts: Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y, Ctrl+O, Ctrl+S,
 * Ctrl+Enter (run), W/E/R (gizmo), Delete (delete the selection), Space
 * (physics preview, or play/pause the replay), Alt+1/2/3 (run, episodes, export), Escape.
 */
export function useShortcuts(host: StudioBridge): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (typing(event.target) || event.defaultPrevented) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const doc = useDocumentStore.getState().actions;
      const { view, actions: ui } = useUiStore.getState();
      const playback = usePlaybackStore.getState();
      const inEditor = view === 'editor' && useDocumentStore.getState().doc !== null;
      let handled = true;
      if (mod && key === 'z' && !event.shiftKey) doc.undo();
      else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) doc.redo();
      else if (mod && key === 'o') void openSceneFile(host);
      else if (mod && key === 's') void saveSceneFile(host);
      else if (mod && key === 'enter' && inEditor) void runOpenScene(host);
      else if (event.altKey && !mod && DOCK_KEYS[event.key] && inEditor) ui.showDock(DOCK_KEYS[event.key] as Dock);
      else if (!mod && !event.altKey && GIZMO_KEYS[key]) ui.setGizmoMode(GIZMO_KEYS[key]);
      else if ((key === 'delete' || key === 'backspace') && !mod && inEditor) deleteSelection();
      else if (key === ' ' && inEditor && !playback.clip) void previewOpenScene(host);
      else if (key === ' ' && inEditor) (playback.playing ? playback.actions.pause : playback.actions.play)();
      else if (key === 'escape') ui.select(null);
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [host]);
}
