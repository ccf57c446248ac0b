/**
 * Visual materials as three.js MeshStandardMaterials (sRGB colours,
 * roughness, metalness, opacity), with procedural or asset textures.
 * Procedural patterns repeat `scale` times per metre on every face (the
 * geometry carries metric UVs, see metricUVs); asset images span each face.
 */
import { Color, MeshStandardMaterial, type Texture } from 'three';
import type { VisualMaterial } from '../../scenes/schema/bodies';
import { imageTexture, proceduralTexture, type TextureLibrary } from './textures';

/** Creates materials and the textures they use, sharing equal ones; dispose() frees them all. */
export class MaterialCache {
  private readonly materials = new Map<string, MeshStandardMaterial>();
  private readonly textures = new Map<string, Texture>();

  constructor(private readonly library: TextureLibrary = {}) {}

  /** The material of `visual` (shared between equal visuals). */
  material(visual: VisualMaterial): MeshStandardMaterial {
    const key = JSON.stringify(visual);
    let made = this.materials.get(key);
    if (!made) {
      made = new MeshStandardMaterial({
        color: new Color(visual.color),
        roughness: visual.roughness,
        metalness: visual.metalness,
        opacity: visual.opacity,
        transparent: visual.opacity < 1,
        depthWrite: visual.opacity >= 1,
      });
      const texture = visual.texture;
      if (texture?.type === 'procedural') {
        made.color.set(0xffffff); // the tile carries both colours
        made.map = this.texture(`p:${texture.pattern}:${visual.color}:${texture.color2}`, () =>
          proceduralTexture(texture.pattern, visual.color, texture.color2),
        );
      } else if (texture?.type === 'asset') {
        const image = this.library[texture.path];
        if (!image) throw new Error(`texture asset "${texture.path}" was not loaded`);
        made.map = this.texture(`a:${texture.path}`, () => imageTexture(image));
      }
      this.materials.set(key, made);
    }
    return made;
  }

  private texture(key: string, make: () => Texture): Texture {
    let t = this.textures.get(key);
    if (!t) {
      t = make();
      this.textures.set(key, t);
    }
    return t;
  }

  /** Frees every material and texture made here. */
  dispose(): void {
    for (const m of this.materials.values()) m.dispose();
    for (const t of this.textures.values()) t.dispose();
    this.materials.clear();
    this.textures.clear();
  }
}
