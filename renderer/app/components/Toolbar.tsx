/** The top bar: views, open/save, undo/redo and the gizmo's mode and snapping. Every button has a tooltip with its shortcut. */
import { useShallow } from 'zustand/react/shallow';
import { openSceneFile, saveSceneFile } from '../commands';
import { useHost } from '../host';
import { useDocumentStore } from '../state/document-store';
import { useUiStore, type GizmoMode } from '../state/ui-store';

const MODES: readonly { mode: GizmoMode; label: string; key: string; tip: string }[] = [
  { mode: 'translate', label: 'Move', key: 'W', tip: 'Move the selected body with the gizmo' },
  { mode: 'rotate', label: 'Rotate', key: 'E', tip: 'Rotate the selected body with the gizmo' },
  { mode: 'scale', label: 'Scale', key: 'R', tip: 'Resize the selected body with the gizmo' },
];

/** The top bar. */
export function Toolbar() {
  const host = useHost();
  const view = useUiStore((s) => s.view);
  const gizmoMode = useUiStore((s) => s.gizmoMode);
  const snap = useUiStore((s) => s.snap);
  const ui = useUiStore((s) => s.actions);
  const hasDoc = useDocumentStore((s) => s.doc !== null);
  const { canUndo, canRedo, undoName, redoName } = useDocumentStore(useShallow((s) => ({ canUndo: s.canUndo, canRedo: s.canRedo, undoName: s.undoName, redoName: s.redoName })));
  const { undo, redo } = useDocumentStore((s) => s.actions);
  return (
    <header className="toolbar">
      <span className="brand">Robot Data Studio</span>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={view === 'gallery'} className={view === 'gallery' ? 'active' : ''} title="Presets that run in one click" onClick={() => ui.show('gallery')}>
          Gallery
        </button>
        <button type="button" role="tab" aria-selected={view === 'editor'} className={view === 'editor' ? 'active' : ''} title="Compose the scene and run episodes" onClick={() => ui.show('editor')}>
          Editor
        </button>
        <button type="button" role="tab" aria-selected={view === 'worldmodel'} className={view === 'worldmodel' ? 'active' : ''} title="Re-render the last run's camera video with a world model under the look of a reference" onClick={() => ui.show('worldmodel')}>
          World model
        </button>
        <button type="button" role="tab" aria-selected={view === 'sim2real'} className={view === 'sim2real' ? 'active' : ''} title="How far the last run's frames are from real data, and whether the variations closed the gap" onClick={() => ui.show('sim2real')}>
          Sim2Real
        </button>
      </div>
      <div className="group">
        <button type="button" title="Start a new scene from one of the presets in the gallery" onClick={() => ui.show('gallery')}>
          New…
        </button>
        <button type="button" title="Open a scene file (Ctrl+O)" onClick={() => void openSceneFile(host)}>
          Open…
        </button>
        <button type="button" title="Save the scene to a file (Ctrl+S)" disabled={!hasDoc} onClick={() => void saveSceneFile(host)}>
          Save…
        </button>
      </div>
      <div className="group">
        <button type="button" aria-label="Undo" title={canUndo ? `Undo ${undoName ?? 'change'} (Ctrl+Z)` : 'Nothing to undo (Ctrl+Z)'} disabled={!canUndo} onClick={undo}>
          ↶ Undo
        </button>
        <button type="button" aria-label="Redo" title={canRedo ? `Redo ${redoName ?? 'change'} (Ctrl+Shift+Z)` : 'Nothing to redo (Ctrl+Shift+Z)'} disabled={!canRedo} onClick={redo}>
          ↷ Redo
        </button>
      </div>
      {view === 'editor' && hasDoc && (
        <div className="group" role="radiogroup" aria-label="Gizmo mode">
          {MODES.map((m) => (
            <button key={m.mode} type="button" role="radio" aria-checked={gizmoMode === m.mode} className={gizmoMode === m.mode ? 'active' : ''} title={`${m.tip} (${m.key})`} onClick={() => ui.setGizmoMode(m.mode)}>
              {m.label}
            </button>
          ))}
          <label className="snap" title="Snap gizmo moves to 1 cm, 15° and 10 % steps">
            <input type="checkbox" checked={snap} onChange={(e) => ui.setSnap(e.target.checked)} /> Snap
          </label>
        </div>
      )}
    </header>
  );
}
