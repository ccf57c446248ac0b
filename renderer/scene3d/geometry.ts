/**
 * Render geometry of scene shapes, in the body frame (metres, Z up):
 * boxes as given, cylinders and capsules along local Z (as the physics
 * colliders), spheres with their poles on Z, meshes as the convex hull of
 * their scaled OBJ vertices (the physics collider).
 */
import { BoxGeometry, BufferAttribute, BufferGeometry, CapsuleGeometry, CylinderGeometry, SphereGeometry, Vector3 } from 'three';
import { ConvexGeometry } from 'three/addons/geometries/ConvexGeometry.js';
import type { Shape } from '../../scenes/schema/bodies';
import type { Vec3 } from '../../workers/physics/math';
import type { MeshLibrary } from '../../workers/physics/mesh';

/** Segments around curved shapes: the polygon's radial error is r(1 - cos(pi / n)), 0.1% of r at 64. */
export const RADIAL_SEGMENTS = 64;

/** An axis-aligned box in the body frame: centre and full extents, metres. */
export interface LocalBox {
  center: Vec3;
  size: Vec3;
}

function scaledVertices(shape: Extract<Shape, { type: 'mesh' }>, meshes: MeshLibrary): Float32Array {
  const vertices = meshes[shape.asset];
  if (!vertices) throw new Error(`mesh asset "${shape.asset}" was not loaded`);
  const out = new Float32Array(vertices.length);
  for (let i = 0; i < vertices.length; i++) out[i] = (vertices[i] as number) * (shape.scale[i % 3] as number);
  return out;
}

/** The geometry of `shape` in its body frame. */
export function shapeGeometry(shape: Shape, meshes: MeshLibrary): BufferGeometry {
  switch (shape.type) {
    case 'box':
      return new BoxGeometry(shape.size[0], shape.size[1], shape.size[2]);
    case 'sphere':
      return new SphereGeometry(shape.radius, RADIAL_SEGMENTS, RADIAL_SEGMENTS / 2).rotateX(Math.PI / 2);
    case 'cylinder':
      return new CylinderGeometry(shape.radius, shape.radius, shape.height, RADIAL_SEGMENTS).rotateX(Math.PI / 2);
    case 'capsule':
      return new CapsuleGeometry(shape.radius, shape.height, RADIAL_SEGMENTS / 4, RADIAL_SEGMENTS).rotateX(Math.PI / 2);
    case 'mesh': {
      const v = scaledVertices(shape, meshes);
      const points: Vector3[] = [];
      for (let i = 0; i + 2 < v.length; i += 3) points.push(new Vector3(v[i], v[i + 1], v[i + 2]));
      return new ConvexGeometry(points);
    }
  }
}

/** The tight axis-aligned box of `shape` in its body frame (the oriented box of the body in the world). */
export function shapeLocalBox(shape: Shape, meshes: MeshLibrary): LocalBox {
  switch (shape.type) {
    case 'box':
      return { center: [0, 0, 0], size: [...shape.size] };
    case 'sphere':
      return { center: [0, 0, 0], size: [2 * shape.radius, 2 * shape.radius, 2 * shape.radius] };
    case 'cylinder':
      return { center: [0, 0, 0], size: [2 * shape.radius, 2 * shape.radius, shape.height] };
    case 'capsule':
      return { center: [0, 0, 0], size: [2 * shape.radius, 2 * shape.radius, shape.height + 2 * shape.radius] };
    case 'mesh': {
      const v = scaledVertices(shape, meshes);
      const lo: Vec3 = [Infinity, Infinity, Infinity];
      const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i + 2 < v.length; i += 3) {
        for (let k = 0; k < 3; k++) {
          lo[k] = Math.min(lo[k] as number, v[i + k] as number);
          hi[k] = Math.max(hi[k] as number, v[i + k] as number);
        }
      }
      return { center: [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2], size: [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]] };
    }
  }
}

/**
 * Replaces the UVs with a box projection in metres x `repeatsPerMetre`:
 * each triangle is projected along the axis its normal is closest to, so
 * a pattern tile spans 1 / repeatsPerMetre metres on every face. Returns a
 * non-indexed copy; the input is left as is.
 */
export function metricUVs(geometry: BufferGeometry, repeatsPerMetre: number): BufferGeometry {
  const out = geometry.index ? geometry.toNonIndexed() : geometry.clone();
  const pos = out.getAttribute('position');
  const uv = new Float32Array(pos.count * 2);
  const a = new Vector3();
  const b = new Vector3();
  const c = new Vector3();
  for (let t = 0; t + 2 < pos.count; t += 3) {
    a.fromBufferAttribute(pos, t);
    b.fromBufferAttribute(pos, t + 1);
    c.fromBufferAttribute(pos, t + 2);
    const n = b.clone().sub(a).cross(c.clone().sub(a));
    const ax = Math.abs(n.x);
    const ay = Math.abs(n.y);
    const az = Math.abs(n.z);
    for (let k = 0; k < 3; k++) {
      const p = k === 0 ? a : k === 1 ? b : c;
      const [s, r] = az >= ax && az >= ay ? [p.x, p.y] : ax >= ay ? [p.y, p.z] : [p.x, p.z];
      uv[(t + k) * 2] = s * repeatsPerMetre;
      uv[(t + k) * 2 + 1] = r * repeatsPerMetre;
    }
  }
  out.setAttribute('uv', new BufferAttribute(uv, 2));
  return out;
}
