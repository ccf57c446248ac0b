/** Rigid frames on plain tuples: poses, bases, conversions. Quaternions are {x, y, z, w}. */
import { acos } from '../../scenes/portable-math';
import { add, conjugate, cross, dot, norm, normalize, rotate, scale, sub, type Quat, type Vec3 } from '../physics/math';

/** A rigid pose: position in metres, orientation as a unit quaternion. */
export interface Pose {
  p: Vec3;
  q: Quat;
}

/** World up (unit Z). */
export const UP: Vec3 = [0, 0, 1];

/** Quaternion of the rotation whose matrix has columns x, y, z (orthonormal, right-handed), with w >= 0. */
export function quatFromAxes(x: Vec3, y: Vec3, z: Vec3): Quat {
  const [m00, m10, m20] = x;
  const [m01, m11, m21] = y;
  const [m02, m12, m22] = z;
  const trace = m00 + m11 + m22;
  let q: Quat;
  if (trace > 0) {
    const s = 0.5 / Math.sqrt(trace + 1);
    q = { w: 0.25 / s, x: (m21 - m12) * s, y: (m02 - m20) * s, z: (m10 - m01) * s };
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    q = { w: (m21 - m12) / s, x: 0.25 * s, y: (m01 + m10) / s, z: (m02 + m20) / s };
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    q = { w: (m02 - m20) / s, x: (m01 + m10) / s, y: 0.25 * s, z: (m12 + m21) / s };
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    q = { w: (m10 - m01) / s, x: (m02 + m20) / s, y: (m12 + m21) / s, z: 0.25 * s };
  }
  const n = Math.hypot(q.x, q.y, q.z, q.w);
  const sign = q.w < 0 ? -1 : 1;
  return { x: (sign * q.x) / n, y: (sign * q.y) / n, z: (sign * q.z) / n, w: (sign * q.w) / n };
}

/** A point given in `pose`'s frame, in world coordinates. */
export function toWorld(pose: Pose, local: Vec3): Vec3 {
  return add(pose.p, rotate(pose.q, local));
}

/** A world point in `pose`'s frame. */
export function toLocal(pose: Pose, point: Vec3): Vec3 {
  return rotate(conjugate(pose.q), sub(point, pose.p));
}

/** Angle between two non-zero vectors, radians. */
export function angleBetween(a: Vec3, b: Vec3): number {
  const c = dot(a, b) / (norm(a) * norm(b));
  return acos(Math.min(1, Math.max(-1, c)));
}

/** Two unit vectors that complete unit `n` to a right-handed orthonormal basis (e1, e2, n). */
export function perpendicularBasis(n: Vec3): [Vec3, Vec3] {
  const helper: Vec3 = Math.abs(n[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  const e1 = normalize(cross(helper, n));
  return [e1, cross(n, e1)];
}

/** `v` with its component along unit `axis` removed. */
export function reject(v: Vec3, axis: Vec3): Vec3 {
  return sub(v, scale(axis, dot(v, axis)));
}
