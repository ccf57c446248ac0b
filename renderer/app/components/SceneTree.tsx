/** The scene tree: the scene's settings and every body, robot, light and camera, grouped; a click selects. */
import { elementKind, GROUPS } from '../model/elements';
import { useDocumentStore } from '../state/document-store';
import { SCENE_NODE, useUiStore } from '../state/ui-store';

/** The scene tree panel. */
export function SceneTree() {
  const doc = useDocumentStore((s) => s.doc);
  const selection = useUiStore((s) => s.selection);
  const select = useUiStore((s) => s.actions.select);
  if (!doc) return null;
  const item = (id: string, label: string, kind: string) => (
    <li key={id}>
      <button type="button" className={`tree-item${selection === id ? ' selected' : ''}`} aria-pressed={selection === id} title={`Select ${label} (${kind})`} onClick={() => select(id)}>
        <span className="name">{label}</span>
        <span className="kind">{kind}</span>
      </button>
    </li>
  );
  return (
    <nav className="panel tree" aria-label="Scene tree">
      <h2>Scene</h2>
      <ul>{item(SCENE_NODE, 'Scene settings', `${doc.task.type} task`)}</ul>
      {GROUPS.map(({ group, title, empty }) => {
        const items = doc[group] as unknown as (Record<string, unknown> & { id: string })[];
        return (
          <section key={group} className="tree-group">
            <h3>
              {title} <span className="count">{items.length}</span>
            </h3>
            {items.length === 0 ? <p className="empty">{empty}</p> : <ul>{items.map((e) => item(e.id, e.id, elementKind(group, e)))}</ul>}
          </section>
        );
      })}
    </nav>
  );
}
