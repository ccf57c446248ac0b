/**
 * The exact id pass: every object drawn with an unlit shader that writes
 * (z-depth in metres, instance id, 0, 1) into an RGBA float target with no
 * antialiasing and nearest filtering, so each pixel holds the nearest
 * surface's exact id and its depth along the optical axis at the pixel
 * centre (perspective-correct interpolation of the view-space z, float32).
 * Pixels that see nothing (or only geometry beyond the camera's far plane)
 * stay (0, 0, 0, 0). Translucent materials (opacity < 1) are labeled as
 * opaque: a glass is an object.
 */
import { Color, FloatType, FrontSide, NearestFilter, RGBAFormat, ShaderMaterial, WebGLRenderTarget, type Material, type Mesh, type PerspectiveCamera, type WebGLRenderer } from 'three';
import type { SceneView } from '../scene3d/scene-view';
import type { Rect } from './boxes';

const VERTEX = /* glsl */ `
varying float vDepth;
void main() {
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  vDepth = -mv.z;
  gl_Position = projectionMatrix * mv;
}`;

const FRAGMENT = /* glsl */ `
uniform float uInstance;
varying float vDepth;
void main() {
  gl_FragColor = vec4(vDepth, uInstance, 0.0, 1.0);
}`;

/** Renders label passes of a SceneView; owns its materials and float targets. */
export class LabelPass {
  private readonly materials = new Map<number, ShaderMaterial>();
  private readonly targets = new Map<string, WebGLRenderTarget>();

  constructor(private readonly renderer: WebGLRenderer) {}

  private material(instanceId: number): ShaderMaterial {
    let m = this.materials.get(instanceId);
    if (!m) {
      m = new ShaderMaterial({ vertexShader: VERTEX, fragmentShader: FRAGMENT, uniforms: { uInstance: { value: instanceId } }, side: FrontSide });
      this.materials.set(instanceId, m);
    }
    return m;
  }

  private target(width: number, height: number): WebGLRenderTarget {
    const key = `${width}x${height}`;
    let t = this.targets.get(key);
    if (!t) {
      t = new WebGLRenderTarget(width, height, {
        format: RGBAFormat,
        type: FloatType,
        minFilter: NearestFilter,
        magFilter: NearestFilter,
        depthBuffer: true,
        stencilBuffer: false,
        generateMipmaps: false,
        samples: 0,
      });
      this.targets.set(key, t);
    }
    return t;
  }

  /**
   * Renders the id pass of `view` through `camera` at width x height and
   * reads back `rect` (top-left origin; the whole image by default) as RGBA
   * float32 rows, bottom row first (GL order). With `only`, just the
   * objects of those instance ids are drawn.
   */
  render(view: SceneView, camera: PerspectiveCamera, width: number, height: number, rect?: Rect, only?: ReadonlySet<number>): Float32Array {
    const r = rect ?? { x: 0, y: 0, w: width, h: height };
    const target = this.target(width, height);
    const saved: [Mesh, Material | Material[], boolean][] = [];
    for (const item of view.items.values()) {
      const mesh = item.mesh;
      saved.push([mesh, mesh.material, mesh.visible]);
      mesh.material = this.material(item.instance.instanceId);
      if (only) mesh.visible = only.has(item.instance.instanceId);
    }
    const background = view.scene.background;
    const renderer = this.renderer;
    const clearAlpha = renderer.getClearAlpha();
    const clearColor = renderer.getClearColor(new Color());
    view.scene.background = null;
    renderer.setClearColor(0x000000, 0);
    const glY = height - r.y - r.h;
    target.scissor.set(r.x, glY, r.w, r.h);
    target.scissorTest = r.w !== width || r.h !== height;
    try {
      renderer.setRenderTarget(target);
      renderer.render(view.scene, camera);
      const out = new Float32Array(r.w * r.h * 4);
      renderer.readRenderTargetPixels(target, r.x, glY, r.w, r.h, out);
      return out;
    } finally {
      renderer.setRenderTarget(null);
      view.scene.background = background;
      renderer.setClearColor(clearColor, clearAlpha);
      for (const [mesh, material, visible] of saved) {
        mesh.material = material;
        mesh.visible = visible;
      }
    }
  }

  /** Frees the materials and targets. */
  dispose(): void {
    for (const m of this.materials.values()) m.dispose();
    for (const t of this.targets.values()) t.dispose();
    this.materials.clear();
    this.targets.clear();
  }
}
