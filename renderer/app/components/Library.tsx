/** The object library: one button per thing the scene can gain, grouped; each adds it where the viewport looks, as one undo step. */
import { useEffect, useMemo } from 'react';
import { useHost } from '../host';
import { addFromLibrary } from '../library-commands';
import { LIBRARY_ITEMS, meshItems, type LibraryItem } from '../model/library';
import { useAssetStore } from '../state/asset-store';
import { useUiStore } from '../state/ui-store';

const SECTIONS: readonly LibraryItem['section'][] = ['Primitives', 'Meshes', 'Robots', 'Lights', 'Cameras'];

/** The library panel. */
export function Library() {
  const host = useHost();
  const meshAssets = useAssetStore((s) => s.meshAssets);
  const items = useMemo(() => [...LIBRARY_ITEMS, ...meshItems(meshAssets ?? [])], [meshAssets]);

  useEffect(() => {
    useAssetStore
      .getState()
      .actions.listMeshAssets(host)
      .catch((error: unknown) => useUiStore.getState().actions.alert('error', `The mesh assets could not be listed: ${error instanceof Error ? error.message : String(error)}`));
  }, [host]);

  return (
    <section className="library" aria-label="Object library">
      <h2 title="Click to add to the scene where the viewport looks; undo removes it again">Add</h2>
      {SECTIONS.map((section) => {
        const inSection = items.filter((i) => i.section === section);
        return (
          <div key={section} className="library-section">
            <h3>{section}</h3>
            {inSection.length === 0 ? (
              <p className="empty">{section === 'Meshes' ? (meshAssets === null ? 'Listing assets…' : 'No mesh assets: put .obj files in assets/meshes/.') : 'Nothing here.'}</p>
            ) : (
              <div className="library-items">
                {inSection.map((item) => (
                  <button key={item.key} type="button" className="library-item" data-item={item.key} title={`${item.tip}. Added where the viewport looks; Ctrl+Z removes it.`} onClick={() => void addFromLibrary(host, item)}>
                    {item.label}
                  </button>
                ))}
              </div>
            )}
          </div>
        );
      })}
    </section>
  );
}
