/** Keyboard shortcuts of the editor (ignored while typing in a field). */
import { useEffect } from 'react';
import type { StudioBridge } from '../../main/bridge/contract';
import { openSceneFile, saveSceneFile } from './commands';
import { useDocumentStore } from './state/document-store';
import { useUiStore, type GizmoMode } from './state/ui-store';

const GIZMO_KEYS: Record<string, GizmoMode> = { w: 'translate', e: 'rotate', r: 'scale' };

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Installs the shortcuts: Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y, Ctrl+O, Ctrl+S, W/E/R, Escape. */
export function useShortcuts(host: StudioBridge): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (typing(event.target) || event.defaultPrevented) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const doc = useDocumentStore.getState().actions;
      const ui = useUiStore.getState().actions;
      let handled = true;
      if (mod && key === 'z' && !event.shiftKey) doc.undo();
      else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) doc.redo();
      else if (mod && key === 'o') void openSceneFile(host);
      else if (mod && key === 's') void saveSceneFile(host);
      else if (!mod && !event.altKey && GIZMO_KEYS[key]) ui.setGizmoMode(GIZMO_KEYS[key]);
      else if (key === 'escape') ui.select(null);
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [host]);
}
