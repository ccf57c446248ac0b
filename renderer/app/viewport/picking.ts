/** Between the screen and the 3D scene: which object is under the pointer, and where a world point is drawn. */
import { Box3, Raycaster, Vector2, Vector3, type Camera } from 'three';
import type { SceneView } from '../../scene3d';

/** A point in client (CSS pixel) coordinates. */
export interface ClientPoint {
  x: number;
  y: number;
}

/** The body or robot id (robot parts map to their robot) drawn at a client position, or null. */
export function pickInstance(view: SceneView, camera: Camera, canvas: HTMLCanvasElement, clientX: number, clientY: number): string | null {
  const rect = canvas.getBoundingClientRect();
  const ndc = new Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
  const ray = new Raycaster();
  ray.setFromCamera(ndc, camera);
  const hit = ray.intersectObjects([...view.items.values()].map((i) => i.mesh), false)[0];
  const id = hit ? (hit.object.userData as { id?: string }).id : undefined;
  return id === undefined ? null : (view.items.get(id)?.instance.id ?? null);
}

/** Client coordinates of a world point (metres). */
export function projectToClient(point: readonly [number, number, number], camera: Camera, canvas: HTMLCanvasElement): ClientPoint {
  const p = new Vector3(...point).project(camera);
  const rect = canvas.getBoundingClientRect();
  return { x: rect.left + ((p.x + 1) / 2) * rect.width, y: rect.top + ((1 - p.y) / 2) * rect.height };
}

/** Client coordinates of the centre of an instance's box (first part of a robot), or null when it is not drawn. */
export function instanceScreenPoint(view: SceneView, camera: Camera, canvas: HTMLCanvasElement, id: string): ClientPoint | null {
  const item = [...view.items.values()].find((i) => i.instance.id === id);
  if (!item) return null;
  const centre = new Box3().setFromObject(item.mesh).getCenter(new Vector3());
  return projectToClient([centre.x, centre.y, centre.z], camera, canvas);
}
