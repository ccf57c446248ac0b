/**
 * Bench page: builds the SceneView of a scene document (home poses) and
 * exports it as a binary glTF with one camera and the punctual lights, for
 * rendering the same scene in Blender. Ambient lights have no glTF form; their
 * summed intensity and the background colour go in the scene's extras.
 */
import { AmbientLight, DirectionalLight, SpotLight, type Object3D } from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { BACKGROUND_COLOR, SceneView } from '../../../renderer/scene3d/scene-view';

/** Exports `doc` seen by camera `cameraId` as a .glb, base64. */
async function exportGlb(doc: SceneDoc, meshes: Record<string, number[]>, cameraId: string): Promise<string> {
  const view = new SceneView(doc, Object.fromEntries(Object.entries(meshes).map(([k, v]) => [k, new Float32Array(v)])));
  const model = view.cameraModel(cameraId);
  const camera = view.perspectiveCamera(model);
  camera.name = cameraId;
  view.scene.add(camera);
  let ambient = 0;
  const lights: Object3D[] = [];
  view.scene.traverse((o) => {
    if (o instanceof AmbientLight || o instanceof DirectionalLight || o instanceof SpotLight) lights.push(o);
  });
  for (const light of lights) {
    if (light instanceof AmbientLight) {
      ambient += light.intensity;
      light.removeFromParent();
    } else if (light instanceof DirectionalLight || light instanceof SpotLight) {
      // glTF lights shine down their -Z: aim the light, then hang the target on it at (0, 0, -1).
      const target = light.target.getWorldPosition(light.target.position.clone());
      light.lookAt(target);
      light.add(light.target);
      light.target.position.set(0, 0, -1);
    }
  }
  view.scene.userData = { ambient, background: BACKGROUND_COLOR, fovYDeg: model.fovYDeg, width: model.width, height: model.height };
  view.scene.updateMatrixWorld(true);
  const glb = (await new GLTFExporter().parseAsync(view.scene, { binary: true })) as ArrayBuffer;
  view.dispose();
  const bytes = new Uint8Array(glb);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

(window as unknown as { exportGlb: typeof exportGlb }).exportGlb = exportGlb;
document.title = 'ready';
