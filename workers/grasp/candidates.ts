/**
 * Antipodal grasp sampling on the target's collider, as ACRONYM and
 * DexGraspNet do: a uniformly random surface point p1 (entry point of an
 * isotropic random line, which is area-uniform on a convex body), a closing
 * direction drawn inside the friction cone around its inward normal, the
 * second contact p2 where that line leaves the body, kept when p2's normal
 * is also inside the cone. Each pair gets approach directions allowed by
 * the task. Whether the gripper can reach a candidate is checked apart
 * (GripperSweep), lazily, since an episode needs only one.
 */
import type { GraspTask } from '../../scenes/schema/task';
import { cos, sin } from '../../scenes/portable-math';
import type { Rng } from '../../scenes/rng';
import { add, cross, dot, norm, normalize, scale, sub, type Vec3 } from '../physics/math';
import type { Rapier } from '../physics/rapier';
import type { BuiltBody } from '../physics/world';
import { APPROACHES_PER_PAIR, MIN_GRASP_WIDTH, PAD_CLEARANCE, SURFACE_SAMPLES } from './constants';
import { perpendicularBasis, reject, UP } from './frames';
import type { GripperGeometry } from './geometry';
import type { GraspCandidate } from './types';

/** What candidate sampling needs. */
export interface CandidateQuery {
  R: Rapier;
  target: BuiltBody;
  /** Radius of a sphere about the target's origin containing it, metres. */
  boundingRadius: number;
  geometry: GripperGeometry;
  task: GraspTask;
  rng: Rng;
}

/** Candidates and the counts behind them. */
export interface CandidateSet {
  candidates: GraspCandidate[];
  /** Surface points sampled. */
  surfacePoints: number;
  /** Pairs that passed the friction-cone and width tests. */
  antipodalPairs: number;
}

/**
 * Samples antipodal candidates with task-allowed approaches on
 * `query.target` at its current pose (not yet checked for reachability).
 */
export function sampleGraspCandidates(query: CandidateQuery): CandidateSet {
  const { R, target, geometry, task, rng } = query;
  const center = vec(target.body.translation());
  const radius = query.boundingRadius;
  const cosCone = cos((task.frictionConeDeg * Math.PI) / 180);
  const maxWidth = geometry.maxOpening - 2 * PAD_CLEARANCE;
  const result: CandidateSet = { candidates: [], surfacePoints: 0, antipodalPairs: 0 };

  for (let i = 0; i < SURFACE_SAMPLES; i++) {
    // An isotropic random line through the bounding sphere; its entry point is p1.
    const u = unitVector(rng);
    const [e1, e2] = perpendicularBasis(u);
    const rho = radius * Math.sqrt(rng.next());
    const theta = 2 * Math.PI * rng.next();
    const origin = add(add(center, add(scale(e1, rho * cos(theta)), scale(e2, rho * sin(theta)))), scale(u, -2 * radius));
    const first = castOnto(R, target, origin, u, 4 * radius);
    const closingSample = coneDirection(rng, cosCone);
    if (!first) continue;
    result.surfacePoints++;
    const [p1, n1] = first;
    // Closing direction inside the friction cone around the inward normal.
    const [c1, c2] = perpendicularBasis(scale(n1, -1));
    const d = normalize(add(scale(n1, -closingSample[2]), add(scale(c1, closingSample[0]), scale(c2, closingSample[1]))));
    const far = add(p1, scale(d, 2.2 * radius));
    const second = castOnto(R, target, far, scale(d, -1), 2.2 * radius);
    if (!second) continue;
    const [p2, n2] = second;
    const width = norm(sub(p2, p1));
    if (width < MIN_GRASP_WIDTH || width > maxWidth) continue;
    if (dot(n2, d) < cosCone) continue;
    result.antipodalPairs++;
    const mid = scale(add(p1, p2), 0.5);
    for (const { closing, approach } of approachesFor(d, task.approachDirections, rng)) {
      // The pads push along the final closing axis: both normals must stay inside the cone around it.
      if (-dot(n1, closing) < cosCone || dot(n2, closing) < cosCone) continue;
      result.candidates.push({ center: mid, closingAxis: closing, approach, width, contacts: [p1, p2] });
    }
  }
  return result;
}

/**
 * Approach directions perpendicular to a closing direction `d`, as the task
 * allows: 'top' travels along world -Z with the closing axis made
 * horizontal; 'side' travels horizontally (both ways); 'any' draws
 * APPROACHES_PER_PAIR directions uniformly around `d`.
 */
export function approachesFor(d: Vec3, mode: GraspTask['approachDirections'], rng: Rng): { closing: Vec3; approach: Vec3 }[] {
  if (mode === 'top') {
    const horizontal = reject(d, UP);
    if (norm(horizontal) < 1e-6) return [];
    return [{ closing: normalize(horizontal), approach: [0, 0, -1] }];
  }
  if (mode === 'side') {
    const across = cross(d, UP);
    let h: Vec3;
    let closing = d;
    if (norm(across) > 1e-6) {
      h = normalize(across);
    } else {
      const angle = 2 * Math.PI * rng.next();
      h = [cos(angle), sin(angle), 0];
      closing = d[2] > 0 ? UP : [0, 0, -1];
    }
    return [
      { closing, approach: h },
      { closing, approach: scale(h, -1) },
    ];
  }
  const [e1, e2] = perpendicularBasis(d);
  const out: { closing: Vec3; approach: Vec3 }[] = [];
  const offset = 2 * Math.PI * rng.next();
  for (let k = 0; k < APPROACHES_PER_PAIR; k++) {
    const angle = offset + (2 * Math.PI * k) / APPROACHES_PER_PAIR;
    out.push({ closing: d, approach: add(scale(e1, cos(angle)), scale(e2, sin(angle))) });
  }
  return out;
}

/** Uniform unit vector. */
function unitVector(rng: Rng): Vec3 {
  const z = 2 * rng.next() - 1;
  const phi = 2 * Math.PI * rng.next();
  const r = Math.sqrt(Math.max(0, 1 - z * z));
  return [r * cos(phi), r * sin(phi), z];
}

/** A direction uniform in solid angle within the cone cos(angle) >= cosCone around local +Z. */
function coneDirection(rng: Rng, cosCone: number): Vec3 {
  const c = 1 - rng.next() * (1 - cosCone);
  const s = Math.sqrt(Math.max(0, 1 - c * c));
  const phi = 2 * Math.PI * rng.next();
  return [s * cos(phi), s * sin(phi), c];
}

/** First hit of a ray on the target's collider from outside: point and outward unit normal. */
function castOnto(R: Rapier, target: BuiltBody, origin: Vec3, dir: Vec3, maxToi: number): [Vec3, Vec3] | undefined {
  const ray = new R.Ray({ x: origin[0], y: origin[1], z: origin[2] }, { x: dir[0], y: dir[1], z: dir[2] });
  const hit = target.collider.castRayAndGetNormal(ray, maxToi, true);
  if (!hit || hit.timeOfImpact <= 0) return undefined;
  return [add(origin, scale(dir, hit.timeOfImpact)), normalize(vec(hit.normal))];
}

function vec(v: { x: number; y: number; z: number }): Vec3 {
  return [v.x, v.y, v.z];
}
