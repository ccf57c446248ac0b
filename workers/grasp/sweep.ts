/**
 * Reachability check of the open gripper for one candidate: at the
 * pre-grasp pose it must not overlap anything (a robot cannot start inside
 * an object), and on its straight way in to the grasp pose it must keep
 * clear of a chosen set of colliders (the fixed scene and the target). Other
 * loose objects on the path are not avoided: hitting them is what the
 * simulation labels 'collision_on_approach', as in object-centric grasp
 * datasets (ACRONYM samples grasps on the object alone).
 */
import type { Quat, Vec3 } from '../physics/math';
import type { Rapier } from '../physics/rapier';
import { SWEEP_MARGIN } from './constants';
import { toWorld, type Pose } from './frames';
import { fingerCenter, graspPalmPose, type GripperGeometry } from './geometry';
import type { GraspCandidate } from './types';

type World = InstanceType<Rapier['World']>;
type Shape = InstanceType<Rapier['Cuboid']>;

/** Casts the open gripper's palm and fingers along candidate approaches. */
export class GripperSweep {
  private readonly parts: { shape: Shape; center: Vec3 }[];
  private readonly predicate: (collider: { handle: number }) => boolean;

  /**
   * @param home home orientation of the palm (picks which finger goes to which side)
   * @param approachDistance pre-grasp stand-off, metres
   * @param obstacles handles of the colliders the open gripper must keep clear of on its way in
   */
  constructor(
    R: Rapier,
    private readonly world: World,
    private readonly g: GripperGeometry,
    private readonly home: Quat,
    private readonly approachDistance: number,
    obstacles: ReadonlySet<number>,
  ) {
    const half = g.maxOpening / 2;
    this.parts = [
      { shape: new R.Cuboid(...g.palmHalf), center: [0, 0, 0] },
      { shape: new R.Cuboid(...g.fingerHalf), center: fingerCenter(g, 1, half) },
      { shape: new R.Cuboid(...g.fingerHalf), center: fingerCenter(g, -1, half) },
    ];
    this.predicate = (collider) => obstacles.has(collider.handle);
  }

  /** Whether the gripper can start at `candidate`'s pre-grasp pose and travel in to it. */
  reaches(candidate: GraspCandidate): boolean {
    return this.isFree(graspPalmPose(this.g, candidate, this.home), candidate.approach, this.approachDistance);
  }

  /**
   * Whether the open gripper fits at the pre-grasp pose (`distance` metres
   * back along unit `approach`) and can travel from there to `grasp`
   * keeping SWEEP_MARGIN from every obstacle.
   */
  isFree(grasp: Pose, approach: Vec3, distance: number): boolean {
    const velocity = { x: approach[0], y: approach[1], z: approach[2] };
    const starts = this.parts.map((part) => {
      const end = toWorld(grasp, part.center);
      return { x: end[0] - approach[0] * distance, y: end[1] - approach[1] * distance, z: end[2] - approach[2] * distance };
    });
    for (let k = 0; k < this.parts.length; k++) {
      const part = this.parts[k]!;
      if (this.world.intersectionWithShape(starts[k]!, grasp.q, part.shape)) return false;
      const hit = this.world.castShape(starts[k]!, grasp.q, velocity, part.shape, SWEEP_MARGIN, distance, true, undefined, undefined, undefined, undefined, this.predicate);
      if (hit) return false;
    }
    return true;
  }
}
