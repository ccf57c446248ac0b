/** Mesh assets the open scene uses, read through the host once and kept (derived data, not document state). */
import { create } from 'zustand';
import type { StudioBridge } from '../../../main/bridge/contract';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { parseObjVertices, type MeshLibrary } from '../../../workers/physics/mesh';

/** The loaded meshes by asset path, and the mesh assets the host offers. */
export interface AssetState {
  meshes: MeshLibrary;
  /** Mesh assets the object library offers ("meshes/bottle.obj"); null until listed. */
  meshAssets: string[] | null;
  actions: {
    /** Loads every mesh `doc` names that is not loaded yet; rejects naming the asset that failed. */
    ensureMeshes(host: StudioBridge, doc: SceneDoc): Promise<MeshLibrary>;
    /** Loads the mesh at `path` if it is not loaded yet. */
    ensureMesh(host: StudioBridge, path: string): Promise<void>;
    /** Asks the host which mesh assets exist (once). */
    listMeshAssets(host: StudioBridge): Promise<void>;
  };
}

/** Asset paths of the meshes a document uses. */
export function meshPaths(doc: SceneDoc): string[] {
  return [...new Set(doc.bodies.flatMap((b) => (b.shape.type === 'mesh' ? [b.shape.asset] : [])))].sort();
}

/** The asset store. */
export const useAssetStore = create<AssetState>()((set, get) => ({
  meshes: {},
  meshAssets: null,
  actions: {
    async ensureMesh(host, path) {
      if (path in get().meshes) return;
      const bytes = await host.readAsset(path);
      const vertices = parseObjVertices(new TextDecoder().decode(bytes), path);
      set((s) => ({ meshes: { ...s.meshes, [path]: vertices } }));
    },
    async listMeshAssets(host) {
      if (get().meshAssets !== null) return;
      set({ meshAssets: await host.listMeshes() });
    },
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
