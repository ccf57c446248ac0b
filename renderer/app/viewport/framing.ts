/** Where the viewport's camera starts on a newly opened scene, and the floor grid sized to it. */
import { GridHelper } from 'three';
import type { SceneDoc } from '../../../scenes/schema/scene';
import type { SceneExtent } from '../../scene3d/lights';

type Vec3 = [number, number, number];

/** A starting view: camera position and orbit target (metres), vertical field of view (degrees), clip planes. */
export interface CameraStart {
  position: Vec3;
  target: Vec3;
  fovYDeg: number;
  near: number;
  far: number;
  /** Radius of the scene's bounding sphere, metres (at least 0.2). */
  radius: number;
}

/** How far the viewport stands behind a scene camera's position, as a factor of its distance to the target. */
const PULL_BACK = 1.15;

/**
 * From the scene's first fixed camera when it has one (the view its author
 * chose, pulled back a little); otherwise from above and in front of its
 * bounding sphere.
 */
export function cameraStart(doc: SceneDoc | null, extent: SceneExtent | undefined): CameraStart {
  const radius = Math.max(extent?.radius ?? 1, 0.2);
  const [cx, cy, cz] = extent?.center ?? [0, 0, 0];
  const clip = { near: radius / 500, far: radius * 60, radius };
  const fixed = doc?.cameras.find((c) => c.attachTo === undefined);
  if (fixed) {
    const [tx, ty, tz] = fixed.lookAt;
    const [px, py, pz] = fixed.position;
    const position: Vec3 = [tx + (px - tx) * PULL_BACK, ty + (py - ty) * PULL_BACK, tz + (pz - tz) * PULL_BACK];
    return { ...clip, position, target: [tx, ty, tz], fovYDeg: fixed.fovYDeg };
  }
  return { ...clip, position: [cx + 1.25 * radius, cy - 1.7 * radius, cz + 1.15 * radius], target: [cx, cy, cz], fovYDeg: 50 };
}

/** A grid on the floor plane (XY, Z up) covering the scene: 10 cm cells for tabletop scenes, 0.5 m or 1 m for rooms. */
export function floorGrid(radius: number): GridHelper {
  const cell = radius < 2 ? 0.1 : radius < 8 ? 0.5 : 1;
  const divisions = Math.min(200, Math.ceil((2 * radius) / cell / 2) * 2);
  const grid = new GridHelper(divisions * cell, divisions, '#7d8791', '#a9b2bb');
  grid.rotation.x = Math.PI / 2; // GridHelper lies in XZ; the floor is XY.
  grid.position.z = 0.001; // just above a floor whose top is at z = 0
  return grid;
}
