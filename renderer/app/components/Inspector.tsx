/**
 * The inspector: every property of the selected element (or of the scene
 * itself), edited through the document store so each commit is one undo
 * step and an invalid value is refused with the schema's reason.
 */
import { useMemo } from 'react';
import type { Path } from '../../../scenes/diff';
import { canonicalPointer, formatPointer, setAt } from '../../../scenes/pointer';
import type { RandomizationEntry } from '../../../scenes/schema/randomization';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { deleteSelection } from '../library-commands';
import { elementKind, findElement, humanize } from '../model/elements';
import { useDocumentStore } from '../state/document-store';
import { SCENE_NODE, useUiStore } from '../state/ui-store';
import { describeDistribution, PropertyGrid, type GridContext } from './PropertyGrid';
import { RandomizeEditor } from './RandomizeEditor';

/** Section headings of an element's top-level objects. */
const SECTION_TITLES: Record<string, string> = {
  shape: 'Shape',
  pose: 'Pose',
  physics: 'Physics material',
  visual: 'Visual material',
  semantic: 'Semantics',
  actuation: 'Actuation',
  lidar: 'Lidar',
  depth: 'Depth sensor',
  imaging: 'Imaging',
  task: 'Task',
  goal: 'Goal',
  shake: 'Shake test',
};

/** Headings that differ for the scene's own settings. */
const SCENE_SECTION_TITLES: Record<string, string> = { physics: 'Simulation' };

/** Keys of the scene root that have their own place (the tree) rather than the inspector. */
const SCENE_SKIP = new Set(['bodies', 'robots', 'lights', 'cameras', 'randomization', 'schemaVersion']);

function randomizedMap(doc: SceneDoc): Map<string, RandomizationEntry> {
  const map = new Map<string, RandomizationEntry>();
  for (const entry of doc.randomization) map.set(canonicalPointer(doc, entry.path) ?? entry.path, entry);
  return map;
}

/** Splits an object into its scalar properties and its sub-objects (sections). */
function sections(value: Record<string, unknown>): { general: Record<string, unknown>; groups: [string, Record<string, unknown>][] } {
  const general: Record<string, unknown> = {};
  const groups: [string, Record<string, unknown>][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) groups.push([key, v as Record<string, unknown>]);
    else general[key] = v;
  }
  return { general, groups };
}

/** The inspector panel of the selection. */
export function Inspector() {
  const doc = useDocumentStore((s) => s.doc);
  const change = useDocumentStore((s) => s.actions.change);
  const selection = useUiStore((s) => s.selection);
  const randomizing = useUiStore((s) => s.randomizing);
  const alert = useUiStore((s) => s.actions.alert);
  const editRandomization = useUiStore((s) => s.actions.editRandomization);
  const randomized = useMemo(() => (doc ? randomizedMap(doc) : new Map<string, RandomizationEntry>()), [doc]);
  if (!doc) return null;

  const target = selection === SCENE_NODE ? { title: doc.name, kind: 'scene settings', path: [] as Path, value: doc as unknown as Record<string, unknown> } : undefined;
  const found = !target && selection ? findElement(doc, selection) : undefined;
  const shown = target ?? (found ? { title: found.value.id, kind: elementKind(found.group, found.value), path: [found.group, found.index] as Path, value: found.value } : undefined);

  if (!shown) {
    return (
      <aside className="panel inspector" aria-label="Inspector">
        <h2>Inspector</h2>
        <p className="empty">Click an object in the viewport or pick one in the scene tree to edit its properties. Choose “Scene settings” for physics and the task, or add objects from the library on the left.</p>
      </aside>
    );
  }

  const ctx: GridContext = {
    doc,
    randomized,
    commit(path, value, label) {
      const result = change(`set ${label}`, (draft) => setAt(draft, formatPointer(path), value));
      if (!result.ok) alert('error', result.reason);
    },
    randomize: editRandomization,
    randomizing,
  };
  const prefix = formatPointer(shown.path);
  const editing = randomizing !== null && (selection === SCENE_NODE ? !/^\/(bodies|robots|lights|cameras)\//.test(randomizing) : randomizing.startsWith(`${prefix}/`));
  const value = selection === SCENE_NODE ? Object.fromEntries(Object.entries(shown.value).filter(([k]) => !SCENE_SKIP.has(k))) : shown.value;
  const { general, groups } = sections(value);
  return (
    <aside className="panel inspector" aria-label="Inspector">
      <h2>
        <span className="title">{shown.title}</span> <span className="kind">{shown.kind}</span>
        {selection !== SCENE_NODE && (
          <button type="button" className="delete" aria-label={`Delete ${shown.title}`} title={`Delete ${shown.title} and its randomization entries (Del); Ctrl+Z brings it back`} onClick={deleteSelection}>
            Delete
          </button>
        )}
      </h2>
      {editing && randomizing && <RandomizeEditor key={randomizing} pointer={randomizing} />}
      <section className="section">
        <h3>General</h3>
        <PropertyGrid value={general} path={shown.path} ctx={ctx} />
      </section>
      {groups.map(([key, group]) => (
        <section key={key} className="section" data-section={key}>
          <h3>{(selection === SCENE_NODE ? SCENE_SECTION_TITLES[key] : undefined) ?? SECTION_TITLES[key] ?? humanize(key)}</h3>
          <PropertyGrid value={group} path={[...shown.path, key]} ctx={ctx} />
        </section>
      ))}
      {selection === SCENE_NODE && <RandomizationList doc={doc} />}
    </aside>
  );
}

/** The scene's randomization spec: what changes per episode and why; each entry opens its editor. */
function RandomizationList({ doc }: { doc: SceneDoc }) {
  const entries = doc.randomization;
  const { select, editRandomization } = useUiStore((s) => s.actions);
  const open = (path: string): void => {
    const pointer = canonicalPointer(doc, path);
    if (!pointer) return;
    const [group, index] = pointer.split('/').slice(1);
    const element = group && ['bodies', 'robots', 'lights', 'cameras'].includes(group) ? (doc[group as 'bodies'][Number(index)] as { id: string } | undefined) : undefined;
    select(element?.id ?? SCENE_NODE);
    editRandomization(pointer);
  };
  return (
    <section className="section" data-section="randomization">
      <h3>Randomized per episode ({entries.length})</h3>
      {entries.length === 0 ? (
        <p className="empty">Nothing is randomized: every episode starts the same.</p>
      ) : (
        <ul className="randomization">
          {entries.map((e) => (
            <li key={e.path}>
              <button type="button" className="link" title="Edit this randomization" onClick={() => open(e.path)}>
                <code>{e.path}</code>
              </button>
              <span>{describeDistribution(e)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
