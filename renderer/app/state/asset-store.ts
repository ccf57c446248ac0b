/** Mesh assets the open scene uses, read through the host once and kept (derived data, not document state). */
import { create } from 'zustand';
import type { StudioBridge } from '../../../main/bridge/contract';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { parseObjVertices, type MeshLibrary } from '../../../workers/physics/mesh';

/** The loaded meshes by asset path. */
export interface AssetState {
  meshes: MeshLibrary;
  actions: {
    /** Loads every mesh `doc` names that is not loaded yet; rejects naming the asset that failed. */
    ensureMeshes(host: StudioBridge, doc: SceneDoc): Promise<MeshLibrary>;
  };
}

/** Asset paths of the meshes a document uses. */
export function meshPaths(doc: SceneDoc): string[] {
  return [...new Set(doc.bodies.flatMap((b) => (b.shape.type === 'mesh' ? [b.shape.asset] : [])))].sort();
}

/** The asset store. */
export const useAssetStore = create<AssetState>()((set, get) => ({
  meshes: {},
  actions: {
    async ensureMeshes(host, doc) {
      const missing = meshPaths(doc).filter((p) => !(p in get().meshes));
      const loaded = await Promise.all(
        missing.map(async (path) => {
          const bytes = await host.readAsset(path);
          return [path, parseObjVertices(new TextDecoder().decode(bytes), path)] as const;
        }),
      );
      if (loaded.length > 0) set((s) => ({ meshes: { ...s.meshes, ...Object.fromEntries(loaded) } }));
      return get().meshes;
    },
  },
}));
