/** The editor view: scene tree and object library, viewport with the run/episodes/export dock below, inspector; or what to do when no scene is open. */
import { openSceneFile } from '../commands';
import { useHost } from '../host';
import { useDocumentStore } from '../state/document-store';
import { useUiStore } from '../state/ui-store';
import { Inspector } from './Inspector';
import { Dock } from './Dock';
import { Library } from './Library';
import { SceneTree } from './SceneTree';
import { ViewportPanel } from './ViewportPanel';

/** The editor view. */
export function Editor() {
  const host = useHost();
  const hasDoc = useDocumentStore((s) => s.doc !== null);
  const show = useUiStore((s) => s.actions.show);
  if (!hasDoc) {
    return (
      <main className="editor-empty">
        <div className="empty-card">
          <h1>No scene is open</h1>
          <p>Start from a preset in the gallery, or open a scene file (a JSON document with bodies, robots, a task and its randomization).</p>
          <div className="actions">
            <button type="button" className="primary" title="Browse the presets" onClick={() => show('gallery')}>
              Browse presets
            </button>
            <button type="button" title="Open a scene file (Ctrl+O)" onClick={() => void openSceneFile(host)}>
              Open a scene file…
            </button>
          </div>
        </div>
      </main>
    );
  }
  return (
    <main className="editor">
      <div className="left">
        <SceneTree />
        <Library />
      </div>
      <div className="center">
        <ViewportPanel />
        <Dock />
      </div>
      <Inspector />
    </main>
  );
}
