/**
 * The pinhole model of a scene camera, in float64, without three.js.
 *
 * Conventions (OpenCV): the camera frame has x right, y down, z forward
 * (the optical axis). Extrinsics map world to camera: p_cam = R p_world + t.
 * Pixel coordinates are continuous, (0, 0) at the top-left corner of the
 * image and the centre of pixel (column c, row r) at (c + 0.5, r + 0.5);
 * fx = fy = (height / 2) / tan(fovY / 2), cx = width / 2, cy = height / 2.
 * (Tools that put pixel centres on integers subtract 0.5 from u and v.)
 *
 * Orientation: the optical axis runs from `position` to `lookAt`; image up
 * is the frame's +Z projected on the image plane (+Y when looking straight
 * along Z), then turned by `rollDeg`, right-handed about the optical axis.
 * With `attachTo`, position and lookAt are in the robot's mount frame (the
 * body frame of its palm or base part) and "+Z" is that frame's +Z.
 */
import type { Camera } from '../../scenes/schema/sensors';
import { cross, dot, normalize, rotate, sub, type Quat, type Vec3 } from '../../workers/physics/math';

/** A rigid pose: position in metres, unit quaternion. */
export interface RigidPose {
  p: Vec3;
  q: Quat;
}

/** A camera placed in the world. */
export interface CameraModel {
  id: string;
  /** Pixels. */
  width: number;
  height: number;
  /** Focal lengths and principal point, pixels. */
  fx: number;
  fy: number;
  cx: number;
  cy: number;
  /** Clip distances, metres. */
  near: number;
  far: number;
  /** Vertical field of view, degrees. */
  fovYDeg: number;
  /** Optical centre in the world, metres. */
  position: Vec3;
  /** World directions of the camera axes: right (x), down (y), forward (z); the rows of R. */
  axes: [Vec3, Vec3, Vec3];
}

const DEG = Math.PI / 180;

/** Camera axes [right, down, forward] in the frame where position and lookAt are given. */
export function cameraAxes(position: Vec3, lookAt: Vec3, rollDeg: number): [Vec3, Vec3, Vec3] {
  const forward = normalize(sub(lookAt, position));
  if (Math.hypot(...forward) === 0) throw new Error(`camera lookAt ${JSON.stringify(lookAt)} equals its position`);
  let right = cross(forward, [0, 0, 1]);
  if (Math.hypot(...right) < 1e-9) right = cross(forward, [0, 1, 0]);
  right = normalize(right);
  const down = cross(forward, right);
  const c = Math.cos(rollDeg * DEG);
  const s = Math.sin(rollDeg * DEG);
  const r: Vec3 = [c * right[0] + s * down[0], c * right[1] + s * down[1], c * right[2] + s * down[2]];
  const d: Vec3 = [-s * right[0] + c * down[0], -s * right[1] + c * down[1], -s * right[2] + c * down[2]];
  return [r, d, forward];
}

/** Places `camera` in the world; `mount` is the world pose of the frame it is attached to (identity when not attached). */
export function cameraModel(camera: Camera, mount?: RigidPose): CameraModel {
  const local = cameraAxes(camera.position, camera.lookAt, camera.rollDeg);
  const toWorld = (v: Vec3): Vec3 => (mount ? rotate(mount.q, v) : v);
  const position: Vec3 = mount ? addVec(mount.p, rotate(mount.q, camera.position)) : [...camera.position];
  const f = camera.height / 2 / Math.tan((camera.fovYDeg * DEG) / 2);
  return {
    id: camera.id,
    width: camera.width,
    height: camera.height,
    fx: f,
    fy: f,
    cx: camera.width / 2,
    cy: camera.height / 2,
    near: camera.near,
    far: camera.far,
    fovYDeg: camera.fovYDeg,
    position,
    axes: [toWorld(local[0]), toWorld(local[1]), toWorld(local[2])],
  };
}

function addVec(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** K, row-major 3x3: [fx 0 cx; 0 fy cy; 0 0 1] (pixels). */
export function intrinsicsMatrix(m: CameraModel): number[] {
  return [m.fx, 0, m.cx, 0, m.fy, m.cy, 0, 0, 1];
}

/** World -> camera (OpenCV axes), row-major 4x4 [R t; 0 0 0 1], metres. */
export function extrinsicsMatrix(m: CameraModel): number[] {
  const [x, y, z] = m.axes;
  const t = [-dot(x, m.position), -dot(y, m.position), -dot(z, m.position)];
  return [...x, t[0] as number, ...y, t[1] as number, ...z, t[2] as number, 0, 0, 0, 1];
}

/** A world point in the camera frame (x right, y down, z forward), metres. */
export function worldToCamera(m: CameraModel, p: Vec3): Vec3 {
  const d = sub(p, m.position);
  return [dot(m.axes[0], d), dot(m.axes[1], d), dot(m.axes[2], d)];
}

/** [u, v, z]: pixel coordinates and depth along the optical axis (metres); u and v are NaN when z <= 0. */
export function projectPoint(m: CameraModel, p: Vec3): Vec3 {
  const [x, y, z] = worldToCamera(m, p);
  if (z <= 0) return [Number.NaN, Number.NaN, z];
  return [m.cx + (m.fx * x) / z, m.cy + (m.fy * y) / z, z];
}
