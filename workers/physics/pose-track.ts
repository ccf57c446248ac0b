/**
 * Records the world pose of every moving body at each recorded frame, so a
 * renderer can replay the episode. Row layout per frame: for each id in
 * order, x y z (metres) qx qy qz qw.
 */
import type { PoseTrack } from '../../exporters/episode';
import type { Rapier } from './rapier';
import type { BuiltWorld } from './world';

type RigidBody = ReturnType<InstanceType<Rapier['World']>['createRigidBody']>;

export class PoseTracker {
  private readonly ids: string[];
  private readonly bodies: RigidBody[];
  private data: Float32Array;
  private frames = 0;

  /** `bodies`: [id, body] pairs; ids are scene body ids or robot part ids ("gripper/palm"). */
  constructor(bodies: readonly (readonly [string, RigidBody])[], capacityFrames = 64) {
    this.ids = bodies.map(([id]) => id);
    this.bodies = bodies.map(([, body]) => body);
    this.data = new Float32Array(Math.max(1, capacityFrames) * this.ids.length * 7);
  }

  /** Appends the current poses as one frame. */
  record(): void {
    const stride = this.ids.length * 7;
    if ((this.frames + 1) * stride > this.data.length) {
      const grown = new Float32Array(Math.max(this.data.length * 2, (this.frames + 1) * stride));
      grown.set(this.data);
      this.data = grown;
    }
    let o = this.frames * stride;
    for (const body of this.bodies) {
      const t = body.translation();
      const q = body.rotation();
      this.data[o++] = t.x;
      this.data[o++] = t.y;
      this.data[o++] = t.z;
      this.data[o++] = q.x;
      this.data[o++] = q.y;
      this.data[o++] = q.z;
      this.data[o++] = q.w;
    }
    this.frames++;
  }

  /** The track with exactly `frames` frames (the last recorded frame repeats if fewer were recorded). */
  finish(frames = this.frames): PoseTrack {
    const stride = this.ids.length * 7;
    const data = new Float32Array(frames * stride);
    for (let f = 0; f < frames; f++) {
      const source = Math.min(f, this.frames - 1);
      if (source >= 0) data.set(this.data.subarray(source * stride, (source + 1) * stride), f * stride);
    }
    return { ids: [...this.ids], data };
  }
}

/** The scene's dynamic and kinematic bodies (those that can move), in scene order. */
export function movingBodies(built: BuiltWorld): [string, RigidBody][] {
  return [...built.bodies.values()].filter((b) => b.doc.kind !== 'static').map((b) => [b.doc.id, b.body]);
}
