/** Contact readings of the gripper: per-finger normal force and contact point, and collisions. */
import type { Vec3 } from '../physics/math';
import type { Rapier } from '../physics/rapier';
import { toLocal, toWorld, type Pose } from './frames';
import type { Finger } from './gripper';

type World = InstanceType<Rapier['World']>;
type Collider = ReturnType<World['createCollider']>;

/** What one finger feels. */
export interface FingerReading {
  /** Total normal force on the finger, newtons. */
  force: number;
  /** Force-weighted contact point in the palm frame, metres; zeros without contact. */
  point: Vec3;
  /** Whether the finger touches the target. */
  touchesTarget: boolean;
  /** Normal force from the target alone, newtons. */
  targetForce: number;
  /** Handles of every collider the finger touches, in the order Rapier reports them. */
  touching: number[];
}

/** Reads the finger's contacts after a step of `dt` seconds. */
export function readFinger(world: World, finger: Finger, palm: Pose, dt: number, targetHandle: number): FingerReading {
  const t = finger.body.translation();
  const r = finger.body.rotation();
  const fingerPose: Pose = { p: [t.x, t.y, t.z], q: r };
  let impulse = 0;
  let targetImpulse = 0;
  let touchesTarget = false;
  let sx = 0;
  let sy = 0;
  let sz = 0;
  let count = 0;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  const touching: number[] = [];
  world.contactPairsWith(finger.collider, (other) => {
    world.contactPair(finger.collider, other, (manifold, flipped) => {
      const n = manifold.numContacts();
      for (let i = 0; i < n; i++) {
        const j = manifold.contactImpulse(i);
        if (j <= 0 && manifold.contactDist(i) > 0) continue;
        const local = flipped ? manifold.localContactPoint2(i) : manifold.localContactPoint1(i);
        if (!local) continue;
        const [wx, wy, wz] = toWorld(fingerPose, [local.x, local.y, local.z]);
        if (!touching.includes(other.handle)) touching.push(other.handle);
        if (other.handle === targetHandle) {
          touchesTarget = true;
          targetImpulse += j;
        }
        impulse += j;
        sx += j * wx;
        sy += j * wy;
        sz += j * wz;
        count++;
        cx += wx;
        cy += wy;
        cz += wz;
      }
    });
  });
  if (count === 0) return { force: 0, point: [0, 0, 0], touchesTarget: false, targetForce: 0, touching };
  const world3: Vec3 = impulse > 0 ? [sx / impulse, sy / impulse, sz / impulse] : [cx / count, cy / count, cz / count];
  return { force: impulse / dt, point: toLocal(palm, world3), touchesTarget, targetForce: targetImpulse / dt, touching };
}

/** A contact of a gripper part with something else. */
export interface Collision {
  part: 'palm' | 'left finger' | 'right finger';
  /** Collider handle of what was hit. */
  other: number;
  /** Deepest penetration, metres (0 when the solver kept the bodies apart). */
  depth: number;
  /** Normal force of the contact during the last step, newtons. */
  force: number;
}

/**
 * The strongest contact of the palm or fingers with anything, if any: a
 * contact that pushed (positive impulse) or penetrates. Contact distances
 * are computed before the solver moves the bodies, so a pushed object can
 * show a small gap; its impulse still tells the hit.
 */
export function gripperCollision(world: World, parts: readonly [Collider, Collider, Collider], dt: number): Collision | undefined {
  let found: Collision | undefined;
  const names = ['palm', 'left finger', 'right finger'] as const;
  parts.forEach((collider, k) => {
    world.contactPairsWith(collider, (other) => {
      let depth = 0;
      let impulse = 0;
      let hit = false;
      world.contactPair(collider, other, (manifold) => {
        const n = manifold.numContacts();
        for (let i = 0; i < n; i++) {
          const dist = manifold.contactDist(i);
          const j = manifold.contactImpulse(i);
          if (dist >= 0 && j <= 0) continue;
          hit = true;
          depth = Math.max(depth, -dist);
          impulse += Math.max(0, j);
        }
      });
      if (hit && (!found || impulse / dt > found.force || (found.force === 0 && depth > found.depth))) {
        found = { part: names[k] as Collision['part'], other: other.handle, depth, force: impulse / dt };
      }
    });
  });
  return found;
}
