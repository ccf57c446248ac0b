/** Small rigid-body math on plain tuples. Quaternions are {x, y, z, w}. */
import { cos, sin } from '../../scenes/portable-math';

export type Vec3 = [number, number, number];
export interface Quat {
  x: number;
  y: number;
  z: number;
  w: number;
}

const DEG = Math.PI / 180;

/** Quaternion of an axis-angle rotation (axis unit length, angle in radians). */
export function quatFromAxisAngle(axis: Vec3, angle: number): Quat {
  const s = sin(angle / 2);
  return { x: axis[0] * s, y: axis[1] * s, z: axis[2] * s, w: cos(angle / 2) };
}

/** a * b: rotate by b, then by a. */
export function quatMultiply(a: Quat, b: Quat): Quat {
  return {
    w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
    x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
    y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
    z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
  };
}

/** Intrinsic X-Y-Z Euler angles in degrees (the scene's rotation) to a quaternion. */
export function quatFromEulerDeg(rotation: readonly [number, number, number]): Quat {
  const qx = quatFromAxisAngle([1, 0, 0], rotation[0] * DEG);
  const qy = quatFromAxisAngle([0, 1, 0], rotation[1] * DEG);
  const qz = quatFromAxisAngle([0, 0, 1], rotation[2] * DEG);
  return quatMultiply(quatMultiply(qx, qy), qz);
}

/** Rotates vector v by unit quaternion q. */
export function rotate(q: Quat, v: Vec3): Vec3 {
  const [vx, vy, vz] = v;
  const tx = 2 * (q.y * vz - q.z * vy);
  const ty = 2 * (q.z * vx - q.x * vz);
  const tz = 2 * (q.x * vy - q.y * vx);
  return [
    vx + q.w * tx + (q.y * tz - q.z * ty),
    vy + q.w * ty + (q.z * tx - q.x * tz),
    vz + q.w * tz + (q.x * ty - q.y * tx),
  ];
}

export function conjugate(q: Quat): Quat {
  return { x: -q.x, y: -q.y, z: -q.z, w: q.w };
}

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
export const normalize = (a: Vec3): Vec3 => scale(a, 1 / (norm(a) || 1));
